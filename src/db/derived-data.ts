// Data derived from listings for search: flags, weighted text, and concrete session occurrences.
import { DateTime } from 'luxon';
import type { EntityManager } from 'typeorm';
import { expandSchedule, scheduleRule } from '../domain/schedule/index.js';
import type { Queryable } from './rows.js';

/** How far ahead sessions are expanded (about three months); time searches look no further than this.
 * The daily roll-forward keeps it full; activity pages expand schedules directly, without this limit. */
export const OCCURRENCE_HORIZON_DAYS = 92;
const ZONE = 'Europe/London';

// Set-based: each related table is read once for the whole batch, not once per service.
const SEARCH_FIELDS_SQL = `
  WITH terms AS (
    SELECT a.link_id AS id,
      string_agg(t.name || ' ' || array_to_string(t.synonyms, ' '), ' ' ORDER BY t.name) AS terms,
      array_agg(DISTINCT t.code ORDER BY t.code)
        FILTER (WHERE t.code IN ('women-only', 'men-only', 'young-people', 'lgbtq-friendly')) AS audiences,
      array_agg(DISTINCT t.id ORDER BY t.id) AS term_ids
    FROM attribute a JOIN taxonomy_term t ON t.id = a.taxonomy_term_id
    WHERE a.link_entity = 'service' AND a.link_id = ANY($1)
    GROUP BY a.link_id
  ), costs AS (
    SELECT c.service_id AS id,
      bool_or(c.amount = 0 OR c.option ILIKE 'free%') AS any_free,
      bool_or(c.amount > 0) AS any_paid,
      min(c.amount) FILTER (WHERE c.amount > 0) AS lowest
    FROM cost_option c WHERE c.service_id = ANY($1) GROUP BY c.service_id
  ), venues AS (
    SELECT sal.service_id AS id,
      bool_or(l.location_type = 'virtual') AS virtual,
      bool_or(l.location_type = 'physical') AS physical
    FROM service_at_location sal JOIN location l ON l.id = sal.location_id
    WHERE sal.service_id = ANY($1) GROUP BY sal.service_id
  ), attending AS (
    SELECT sc.service_id AS id, bool_or(sc.attending_type ILIKE '%online%') AS online
    FROM schedule sc WHERE sc.service_id = ANY($1) GROUP BY sc.service_id
  ), derived AS (
    SELECT s.id,
      coalesce(terms.terms, '') AS terms,
      coalesce(terms.audiences, '{}') AS audiences,
      coalesce(terms.term_ids, '{}') AS term_ids,
      costs.lowest,
      CASE WHEN costs.id IS NOT NULL THEN coalesce(costs.any_free, false) AND NOT coalesce(costs.any_paid, false)
        ELSE coalesce(s.fees_description ILIKE 'free%' OR s.fees ILIKE 'free%', false) END AS is_free,
      coalesce(venues.virtual, false)
        OR (NOT coalesce(venues.physical, false) AND coalesce(attending.online, false)) AS is_online
    FROM service s
    LEFT JOIN terms ON terms.id = s.id
    LEFT JOIN costs ON costs.id = s.id
    LEFT JOIN venues ON venues.id = s.id
    LEFT JOIN attending ON attending.id = s.id
    WHERE s.id = ANY($1)
  )
  UPDATE service s SET
    is_free = d.is_free,
    is_online = d.is_online,
    lowest_price = d.lowest,
    audiences = d.audiences,
    term_ids = d.term_ids,
    search_terms = d.terms,
    next_session_at = CASE WHEN $2::boolean THEN summary.next_at ELSE s.next_session_at END,
    slot_mask = CASE WHEN $2::boolean THEN coalesce(summary.mask, 0) ELSE s.slot_mask END
  FROM derived d
  LEFT JOIN unnest($3::text[], $4::timestamptz[], $5::integer[]) AS summary(id, next_at, mask) ON summary.id = d.id
  WHERE s.id = d.id`;

// Search entries follow each service row by trigger (see the search-candidates migration); a venue that
// moved also moves for the other services held there, which this batch did not update.
const VENUE_SHARERS_SQL = `
  SELECT rebuild_search_entries(ARRAY(
    SELECT DISTINCT other.service_id
    FROM service_at_location mine JOIN service_at_location other ON other.location_id = mine.location_id
    WHERE mine.service_id = ANY($1) AND other.service_id <> ALL($1)))`;

