// Dates past the expansion horizon. Sessions are expanded into session_occurrence about three months ahead
// (OCCURRENCE_HORIZON_DAYS); a search for dates beyond that expands the schedules that may fall on them when
// asked, with the same expansion, and keeps each activity's first session meeting the time filters. Both
// engines read these alongside what they hold for the nearer dates.
import { DateTime } from 'luxon';
import type { Queryable } from '../db/queryable.js';
import {
  expandedSessions,
  OCCURRENCE_HORIZON_DAYS,
  schedulesForExpansion,
} from '../db/session-occurrences.js';
import { overlapsWindow, PARTS_OF_DAY } from '../domain/time-rules.js';
import type { SearchQuery } from './engine.js';

const ZONE = 'Europe/London';
/** Expanded on demand from two days inside the horizon, so a day's roll-forward not yet run leaves no gap. */
const OVERLAP_DAYS = 2;
/** Sessions looked at per schedule: a year of daily sessions. */
const SESSIONS_PER_SCHEDULE = 400;
const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** The part of a query's dates (local, inclusive) that lies past the horizon. */
export interface FarRange {
  from: string;
  to: string;
  /** Every date asked for lies past the horizon: the expanded sessions have nothing to add. */
  only: boolean;
}

export interface FarSession {
  /** The first session meeting every time filter; null when only the chosen days rule every session out. */
  start: Date | null;
  end: Date | null;
  /** Bit (isoDow - 1) for each weekday with a session meeting the filters other than the days. */
  dayMask: number;
}

export type FarSessions = Map<string, FarSession>;

/** The dates of a closed date range that lie past the horizon, or null (an open range ends at the horizon). */
export function farRange(query: Pick<SearchQuery, 'now' | 'dateFrom' | 'dateTo'>): FarRange | null {
  if (!query.dateTo) return null;
  const today = DateTime.fromJSDate(query.now, { zone: ZONE }).startOf('day');
  const farFrom = today.plus({ days: OCCURRENCE_HORIZON_DAYS - OVERLAP_DAYS });
  const to = DateTime.fromISO(query.dateTo, { zone: ZONE });
  if (to < farFrom) return null;
  const asked = query.dateFrom ? DateTime.fromISO(query.dateFrom, { zone: ZONE }) : today;
  const from = asked > farFrom ? asked : farFrom;
  if (from > to) return null;
  return { from: from.toISODate()!, to: to.toISODate()!, only: asked >= farFrom };
}

/**
 * Each listed activity's sessions on the far dates that meet the query's parts of the day and time window.
 * Only schedules that can fall in the range are read: in force then, and (for a range under a week) naming
 * one of its weekdays or none; the expansion decides.
 */
export async function farSessions(db: Queryable, query: SearchQuery, range: FarRange): Promise<FarSessions> {
  const first = DateTime.fromISO(range.from, { zone: ZONE });
  const last = DateTime.fromISO(range.to, { zone: ZONE });
  const params: unknown[] = [range.from, range.to];
  const conditions = [
    's.service_id IN (SELECT e.service_id FROM search_entry e WHERE e.primary_row)',
    '(s.valid_to IS NULL OR s.valid_to >= $1::date)',
    '(s.valid_from IS NULL OR s.valid_from <= $2::date)',
    '(s.dtstart IS NULL OR s.dtstart <= $2::date)',
    '(s.freq IS NULL OR s.until IS NULL OR s.until >= $1::date)',
    '(s.freq IS NOT NULL OR s.dtstart >= $1::date)',
  ];
  if (last.diff(first, 'days').days < 6) {
    const weekdays = new Set<string>();
    for (let day = first; day <= last; day = day.plus({ days: 1 }))
      weekdays.add(WEEKDAY_CODES[day.weekday - 1]);
    params.push([...weekdays].join('|'));
    conditions.push(`(s.freq IS NULL OR s.byday IS NULL OR s.byday = '' OR s.byday ~* $3)`);
  }
  const schedules = await schedulesForExpansion(db, conditions.join(' AND '), params);
  const found: FarSessions = new Map();
  const from = first.startOf('day').toJSDate();
  const to = last.plus({ days: 1 }).startOf('day').toJSDate();
  for (const schedule of schedules) {
    for (const session of expandedSessions(schedule, from, to, SESSIONS_PER_SCHEDULE)) {
      const fits = (window: { from: number; to: number }) =>
        overlapsWindow(session.startMinute, session.endMinute, window.from, window.to);
      // Any of the parts of the day, and the time window too (as in the SQL).
      if (query.partsOfDay.length && !query.partsOfDay.some((part) => fits(PARTS_OF_DAY[part]))) continue;
      if (query.timeWindow && !fits(query.timeWindow)) continue;
      const kept = found.get(schedule.service_id) ?? { start: null, end: null, dayMask: 0 };
      kept.dayMask |= weekdayBits([session.isoDow]);
      const onDay = query.days.length === 0 || query.days.includes(session.isoDow);
      if (onDay && (kept.start === null || session.start < kept.start)) {
        kept.start = session.start;
        kept.end = session.end;
      }
      found.set(schedule.service_id, kept);
    }
  }
  return found;
}

/** The bits of a day mask (bit isoDow - 1) meaning one of these weekdays (all when none). */
export function weekdayBits(days: number[]): number {
  return (days.length ? days : [1, 2, 3, 4, 5, 6, 7]).reduce((mask, day) => mask | (1 << (day - 1)), 0);
}
