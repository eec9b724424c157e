// The real app over the test database, as the server builds it (without listening).
import type { Express } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { createApp, type AppOptions } from '../../src/app.js';
import type { KeyedConfig } from '../../src/config.js';
import { createStores } from '../../src/db/stores.js';
import { PostgresSearchEngine } from '../../src/search/postgres/postgres-engine.js';
import { createServices, type Services } from '../../src/services/index.js';
import { testConfig } from './config.js';

/** The services over the test database, as the server builds them, with the Postgres search engine. */
export function buildServices(dataSource: DataSource, config: KeyedConfig = testConfig()): Services {
  const engine = new PostgresSearchEngine(dataSource);
  return createServices({
    stores: createStores(dataSource),
    searchEngine: () => engine,
    engines: [engine],
    config,
  });
}

export function buildApp(
  dataSource: DataSource,
  config: KeyedConfig = testConfig(),
  options?: AppOptions,
): Express {
  return createApp(buildServices(dataSource, config), options);
}

/** Serves the app on a free loopback port: the server, to close, and its address. */
export async function serve(app: Express): Promise<{ server: Server; base: string }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