// Words of names and terms, for correcting typos in searches: each listed service's name and alternate
// name, and the names and synonyms of the terms it carries. Words no longer used are dropped by the daily
// roll (rebuildSearchWords), not here: a batch cannot tell whether another listing still uses one.
const wordsOf = (services: string) => `
  SELECT DISTINCT w AS word FROM (
    SELECT concat_ws(' ', s.name, s.alternate_name) AS words FROM service s WHERE ${services}
    UNION ALL
    SELECT t.name || ' ' || array_to_string(t.synonyms, ' ') FROM taxonomy_term t
    WHERE t.id IN (SELECT unnest(s.term_ids) FROM service s WHERE ${services})
  ) listed, regexp_split_to_table(lower(directory_unaccent(listed.words)), '[^[:alnum:]]+') w
  WHERE length(w) >= 3`;
const LISTED = `s.status IN ('active', 'temporarily closed')`;

/** Adds the words of these services' names and terms to the typo-correction list. */
async function addSearchWords(db: Queryable, serviceIds: string[]): Promise<void> {
  await db.query(
    `INSERT INTO search_word (word) ${wordsOf(`s.id = ANY($1) AND ${LISTED}`)} ON CONFLICT DO NOTHING`,
    [serviceIds],
  );
}

/** The typo-correction list made afresh from every listed activity. */
export async function rebuildSearchWords(db: Queryable): Promise<void> {
  await db.query(`DELETE FROM search_word WHERE word NOT IN (${wordsOf(LISTED)})`);
  await db.query(`INSERT INTO search_word (word) ${wordsOf(LISTED)} ON CONFLICT DO NOTHING`);
}

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

/** Where afternoon and evening start, in minutes after midnight (see PARTS_OF_DAY in search/engine.ts). */
const PART_BOUNDS = { afternoon: 12 * 60, evening: 17 * 60 };
/** A session's end in minutes; no end means an hour, an end past midnight means the end of the day. */
export const SESSION_END = `CASE WHEN o.end_minute IS NULL THEN o.start_minute + 60
  WHEN o.end_minute <= o.start_minute THEN 24 * 60 ELSE o.end_minute END`;

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

export interface SessionSummaries {
  ids: string[];
  nextAt: string[];
  masks: number[];
}

/** The next session and slot mask per service, from the occurrences just expanded (as refreshNextSessions would). */
function sessionSummaries(
  starts: string[],
  owners: string[],
  weekdays: number[],
  startMinutes: number[],
  endMinutes: (number | null)[],
  now: Date,
): SessionSummaries {
  const nowIso = now.toISOString();
  const byService = new Map<string, { next: string; mask: number }>();
  for (let i = 0; i < starts.length; i++) {
    if (starts[i] < nowIso) continue;
    const start = startMinutes[i];
    const rawEnd = endMinutes[i];
    const end = rawEnd === null ? start + 60 : rawEnd <= start ? 24 * 60 : rawEnd;
    const base = (weekdays[i] - 1) * 3;
    let mask = 0;
    if (start < PART_BOUNDS.afternoon) mask |= 1 << base;
    if (start < PART_BOUNDS.evening && end > PART_BOUNDS.afternoon) mask |= 1 << (base + 1);
    if (end > PART_BOUNDS.evening) mask |= 1 << (base + 2);
    const summary = byService.get(owners[i]);
    if (!summary) byService.set(owners[i], { next: starts[i], mask });
    else {
      summary.mask |= mask;
      if (starts[i] < summary.next) summary.next = starts[i];
    }
  }
  const ids = [...byService.keys()];
  return {
    ids,
    nextAt: ids.map((id) => byService.get(id)!.next),
    masks: ids.map((id) => byService.get(id)!.mask),
  };
}

