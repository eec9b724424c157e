// The real app over the test database, as the server builds it (without listening).
import type { Express } from 'express';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.js';
import { PostgresSearchEngine } from '../../src/search/postgres/postgres-engine.js';
import { createServices } from '../../src/services/index.js';

export function buildApp(dataSource: DataSource): Express {
  const engine = new PostgresSearchEngine(dataSource);
  return createApp(createServices({ dataSource, searchEngine: () => engine, engines: [engine] }));
}
