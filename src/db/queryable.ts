// What every store function is given to run its SQL on: the data source, or one transaction.
import type { EntityManager } from 'typeorm';

/** Anything that runs SQL: a DataSource, an EntityManager inside a transaction, a pg client. */
export interface Queryable {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

/** A Queryable that can also start a transaction of its own (nested ones become savepoints). */
export interface Transactional extends Queryable {
  transaction<T>(work: (db: EntityManager) => Promise<T>): Promise<T>;
}

/**
 * The rows an UPDATE or DELETE … RETURNING gave back. TypeORM answers those two commands with
 * [rows, count] rather than the rows, so counting its answer would always say two.
 */
export async function returnedRows<T = unknown>(
  db: Queryable,
  sql: string,
  parameters: unknown[],
): Promise<T[]> {
  const result = (await db.query(sql, parameters)) as unknown;
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  )
    return result[0] as T[];
  return result as T[];
}
