// One TypeORM DataSource over the configured Postgres; the schema comes from migrations only.
import pg from 'pg';
import { DataSource } from 'typeorm';
import { entities } from '../domain/entities.js';
import { DirectorySchema1764000000000 } from './migrations/1764000000000-directory-schema.js';

// Calendar dates stay 'YYYY-MM-DD' strings (no time-zone shift); counts are plain numbers.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export const migrations = [DirectorySchema1764000000000];

export function createDataSource(url: string, poolSize = 20): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: {
      max: poolSize,
      connectionTimeoutMillis: 5000,
      statement_timeout: 30000,
      // Typo tolerance: "walkng" is 0.57 similar to "walking", below pg_trgm's default of 0.6.
      options: '-c pg_trgm.word_similarity_threshold=0.5',
    },
  });
}

export async function openDatabase(url: string, poolSize?: number): Promise<DataSource> {
  const dataSource = createDataSource(url, poolSize);
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}
