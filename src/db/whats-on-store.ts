// The sessions "What's on" lists: the expanded sessions (session_occurrence) of chosen activities between two
// London dates, in time order, leaving out sessions already over and listings not running.
import { sessionEndsAtSql } from '../domain/time-rules.js';
import type { Queryable } from './queryable.js';

export interface ListedSession {
  serviceId: string;
  start: Date;
  end: Date | null;
  /** The London date it starts on (YYYY-MM-DD): a session past midnight belongs to the day it starts. */
  localDate: string;
}

/**
 * The first `limit` sessions of these activities on local dates `from` to `to` (inclusive) that have not ended by
 * `now`, soonest first. Cancelled dates are never expanded; a temporarily closed listing has no sessions to go to.
 */
export async function sessionsBetween(
  db: Queryable,
  serviceIds: string[],
  dates: { from: string; to: string },
  now: Date,
  limit: number,
): Promise<ListedSession[]> {
  if (serviceIds.length === 0) return [];
  const rows = (await db.query(
    `SELECT o.service_id, o.starts_at, o.ends_at, o.local_date::text AS local_date
     FROM session_occurrence o JOIN service s ON s.id = o.service_id
     WHERE o.service_id = ANY($1) AND o.local_date BETWEEN $2::date AND $3::date AND s.status = 'active'
       AND ${sessionEndsAtSql('o')} > $4
     ORDER BY o.starts_at, o.service_id
     LIMIT $5`,
    [serviceIds, dates.from, dates.to, now, limit],
  )) as { service_id: string; starts_at: Date; ends_at: Date | null; local_date: string }[];
  return rows.map((row) => ({
    serviceId: row.service_id,
    start: new Date(row.starts_at),
    end: row.ends_at ? new Date(row.ends_at) : null,
    localDate: row.local_date,
  }));
}