/** Keeps the session summary used by search on each service: the next session and the slot mask. */
export async function refreshNextSessions(db: Queryable, now: Date, serviceIds?: string[]): Promise<void> {
  await db.query(
    `UPDATE service s SET next_session_at = summary.next_at, slot_mask = summary.mask
     FROM (
       SELECT t.id,
         (SELECT min(o.starts_at) FROM session_occurrence o WHERE o.service_id = t.id AND o.starts_at >= $1) AS next_at,
         coalesce((
           SELECT bit_or(
               CASE WHEN o.start_minute < ${PART_BOUNDS.afternoon} THEN 1 << ((o.iso_dow - 1) * 3) ELSE 0 END
             | CASE WHEN o.start_minute < ${PART_BOUNDS.evening} AND ${SESSION_END} > ${PART_BOUNDS.afternoon}
                 THEN 1 << ((o.iso_dow - 1) * 3 + 1) ELSE 0 END
             | CASE WHEN ${SESSION_END} > ${PART_BOUNDS.evening} THEN 1 << ((o.iso_dow - 1) * 3 + 2) ELSE 0 END)
           FROM session_occurrence o WHERE o.service_id = t.id AND o.starts_at >= $1), 0) AS mask
       FROM service t
       WHERE ${serviceIds ? 't.id = ANY($2)' : '(t.next_session_at IS NULL OR t.next_session_at < $1)'}
     ) summary
     WHERE s.id = summary.id`,
    serviceIds ? [now.toISOString(), serviceIds] : [now.toISOString()],
  );
  await mergePendingSearchEntries(db);
}

/** Search text and flags; with session summaries, also each service's next session and slot mask. */
export async function refreshSearchFields(
  db: EntityManager,
  serviceIds: string[],
  sessions?: SessionSummaries,
): Promise<void> {
  await db.query(SEARCH_FIELDS_SQL, [
    serviceIds,
    sessions !== undefined,
    sessions?.ids ?? [],
    sessions?.nextAt ?? [],
    sessions?.masks ?? [],
  ]);
  await db.query(VENUE_SHARERS_SQL, [serviceIds]);
}

/** With `words: false` the caller adds the search words itself, once for many batches (rebuildSearchWords). */
export async function refreshDerivedData(
  db: EntityManager,
  serviceIds: string[],
  now: Date,
  options: { words?: boolean } = {},
): Promise<void> {
  if (serviceIds.length === 0) return;
  // Sessions first, so the one update of each service row carries its search text and its session summary.
  const { summaries } = await refreshOccurrences(db, serviceIds, now);
  await refreshSearchFields(db, serviceIds, summaries);
  if (options.words !== false) await addSearchWords(db, serviceIds);
}

/**
 * The text and term indexes take new entries into a pending list (see the search-candidates migration),
 * quick to append to but read in full by every search that uses them; after a bulk change, merge it into
 * the index proper.
 */
export async function mergePendingSearchEntries(db: Queryable): Promise<void> {
  await db.query(
    `SELECT gin_clean_pending_list(i::regclass) FROM unnest(ARRAY['search_entry_vector_idx', 'search_entry_terms_idx']) i`,
  );
}

/** Whether every service's sessions were already rolled forward today (London date). */
export async function sessionsRolledToday(db: Queryable, now: Date): Promise<boolean> {
  const rows = (await db.query(`SELECT value FROM directory_metadata WHERE key = 'sessions_rolled_on'`)) as {
    value: string;
  }[];
  return rows[0]?.value === DateTime.fromJSDate(now, { zone: ZONE }).toISODate();
}

/**
 * Rolls every service's occurrences forward (run daily) in batches, each its own transaction. An aborted
 * signal stops it between batches, before the day is recorded as rolled, so the next run starts again.
 */
export async function refreshAllDerivedData(
  dataSource: {
    transaction<T>(run: (db: EntityManager) => Promise<T>): Promise<T>;
    query(sql: string, parameters?: unknown[]): Promise<unknown>;
  },
  now: Date,
  options: { batchSize?: number; signal?: AbortSignal } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 2000;
  const ids = ((await dataSource.query('SELECT id FROM service ORDER BY id')) as { id: string }[]).map(
    (r) => r.id,
  );
  for (let i = 0; i < ids.length; i += batchSize) {
    options.signal?.throwIfAborted();
    const batch = ids.slice(i, i + batchSize);
    await dataSource.transaction((db) => refreshDerivedData(db, batch, now, { words: false }));
  }
  await mergePendingSearchEntries(dataSource);
  // Words that no listed activity uses any more stop being offered as corrections.
  await rebuildSearchWords(dataSource);
  await dataSource.query(
    `INSERT INTO directory_metadata (key, value) VALUES ('sessions_rolled_on', to_jsonb($1::text))
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [DateTime.fromJSDate(now, { zone: ZONE }).toISODate()],
  );
  return ids.length;
}
