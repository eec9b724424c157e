// Concrete sessions (session_occurrence) expanded from every schedule of a listing, from today to the horizon,
// which time searches read; and the record of the day every listing's sessions were last rolled forward.
import { DateTime } from 'luxon';
import type { EntityManager } from 'typeorm';
import { expandSchedule, scheduleRule } from '../domain/schedule/index.js';
import type { Queryable } from './queryable.js';
import { sessionSummaries, type SessionSummaries } from './session-summaries.js';

/** How far ahead sessions are expanded (about three months); time searches look no further than this.
 * The daily roll-forward keeps it full; activity pages expand schedules directly, without this limit. */
export const OCCURRENCE_HORIZON_DAYS = 92;
const ZONE = 'Europe/London';

interface ScheduleForExpansion {
  id: string;
  service_id: string;
  freq: 'WEEKLY' | 'MONTHLY' | null;
  interval: number | null;
  byday: string | null;
  bymonthday: string | null;
  dtstart: string | null;
  until: string | null;
  count: number | null;
  valid_from: string | null;
  valid_to: string | null;
  opens_at: string | null;
  closes_at: string | null;
  cancelled: string[];
}

const OCCURRENCE_COLUMNS = [
  ['schedule_id', 'text'],
  ['service_id', 'text'],
  ['starts_at', 'timestamptz'],
  ['ends_at', 'timestamptz'],
  ['local_date', 'date'],
  ['iso_dow', 'smallint'],
  ['start_minute', 'smallint'],
  ['end_minute', 'smallint'],
] as const;

const minutes = (hhmm: string | null) =>
  hhmm ? Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5)) : null;

/** Rebuilds the occurrences of these services from today to the horizon. */
export async function refreshOccurrences(
  db: EntityManager,
  serviceIds: string[],
  now: Date,
): Promise<{ count: number; summaries: SessionSummaries }> {
  const schedules = (await db.query(
    `SELECT s.id, s.service_id, s.freq, s.interval, s.byday, s.bymonthday, s.dtstart::text, s.until::text, s.count,
            s.valid_from::text, s.valid_to::text, to_char(s.opens_at, 'HH24:MI') AS opens_at,
            to_char(s.closes_at, 'HH24:MI') AS closes_at,
            coalesce(array_agg(c.date::text) FILTER (WHERE c.date IS NOT NULL), '{}') AS cancelled
     FROM schedule s LEFT JOIN schedule_cancellation c ON c.schedule_id = s.id
     WHERE s.service_id = ANY($1)
     GROUP BY s.id`,
    [serviceIds],
  )) as ScheduleForExpansion[];
  const from = DateTime.fromJSDate(now, { zone: ZONE }).startOf('day');
  const to = from.plus({ days: OCCURRENCE_HORIZON_DAYS });
  // Column arrays rather than row objects: a large import expands millions of occurrences.
  const columns: unknown[][] = OCCURRENCE_COLUMNS.map(() => []);
  const [scheduleIds, ownerIds, starts, ends, dates, weekdays, startMinutes, endMinutes] = columns;
  for (const schedule of schedules) {
    const rule = scheduleRule(schedule, schedule.cancelled);
    for (const occurrence of expandSchedule(rule, from.toJSDate(), to.toJSDate(), 2000)) {
      scheduleIds.push(schedule.id);
      ownerIds.push(schedule.service_id);
      starts.push(occurrence.start.toISOString());
      ends.push(occurrence.end ? occurrence.end.toISOString() : null);
      dates.push(occurrence.date);
      // The local date's weekday (ISO 1 = Monday), without a time-zone conversion per occurrence.
      weekdays.push(new Date(`${occurrence.date}T12:00:00Z`).getUTCDay() || 7);
      startMinutes.push(minutes(occurrence.opensAt) ?? 0);
      endMinutes.push(minutes(occurrence.closesAt));
    }
  }
  await db.query('DELETE FROM session_occurrence WHERE service_id = ANY($1)', [serviceIds]);
  // These services' occurrences were just deleted, so a plain insert of unnested arrays is enough (and fastest).
  const names = OCCURRENCE_COLUMNS.map(([name]) => name).join(', ');
  const unnest = OCCURRENCE_COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  for (let i = 0; i < scheduleIds.length; i += 50000) {
    await db.query(
      `INSERT INTO session_occurrence (${names}) SELECT * FROM unnest(${unnest})`,
      columns.map((column) => column.slice(i, i + 50000)),
    );
  }
  return {
    count: scheduleIds.length,
    summaries: sessionSummaries(
      starts as string[],
      ownerIds as string[],
      weekdays as number[],
      startMinutes as number[],
      endMinutes as (number | null)[],
      now,
    ),
  };
}

/** Whether every service's sessions were already rolled forward today (London date). */
export async function sessionsRolledToday(db: Queryable, now: Date): Promise<boolean> {
  const rows = (await db.query(`SELECT value FROM directory_metadata WHERE key = 'sessions_rolled_on'`)) as {
    value: string;
  }[];
  return rows[0]?.value === DateTime.fromJSDate(now, { zone: ZONE }).toISODate();
}

/** Records today (London date) as the day every service's sessions were rolled forward. */
export async function recordSessionsRolled(db: Queryable, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO directory_metadata (key, value) VALUES ('sessions_rolled_on', to_jsonb($1::text))
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [DateTime.fromJSDate(now, { zone: ZONE }).toISODate()],
  );
}
