// The entities describe exactly the schema the migrations make: on the freshly migrated test database
// TypeORM's schema builder finds nothing to change, and what it cannot see is compared here by hand.
import { expect } from 'chai';
import type { DataSource, EntityMetadata } from 'typeorm';
import { LIBRARY_TABLES } from '../../src/db/entities/index.js';
import { testDatabase } from '../support/database.js';

/** TypeORM's own record of the migrations run. (pg-boss keeps its tables in its own schema, pgboss.) */
const MIGRATIONS_TABLE = 'migrations';

describe('entities and migrations', () => {
  let dataSource: DataSource;

  before(async () => {
    dataSource = await testDatabase();
  });

  it('agree: the schema builder finds nothing to change', async () => {
    const { upQueries } = await dataSource.driver.createSchemaBuilder().log();
    const queries = upQueries.map((q) => q.query);
    expect(
      queries,
      `the entities disagree with the migrations; to match them TypeORM would run:\n${queries.join(';\n')}`,
    ).to.be.empty;
  });

  it('cover every table: each one has an entity, or belongs to a library (http_session, rate_limit)', async () => {
    const tables = (
      (await dataSource.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`,
      )) as { table_name: string }[]
    )
      .map((row) => row.table_name)
      .sort();
    const described = [
      ...dataSource.entityMetadatas.map((metadata) => metadata.tableName),
      ...LIBRARY_TABLES,
      MIGRATIONS_TABLE,
    ].sort();
    expect(tables, 'tables in the database (+ described)').to.deep.equal(described);
  });

  it('name every index, including those TypeORM cannot declare (expressions, operator classes, INCLUDE)', async () => {
    const rows = (await dataSource.query(
      `SELECT i.tablename, i.indexname FROM pg_indexes i
       WHERE i.schemaname = current_schema()
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    )) as { tablename: string; indexname: string }[];
    const skipped = new Set<string>([...LIBRARY_TABLES, MIGRATIONS_TABLE]);
    const inDatabase = rows
      .filter((r) => !skipped.has(r.tablename))
      .map((r) => `${r.tablename}.${r.indexname}`)
      .sort();
    const declared = dataSource.entityMetadatas
      .flatMap((metadata) => metadata.indices.map((index) => `${metadata.tableName}.${index.name}`))
      .sort();
    expect(declared, 'indexes declared on the entities (+ in the database)').to.deep.equal(inDatabase);
  });

  it('agree column by column on the tables the schema builder leaves alone (search_entry has no primary key)', async () => {
    const unsynchronized = dataSource.entityMetadatas.filter((metadata) => !metadata.synchronize);
    expect(unsynchronized.map((m) => m.tableName)).to.deep.equal(['search_entry']);
    const differences = (
      await Promise.all(unsynchronized.map((m) => columnDifferences(dataSource, m)))
    ).flat();
    expect(differences).to.deep.equal([]);
  });
});

/** Name, type, array and nullability of each column, both ways round: what a schema builder would compare. */
async function columnDifferences(dataSource: DataSource, metadata: EntityMetadata): Promise<string[]> {
  const queryRunner = dataSource.createQueryRunner();
  try {
    const table = await queryRunner.getTable(metadata.tableName);
    if (!table) return [`${metadata.tableName}: no such table`];
    const described = (name: string) => metadata.columns.find((column) => column.databaseName === name);
    const differences = table.columns
      .filter((column) => !described(column.name))
      .map((column) => `${table.name}.${column.name}: in the database, not in the entity`);
    for (const column of metadata.columns) {
      const found = table.columns.find((c) => c.name === column.databaseName);
      const wanted = `${dataSource.driver.normalizeType(column)}${column.isArray ? '[]' : ''}${column.isNullable ? '' : ' not null'}`;
      const actual =
        found && `${found.type}${found.isArray ? '[]' : ''}${found.isNullable ? '' : ' not null'}`;
      if (wanted !== actual)
        differences.push(
          `${table.name}.${column.databaseName}: entity ${wanted}, database ${actual ?? 'none'}`,
        );
    }
    return differences;
  } finally {
    await queryRunner.release();
  }
}
