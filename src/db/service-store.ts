// SQL for what organisers change on a published service directly: cancelled dates, status, capacity, review date.
import { returnedRows, type Queryable } from './queryable.js';

export interface ManagedService {
  id: string;
  name: string;
  organizationId: string | null;
  status: string;
  capacityStatus: string | null;
  assuredDate: string | null;
  source: string;
}

export async function findManagedService(db: Queryable, serviceId: string): Promise<ManagedService | null> {
  const rows = (await db.query(
    `SELECT id, name, organization_id, status, capacity_status, assured_date::text, source FROM service WHERE id = $1`,
    [serviceId],
  )) as {
    id: string;
    name: string;
    organization_id: string | null;
    status: string;
    capacity_status: string | null;
    assured_date: string | null;
    source: string;
  }[];
  const r = rows[0];
  return r
    ? {
        id: r.id,
        name: r.name,
        organizationId: r.organization_id,
        status: r.status,
        capacityStatus: r.capacity_status,
        assuredDate: r.assured_date,
        source: r.source,
      }
    : null;
}

export async function setCapacityStatus(
  db: Queryable,
  serviceId: string,
  capacity: string | null,
): Promise<void> {
  await db.query(`UPDATE service SET capacity_status = $2 WHERE id = $1`, [serviceId, capacity]);
}

export async function setServiceStatus(db: Queryable, serviceId: string, status: string): Promise<void> {
  await db.query(`UPDATE service SET status = $2, updated_at = now() WHERE id = $1`, [serviceId, status]);
}

export async function setAssuredDate(
  db: Queryable,
  serviceId: string,
  date: string | null,
  assurer: string | null,
): Promise<void> {
  await db.query(
    `UPDATE service SET assured_date = $2, assurer_email = coalesce($3, assurer_email) WHERE id = $1`,
    [serviceId, date, assurer],
  );
}

/** Cancellations of a service on or after a local date (YYYY-MM-DD), with the schedule each belongs to. */
export async function cancellationsOf(
  db: Queryable,
  serviceId: string,
  fromDate: string,
): Promise<{ scheduleId: string; date: string; reason: string | null }[]> {
  const rows = (await db.query(
    `SELECT c.schedule_id, c.date::text, c.reason FROM schedule_cancellation c JOIN schedule s ON s.id = c.schedule_id
     WHERE s.service_id = $1 AND c.date >= $2::date ORDER BY c.date`,
    [serviceId, fromDate],
  )) as { schedule_id: string; date: string; reason: string | null }[];
  return rows.map((r) => ({ scheduleId: r.schedule_id, date: r.date, reason: r.reason }));
}

/** The schedule whose session falls on this local date, from the expanded occurrences. */
export async function scheduleOnDate(db: Queryable, serviceId: string, date: string): Promise<string | null> {
  const rows = (await db.query(
    `SELECT schedule_id FROM session_occurrence WHERE service_id = $1 AND local_date = $2 ORDER BY starts_at LIMIT 1`,
    [serviceId, date],
  )) as { schedule_id: string }[];
  return rows[0]?.schedule_id ?? null;
}

export async function upcomingSessionDates(
  db: Queryable,
  serviceId: string,
  limit = 20,
): Promise<{ date: string; startsAt: Date }[]> {
  const rows = (await db.query(
    `SELECT local_date::text AS date, min(starts_at) AS starts_at FROM session_occurrence
     WHERE service_id = $1 AND starts_at >= now() GROUP BY local_date ORDER BY local_date LIMIT $2`,
    [serviceId, limit],
  )) as { date: string; starts_at: Date }[];
  return rows.map((r) => ({ date: r.date, startsAt: r.starts_at }));
}

/** Removes a service's cancellations on a date; the reasons they gave, none when there was none. */
export async function deleteCancellation(
  db: Queryable,
  serviceId: string,
  date: string,
): Promise<(string | null)[]> {
  const rows = await returnedRows<{ reason: string | null }>(
    db,
    `DELETE FROM schedule_cancellation c USING schedule s
     WHERE s.id = c.schedule_id AND s.service_id = $1 AND c.date = $2::date RETURNING c.reason`,
    [serviceId, date],
  );
  return rows.map((r) => r.reason);
}

export async function insertCancellation(
  db: Queryable,
  scheduleId: string,
  date: string,
  reason: string | null,
): Promise<void> {
  await db.query(
    `INSERT INTO schedule_cancellation (schedule_id, date, reason) VALUES ($1, $2, $3)
     ON CONFLICT (schedule_id, date) DO UPDATE SET reason = excluded.reason`,
    [scheduleId, date, reason],
  );
}
