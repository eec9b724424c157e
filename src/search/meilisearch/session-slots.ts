// Upcoming sessions compacted into filterable tokens, so day / part of day / time window / date range
// filters become plain Meilisearch filters. Tokens are keyed by local date, which keeps them exact
// however stale the document is: a search only ever asks for dates from today onwards.
import { DateTime } from 'luxon';
import { OCCURRENCE_HORIZON_DAYS } from '../../db/session-occurrences.js';
import { overlapsWindow, PARTS_OF_DAY, type PartOfDay } from '../../domain/time-rules.js';
import type { SearchQuery } from '../engine.js';

const ZONE = 'Europe/London';
/** Width of a time-window bucket; windows on half-hour boundaries are matched exactly. */
export const BUCKET_MINUTES = 30;

export interface OccurrenceForSlots {
  localDate: string;
  startMinute: number;
  endMinute: number | null;
}

/** 2026-12-01 → 20261201, the form dates take in filters. */
export function dateNumber(isoDate: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) throw new Error(`not a date (YYYY-MM-DD): ${isoDate}`);
  return Number(isoDate.replaceAll('-', ''));
}

/** The shared overlap rule (domain/time-rules) for one occurrence. */
export function overlaps(occurrence: OccurrenceForSlots, from: number, to: number): boolean {
  return overlapsWindow(occurrence.startMinute, occurrence.endMinute, from, to);
}

export const partToken = (date: number, part: PartOfDay) => `${date}-${part}`;
export const bucketToken = (date: number, bucket: number) =>
  `${date}-${String(Math.floor(bucket / 60)).padStart(2, '0')}${String(bucket % 60).padStart(2, '0')}`;

export interface SessionSlots {
  session_dates: number[];
  session_days: number[];
  session_parts: string[];
  session_buckets: string[];
}

export function sessionSlots(occurrences: (OccurrenceForSlots & { isoDow: number })[]): SessionSlots {
  const dates = new Set<number>();
  const days = new Set<number>();
  const parts = new Set<string>();
  const buckets = new Set<string>();
  for (const o of occurrences) {
    const date = dateNumber(o.localDate);
    dates.add(date);
    days.add(o.isoDow);
    for (const [part, range] of Object.entries(PARTS_OF_DAY) as [PartOfDay, { from: number; to: number }][]) {
      if (overlaps(o, range.from, range.to)) parts.add(partToken(date, part));
    }
    for (let bucket = 0; bucket < 24 * 60; bucket += BUCKET_MINUTES) {
      if (overlaps(o, bucket, bucket + BUCKET_MINUTES)) buckets.add(bucketToken(date, bucket));
    }
  }
  const sorted = <T>(set: Set<T>) => [...set].sort();
  return {
    session_dates: [...dates].sort((a, b) => a - b),
    session_days: [...days].sort((a, b) => a - b),
    session_parts: sorted(parts),
    session_buckets: sorted(buckets),
  };
}

/** Local dates a time search can match: today to the horizon, within the range, on the chosen days. */
export function candidateDates(query: Pick<SearchQuery, 'now' | 'days' | 'dateFrom' | 'dateTo'>): number[] {
  const today = DateTime.fromJSDate(query.now, { zone: ZONE }).startOf('day');
  let day = today;
  let last = today.plus({ days: OCCURRENCE_HORIZON_DAYS });
  if (query.dateFrom) {
    const from = DateTime.fromISO(query.dateFrom, { zone: ZONE });
    if (from > day) day = from;
  }
  if (query.dateTo) {
    const to = DateTime.fromISO(query.dateTo, { zone: ZONE });
    if (to < last) last = to;
  }
  const dates: number[] = [];
  for (; day <= last; day = day.plus({ days: 1 })) {
    if (query.days.length === 0 || query.days.includes(day.weekday)) dates.push(dateNumber(day.toISODate()!));
  }
  return dates;
}

/** Buckets a window touches; an unaligned window is widened to whole buckets. */
export function windowBuckets(window: { from: number; to: number }): number[] {
  const buckets: number[] = [];
  for (let bucket = 0; bucket < 24 * 60; bucket += BUCKET_MINUTES) {
    if (bucket < window.to && bucket + BUCKET_MINUTES > window.from) buckets.push(bucket);
  }
  return buckets;
}
