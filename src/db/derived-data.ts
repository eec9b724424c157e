// Data derived from listings for search: flags, weighted text, and concrete session occurrences.
import { DateTime } from 'luxon';
import type { EntityManager } from 'typeorm';
import { expandSchedule } from '../domain/schedule.js';
import { scheduleRule } from '../domain/schedule-rule.js';
import { insertRows } from './rows.js';

/** How far ahead sessions are expanded; time searches look no further than this. */
export const OCCURRENCE_HORIZON_DAYS = 180;
const ZONE = 'Europe/London';

const SEARCH_FIELDS_SQL = `
  WITH derived AS (
    SELECT s.id,
      coalesce((
        SELECT string_agg(t.name || ' ' || array_to_string(t.synonyms, ' '), ' ' ORDER BY t.name)
        FROM attribute a JOIN taxonomy_term t ON t.id = a.taxonomy_term_id
        WHERE a.link_entity = 'service' AND a.link_id = s.id
      ), '') AS terms,
      (
        EXISTS (SELECT 1 FROM cost_option c WHERE c.service_id = s.id AND (c.amount = 0 OR c.option ILIKE 'free%'))
        AND NOT EXISTS (SELECT 1 FROM cost_option c WHERE c.service_id = s.id AND c.amount > 0)
      ) OR (
        NOT EXISTS (SELECT 1 FROM cost_option c WHERE c.service_id = s.id)
        AND (s.fees_description ILIKE 'free%' OR s.fees ILIKE 'free%')
      ) AS is_free,
      EXISTS (
        SELECT 1 FROM service_at_location sal JOIN location l ON l.id = sal.location_id
        WHERE sal.service_id = s.id AND l.location_type = 'virtual'
      ) OR (
        NOT EXISTS (
          SELECT 1 FROM service_at_location sal JOIN location l ON l.id = sal.location_id
          WHERE sal.service_id = s.id AND l.location_type = 'physical'
        )
        AND EXISTS (SELECT 1 FROM schedule sc WHERE sc.service_id = s.id AND sc.attending_type ILIKE '%online%')
      ) AS is_online,
      coalesce(o.name, '') AS organization_name,
      regexp_replace(coalesce(s.description, ''), '<[^>]*>', ' ', 'g') AS description_text
    FROM service s LEFT JOIN organization o ON o.id = s.organization_id
    WHERE s.id = ANY($1)
  )
  UPDATE service s SET
    is_free = d.is_free,
    is_online = d.is_online,
    search_terms = d.terms,
    search_words = btrim(lower(directory_unaccent(concat_ws(' ', s.name, s.alternate_name, nullif(d.terms, ''))))),
    search_vector =
      setweight(to_tsvector('english', directory_unaccent(s.name || ' ' || coalesce(s.alternate_name, ''))), 'A') ||
      setweight(to_tsvector('english', directory_unaccent(d.terms)), 'B') ||
      setweight(to_tsvector('english', directory_unaccent(d.organization_name || ' ' || d.description_text)), 'C')
  FROM derived d
  WHERE s.id = d.id`;

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
): Promise<number> {
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
  const rows: object[] = [];
  for (const schedule of schedules) {
    const rule = scheduleRule(schedule, schedule.cancelled);
    for (const occurrence of expandSchedule(rule, from.toJSDate(), to.toJSDate(), 2000)) {
      const local = DateTime.fromJSDate(occurrence.start, { zone: ZONE });
      rows.push({
        schedule_id: schedule.id,
        service_id: schedule.service_id,
        starts_at: occurrence.start.toISOString(),
        ends_at: occurrence.end ? occurrence.end.toISOString() : null,
        local_date: occurrence.date,
        iso_dow: local.weekday,
        start_minute: minutes(occurrence.opensAt) ?? 0,
        end_minute: minutes(occurrence.closesAt),
      });
    }
  }
  await db.query('DELETE FROM session_occurrence WHERE service_id = ANY($1)', [serviceIds]);
  for (let i = 0; i < rows.length; i += 20000) {
    await insertRows(db, 'session_occurrence', OCCURRENCE_COLUMNS, rows.slice(i, i + 20000), {
      key: ['schedule_id', 'starts_at'],
      update: true,
    });
  }
  return rows.length;
}

export async function refreshSearchFields(db: EntityManager, serviceIds: string[]): Promise<void> {
  await db.query(SEARCH_FIELDS_SQL, [serviceIds]);
}

export async function refreshDerivedData(db: EntityManager, serviceIds: string[], now: Date): Promise<void> {
  if (serviceIds.length === 0) return;
  await refreshSearchFields(db, serviceIds);
  await refreshOccurrences(db, serviceIds, now);
}

/** Rolls every service's occurrences forward (run daily) in batches, each its own transaction. */
export async function refreshAllDerivedData(
  dataSource: {
    transaction<T>(run: (db: EntityManager) => Promise<T>): Promise<T>;
    query(sql: string): Promise<unknown>;
  },
  now: Date,
  batchSize = 2000,
): Promise<number> {
  const ids = ((await dataSource.query('SELECT id FROM service ORDER BY id')) as { id: string }[]).map(
    (r) => r.id,
  );
  for (let i = 0; i < ids.length; i += batchSize) {
    const batch = ids.slice(i, i + batchSize);
    await dataSource.transaction((db) => refreshDerivedData(db, batch, now));
  }
  return ids.length;
}
