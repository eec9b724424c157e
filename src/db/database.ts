// Opens the directory's database: the configured Postgres, or an embedded one; migrated and ready.
import type { DataSource } from 'typeorm';
import type { Config } from '../config.js';
import {
  BATCH_CONNECT_TIMEOUT_MS,
  openDatabase,
  openReadDatabase,
  REQUEST_CONNECT_TIMEOUT_MS,
} from './data-source.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { createStores, type Stores } from './stores.js';
import { syncVocabulary } from './vocabulary-store.js';

export interface Database {
  dataSource: DataSource;
  /** Where searches read: the read replica (DATABASE_READ_URL) for the web server, else `dataSource` itself. */
  readDataSource: DataSource;
  /** Every store over the data source: what services, importers, jobs and commands are given. */
  stores: Stores;
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * `server`: the web server alone owns the embedded database it starts (a second server on the same data is
 * refused), and its requests fail fast when the database is down. Commands share a running embedded database
 * and wait longer for a connection. Only the web server searches, so only it connects to a read replica.
 */
export async function connectDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'embeddedPostgresPort'> &
    Partial<Pick<Config, 'databaseReadUrl'>>,
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
    const readDataSource = await openReadDatabase(
      options.server ? (config.databaseReadUrl ?? null) : null,
      dataSource,
      poolSize,
    ).catch(async (error: unknown) => {
      await dataSource.destroy();
      throw error;
    });
    return {
      dataSource,
      readDataSource,
      stores: createStores(dataSource, readDataSource),
      url,
      embedded: embedded !== null,
      close: async () => {
        if (readDataSource !== dataSource && readDataSource.isInitialized) await readDataSource.destroy();
        if (dataSource.isInitialized) await dataSource.destroy();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
