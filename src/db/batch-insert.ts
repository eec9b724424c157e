// Set-based writes: a whole batch of rows goes to Postgres as one JSON parameter and one statement.
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { Queryable } from './queryable.js';

export type Column = readonly [name: string, sqlType: string];

/** A table's columns as its entity describes them, in the entity's order, less the properties named. */
export function entityColumns<E extends ObjectLiteral>(
  dataSource: DataSource,
  entity: EntityTarget<E>,
  except: readonly (keyof E)[] = [],
): Column[] {
  return dataSource
    .getMetadata(entity)
    .columns.filter((column) => !except.includes(column.propertyName as keyof E))
    .map((column) => [
      column.databaseName,
      `${dataSource.driver.normalizeType(column)}${column.isArray ? '[]' : ''}`,
    ]);
}

export async function insertRows(
  db: Queryable,
  table: string,
  columns: readonly Column[],
  rows: readonly object[],
  onConflict: { key: string[]; update: boolean } | null,
): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.map(([name]) => name);
  const recordType = columns
    .map(([name, type]) => `"${name}" ${type === 'polygon' ? 'text' : type}`)
    .join(', ');
  const select = columns
    .map(([name, type]) => (type === 'polygon' ? `"${name}"::polygon` : `"${name}"`))
    .join(', ');
  let conflict = '';
  if (onConflict) {
    const updates = names.filter((n) => !onConflict.key.includes(n)).map((n) => `"${n}" = EXCLUDED."${n}"`);
    conflict =
      onConflict.update && updates.length
        ? `ON CONFLICT (${onConflict.key.join(', ')}) DO UPDATE SET ${updates.join(', ')}`
        : `ON CONFLICT (${onConflict.key.join(', ')}) DO NOTHING`;
  }
  await db.query(
    `INSERT INTO ${table} (${names.map((n) => `"${n}"`).join(', ')})
     SELECT ${select} FROM jsonb_to_recordset($1::jsonb) AS x(${recordType}) ${conflict}`,
    [JSON.stringify(rows)],
  );
}
