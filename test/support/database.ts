// One real Postgres for the whole test run: embedded under .test-data, or TEST_DATABASE_URL if given.
import path from 'node:path';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { BATCH_CONNECT_TIMEOUT_MS, openDatabase } from '../../src/db/data-source.js';
import { JOB_SCHEMA } from '../../src/jobs/job-queue.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded-postgres.js';
import { syncVocabulary } from '../../src/db/vocabulary-store.js';
import { logger } from '../../src/logger.js';

logger.level = process.env.TEST_LOG_LEVEL ?? 'silent';

let embedded: EmbeddedDatabase | null = null;
let dataSource: DataSource | null = null;
let url: string | null = null;

export const TEST_DATA_DIR =
  process.env.TEST_DATA_DIR ?? path.resolve(import.meta.dirname, '../../.test-data');
const PORT = Number(process.env.TEST_PG_PORT ?? 54339);

export async function testDatabaseUrl(): Promise<string> {
  if (url) return url;
  if (process.env.TEST_DATABASE_URL) url = process.env.TEST_DATABASE_URL;
  else {
    embedded = await startEmbeddedPostgres(TEST_DATA_DIR, PORT);
    url = embedded.url;
  }
  // Every run starts from an empty schema, migrated from scratch, and no job queue (installed on first use).
  const client = new pg.Client(url);
  await client.connect();
  await client.query(
    `DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public; DROP SCHEMA IF EXISTS ${JOB_SCHEMA} CASCADE;`,
  );
  await client.end();
  return url;
}

export async function testDatabase(): Promise<DataSource> {
  if (dataSource) return dataSource;
  // The tests' own work (an import of thousands of activities) runs in this process: wait as commands do.
  dataSource = await openDatabase(await testDatabaseUrl(), 10, {
    connectTimeoutMs: BATCH_CONNECT_TIMEOUT_MS,
  });
  await syncVocabulary(dataSource);
  return dataSource;
}

const DATA_TABLES = [
  'search_outbox',
  'session_occurrence',
  'schedule_cancellation',
  'schedule',
  'service_area',
  'cost_option',
  'phone',
  'contact',
  'attribute',
  'service_at_location',
  'accessibility',
  'address',
  'location',
  'service',
  'organization',
  'place',
  'directory_metadata',
  'search_gap',
  'search_word',
];

/** Empties every listing table (the vocabulary stays). */
export async function resetData(db: DataSource): Promise<void> {
  await db.query(`TRUNCATE ${DATA_TABLES.join(', ')} CASCADE`);
  await db.query(
    `DELETE FROM taxonomy_term WHERE taxonomy_id IS NULL OR taxonomy_id NOT IN (SELECT id FROM taxonomy WHERE name IN ('Needs', 'Activity types', 'Suitability'))`,
  );
  // Taxonomies an import brought with it go too: the next test must see only the vocabulary's.
  await db.query(`DELETE FROM taxonomy WHERE name NOT IN ('Needs', 'Activity types', 'Suitability')`);
  await syncVocabulary(db);
}

/** Removes the job queue (its schema, every job and schedule); stop every queue over it first. */
export async function resetJobQueue(db: DataSource): Promise<void> {
  await db.query(`DROP SCHEMA IF EXISTS ${JOB_SCHEMA} CASCADE`);
}

export async function stopTestDatabase(): Promise<void> {
  if (dataSource?.isInitialized) await dataSource.destroy();
  dataSource = null;
  await embedded?.stop();
  embedded = null;
  url = null;
}
