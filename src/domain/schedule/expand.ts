// Expands a schedule rule into concrete sessions in its local time zone.
import {
  civil,
  DAY_MS,
  firstDayOfMonth,
  isoDate,
  localDayOf,
  localToMillis,
  maxOf,
  minOf,
  monthIndexOf,
  parseDate,
  weekdayOf,
} from './calendar.js';
import { compileOrThrow, type CompiledRule, type ScheduleRule } from './rule.js';

export interface Occurrence {
  /** Local 'YYYY-MM-DD'. */
  date: string;
  /** Instant the session starts (local opensAt, or local midnight when no time is given). */
  start: Date;
  /** Instant it ends (closesAt), null if not given. */
  end: Date | null;
  /** 'HH:MM'. */
  opensAt: string | null;
  closesAt: string | null;
}

const DEFAULT_LIMIT = 1000;
// How far nextOccurrences looks ahead: about two years, enough for the sparsest monthly rules.
const LOOKAHEAD_DAYS = 732;
// Weeks counted for WEEKLY intervals when a rule has neither dtstart nor validFrom (a Monday).
const DEFAULT_ANCHOR = '2024-01-01';

/** The days a MONTHLY rule picks in one month, ascending. */
function monthDays(c: CompiledRule, monthIndex: number): number[] {
  const first = firstDayOfMonth(monthIndex);
  const length = firstDayOfMonth(monthIndex + 1) - first;
  const firstWeekday = weekdayOf(first);
  const picked = new Set<number>();

  const byDayDates = (): Set<number> => {
    const dates = new Set<number>();
    for (const b of c.byday) {
      const firstOfWeekday = 1 + ((b.weekday - firstWeekday + 7) % 7);
      if (b.ordinal === 0) {
        for (let d = firstOfWeekday; d <= length; d += 7) dates.add(d);
      } else if (b.ordinal > 0) {
        const d = firstOfWeekday + (b.ordinal - 1) * 7;
        if (d <= length) dates.add(d);
      } else {
        const last = firstOfWeekday + Math.floor((length - firstOfWeekday) / 7) * 7;
        const d = last + (b.ordinal + 1) * 7;
        if (d >= 1) dates.add(d);
      }
    }
    return dates;
  };

  if (c.bymonthday.length > 0) {
    // With both, BYDAY narrows the BYMONTHDAY days (RFC 5545 "limit" behaviour for MONTHLY).
    const allowed = c.byday.length > 0 ? byDayDates() : null;
    for (const n of c.bymonthday) {
      const d = n > 0 ? n : length + n + 1;
      if (d >= 1 && d <= length && (allowed === null || allowed.has(d))) picked.add(d);
    }
  } else if (c.byday.length > 0) {
    for (const d of byDayDates()) picked.add(d);
  } else if (c.dtstart !== null) {
    const d = civil(c.dtstart)[2];
    if (d <= length) picked.add(d);
  }
  return [...picked].sort((a, b) => a - b).map((d) => first + d - 1);
}

/**
 * Calls visit with each date the recurrence generates from lo to hi inclusive, in order, until it returns false.
 * Interval alignment is from the anchor; nothing is generated before lo.
 */
