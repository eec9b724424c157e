// The search outbox: listing changes queued for an external search index, in the writer's transaction.
import type { Queryable } from './queryable.js';

export type OutboxOperation = 'upsert' | 'delete';

export interface OutboxEntry {
  id: number;
  service_id: string;
  operation: OutboxOperation;
  attempts: number;
}

/** Queues index changes; call it with the transaction that changed the listings. */
export async function enqueueSearchChanges(
  db: Queryable,
  serviceIds: string[],
  operation: OutboxOperation,
): Promise<void> {
  if (serviceIds.length === 0) return;
  await db.query(`INSERT INTO search_outbox (service_id, operation) SELECT unnest($1::text[]), $2`, [
    serviceIds,
    operation,
  ]);
}

/** Queues every listing, e.g. after sessions roll forward, so the index sees the new dates. */
export async function enqueueAllServices(db: Queryable): Promise<number> {
  const rows = (await db.query(
    `INSERT INTO search_outbox (service_id, operation) SELECT id, 'upsert' FROM service ORDER BY id RETURNING id`,
  )) as unknown[];
  return rows.length;
}

/** Takes the outbox drainer's lock for this transaction; false when another process holds it. */
export async function tryLockOutbox(db: Queryable): Promise<boolean> {
  const rows = (await db.query(`SELECT pg_try_advisory_xact_lock(hashtext('search_outbox')) AS locked`)) as {
    locked: boolean;
  }[];
  return rows[0].locked;
}

/** Oldest pending changes, locked so a second worker skips them instead of pushing them twice. */
export async function claimOutboxEntries(db: Queryable, limit: number): Promise<OutboxEntry[]> {
  return (await db.query(
    `SELECT id, service_id, operation, attempts FROM search_outbox
     ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  )) as OutboxEntry[];
}

export async function completeOutboxEntries(db: Queryable, ids: number[]): Promise<void> {
  await db.query('DELETE FROM search_outbox WHERE id = ANY($1::bigint[])', [ids]);
}

export async function failOutboxEntries(db: Queryable, ids: number[], error: string): Promise<void> {
  await db.query(
    'UPDATE search_outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])',
    [ids, error.slice(0, 2000)],
  );
}

/** Ids of the changes committed so far; a full reindex covers exactly these. */
export async function pendingOutboxIds(db: Queryable): Promise<number[]> {
  const rows = (await db.query('SELECT id FROM search_outbox ORDER BY id')) as { id: number }[];
  return rows.map((r) => Number(r.id));
}

export async function pendingOutboxCount(db: Queryable): Promise<number> {
  const rows = (await db.query('SELECT count(*)::int AS n FROM search_outbox')) as { n: number }[];
  return rows[0].n;
}

/** Without an external index nothing drains the outbox; clearing it keeps the table small. */
export async function clearOutbox(db: Queryable, ids?: number[]): Promise<void> {
  if (ids === undefined) await db.query('DELETE FROM search_outbox');
  else if (ids.length) await completeOutboxEntries(db, ids);
}
