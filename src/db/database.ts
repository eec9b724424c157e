// Opens the directory's database: the configured Postgres, or an embedded one; migrated and ready.
import type { DataSource } from 'typeorm';
import type { Config } from '../config.js';
import { BATCH_CONNECT_TIMEOUT_MS, openDatabase, REQUEST_CONNECT_TIMEOUT_MS } from './data-source.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { createStores, type Stores } from './stores.js';
import { syncVocabulary } from './vocabulary-store.js';

export interface Database {
  dataSource: DataSource;
  /** Every store over the data source: what services, importers, jobs and commands are given. */
  stores: Stores;
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * `server`: the web server alone owns the embedded database it starts (a second server on the same data is
 * refused), and its requests fail fast when the database is down. Commands share a running embedded database
 * and wait longer for a connection.
 */
export async function connectDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'embeddedPostgresPort'>,
  poolSize?: number,
  options: { server?: boolean } = {},
): Promise<Database> {
  const embedded = config.databaseUrl
    ? null
    : await startEmbeddedPostgres(config.dataDir, config.embeddedPostgresPort, { exclusive: options.server });
  const url = config.databaseUrl ?? embedded!.url;
  try {
    const dataSource = await openDatabase(url, poolSize, {
      connectTimeoutMs: options.server ? REQUEST_CONNECT_TIMEOUT_MS : BATCH_CONNECT_TIMEOUT_MS,
    });
    await syncVocabulary(dataSource);
    return {
      dataSource,
      stores: createStores(dataSource),
      url,
      embedded: embedded !== null,
      close: async () => {
        if (dataSource.isInitialized) await dataSource.destroy();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