function generate(
  c: CompiledRule,
  anchor: number,
  lo: number,
  hi: number,
  visit: (day: number) => boolean,
): void {
  if (lo > hi) return;
  if (c.freq === 'WEEKLY') {
    let weekdays = [...new Set(c.byday.map((b) => b.weekday))].sort((a, b) => a - b);
    if (weekdays.length === 0) {
      if (c.dtstart === null) return;
      weekdays = [weekdayOf(c.dtstart)];
    }
    const anchorWeek = anchor - weekdayOf(anchor);
    const step = 7 * c.interval;
    const firstWeek = lo - weekdayOf(lo);
    let week = anchorWeek + Math.ceil((firstWeek - anchorWeek) / step) * step;
    for (; week <= hi; week += step) {
      for (const wd of weekdays) {
        const day = week + wd;
        if (day < lo) continue;
        if (day > hi) return;
        if (!visit(day)) return;
      }
    }
    return;
  }
  if (c.freq === 'MONTHLY') {
    if (c.byday.length === 0 && c.bymonthday.length === 0 && c.dtstart === null) return;
    const anchorMonth = monthIndexOf(anchor);
    let month = anchorMonth + Math.ceil((monthIndexOf(lo) - anchorMonth) / c.interval) * c.interval;
    for (; firstDayOfMonth(month) <= hi; month += c.interval) {
      for (const day of monthDays(c, month)) {
        if (day < lo) continue;
        if (day > hi) return;
        if (!visit(day)) return;
      }
    }
    return;
  }
  if (c.dtstart !== null && c.dtstart >= lo && c.dtstart <= hi) visit(c.dtstart);
}

function toOccurrence(c: CompiledRule, day: number): Occurrence {
  const startSeconds = c.opens?.seconds ?? 0;
  const start = localToMillis(day, startSeconds, c.zone);
  let end: number | null = null;
  if (c.closes) {
    // A closing time before the opening time is read as an overnight session ending the next day.
    const endDay = c.opens && c.closes.seconds < c.opens.seconds ? day + 1 : day;
    end = localToMillis(endDay, c.closes.seconds, c.zone);
  }
  return {
    date: isoDate(day),
    start: new Date(start),
    end: end === null ? null : new Date(end),
    opensAt: c.opens?.label ?? null,
    closesAt: c.closes?.label ?? null,
  };
}

function expandCompiled(c: CompiledRule, from: Date, to: Date, limit: number): Occurrence[] {
  const fromMs = from.getTime();
  const toMs = to.getTime();
  if (Number.isNaN(fromMs) || Number.isNaN(toMs))
    throw new Error('expandSchedule needs valid from and to dates');
  const result: Occurrence[] = [];
  if (limit <= 0 || fromMs >= toMs) return result;

  const isOneOff = c.freq === null;
  if (isOneOff && c.dtstart === null) return result;
  // Intervals count from dtstart; without one, from validFrom, else from a fixed Monday so results are stable.
  const anchor = c.dtstart ?? c.validFrom ?? (parseDate(DEFAULT_ANCHOR) as number);
  const first = maxOf(c.dtstart, c.validFrom, localDayOf(fromMs, c.zone)) as number;
  const last = minOf(isOneOff ? null : c.until, c.validTo, localDayOf(toMs, c.zone)) as number;
  if (first > last) return result;

  const accept = (day: number): boolean => {
    if (day < first || c.cancelled.has(day)) return true;
    const occurrence = toOccurrence(c, day);
    const start = occurrence.start.getTime();
    if (start >= fromMs && start < toMs) result.push(occurrence);
    return result.length < limit;
  };

  if (!isOneOff && c.count !== null) {
    // count is taken over everything generated from the anchor, so earlier and cancelled dates still use it up.
    let remaining = c.count;
    generate(c, anchor, c.dtstart ?? anchor, last, (day) => remaining-- > 0 && accept(day));
  } else {
    generate(c, anchor, first, last, accept);
  }
  return result;
}

/** Sessions starting at or after from and before to, in time order, skipping cancelled dates, at most limit. */
export function expandSchedule(
  rule: ScheduleRule,
  from: Date,
  to: Date,
  limit: number = DEFAULT_LIMIT,
): Occurrence[] {
  return expandCompiled(compileOrThrow(rule), from, to, limit);
}

/** The next count sessions starting at or after after, looking up to about two years ahead. */
export function nextOccurrences(rule: ScheduleRule, after: Date, count: number): Occurrence[] {
  const horizon = new Date(after.getTime() + LOOKAHEAD_DAYS * DAY_MS);
  return expandCompiled(compileOrThrow(rule), after, horizon, count);
}

// ---------------------------------------------------------------------------------------------------------
