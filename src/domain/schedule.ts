// Expands Open Referral HSDS 3.0 schedules (the RFC 5545 subset they use) into concrete sessions in a
// local time zone, and describes them in plain English for link workers and patients.
//
// Dates are handled as whole "epoch days" (days since 1970-01-01 on the calendar, no time zone) so that
// expansion is plain integer arithmetic; luxon is only asked to turn a local wall-clock time into an instant.
//
// Errors: values that cannot be read at all (bad dates, times, days, interval, count or time zone) make
// expandSchedule, nextOccurrences and describeSchedule throw; rules that are well-formed but describe no
// dates (for example until before dtstart) expand to nothing. validateRule lists both kinds of problem.

import { DateTime, IANAZone } from 'luxon';

export type Weekday = 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';

export interface ScheduleRule {
  /** null = a one-off dated session on dtstart. */
  freq: 'WEEKLY' | 'MONTHLY' | null;
  /** Every N weeks or months (>= 1), counted from dtstart. */
  interval: number;
  /** 'MO'..'SU'; for MONTHLY also ordinals such as '1SA', '2TU' or '-1FR' (last Friday). */
  byday: string[];
  /** 1..31, or negative counting from the end of the month (-1 = last day). */
  bymonthday: number[];
  /** Local date 'YYYY-MM-DD': anchor for intervals and first possible date; the date of a one-off. */
  dtstart: string | null;
  /** Local date, inclusive. */
  until: string | null;
  /** Total occurrences from dtstart; cancellations do not reduce it (like EXDATE). */
  count: number | null;
  /** Local date, inclusive (e.g. term starts). */
  validFrom: string | null;
  /** Local date, inclusive (e.g. term ends). */
  validTo: string | null;
  /** 'HH:MM' or 'HH:MM:SS'. */
  opensAt: string | null;
  closesAt: string | null;
  /** IANA zone, default 'Europe/London'. */
  timezone?: string;
  /** Local dates with no session (holidays). */
  cancelledDates?: string[];
}

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

export const DEFAULT_TIMEZONE = 'Europe/London';
const DEFAULT_LIMIT = 1000;
const DAY_MS = 86_400_000;
// How far nextOccurrences looks ahead: about two years, enough for the sparsest monthly rules.
const LOOKAHEAD_DAYS = 732;

/** The days of the week in ISO order (1 = Monday), with their codes and names. */
export const WEEKDAY_LIST = [
  { code: 'MO', iso: 1, name: 'Monday' },
  { code: 'TU', iso: 2, name: 'Tuesday' },
  { code: 'WE', iso: 3, name: 'Wednesday' },
  { code: 'TH', iso: 4, name: 'Thursday' },
  { code: 'FR', iso: 5, name: 'Friday' },
  { code: 'SA', iso: 6, name: 'Saturday' },
  { code: 'SU', iso: 7, name: 'Sunday' },
] as const satisfies readonly { code: Weekday; iso: number; name: string }[];
const WEEKDAYS: readonly Weekday[] = WEEKDAY_LIST.map((d) => d.code);
const DAY_NAMES: readonly string[] = WEEKDAY_LIST.map((d) => d.name);
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const ORDINAL_WORDS = [
  '',
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
  'eleventh',
  'twelfth',
];
// Weeks counted for WEEKLY intervals when a rule has neither dtstart nor validFrom (a Monday).
const DEFAULT_ANCHOR = '2024-01-01';

const BYDAY_TOKEN = /^([+-]?)(\d+)?([A-Z]{2})$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const INTEGER_PATTERN = /^[+-]?\d+$/;
// Bounds each memo below; they are cleared when full, which costs only recomputation.
const MEMO_LIMIT = 50_000;
const isoDateMemo = new Map<number, string>();

// ---------------------------------------------------------------------------------------------------------
// Calendar arithmetic on epoch days

function epochDay(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function civil(day: number): [number, number, number] {
  const d = new Date(day * DAY_MS);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

/** 0 = Monday .. 6 = Sunday (1970-01-01 was a Thursday). */
function weekdayOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

function monthIndexOf(day: number): number {
  const [y, m] = civil(day);
  return y * 12 + (m - 1);
}

function firstDayOfMonth(monthIndex: number): number {
  return epochDay(Math.floor(monthIndex / 12), (monthIndex % 12) + 1, 1);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function isoDate(day: number): string {
  let text = isoDateMemo.get(day);
  if (text === undefined) {
    const [y, m, d] = civil(day);
    text = `${y}-${pad2(m)}-${pad2(d)}`;
    if (isoDateMemo.size >= MEMO_LIMIT) isoDateMemo.clear();
    isoDateMemo.set(day, text);
  }
  return text;
}

function parseDate(value: string): number | null {
  const match = DATE_PATTERN.exec(value.trim());
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const day = epochDay(y, m, d);
  const [cy, cm, cd] = civil(day);
  return cy === y && cm === m && cd === d ? day : null;
}

function longDate(day: number): string {
  const [y, m, d] = civil(day);
  return `${d} ${MONTH_NAMES[m - 1]} ${y}`;
}

// ---------------------------------------------------------------------------------------------------------
// Time-zone conversions through luxon, memoised because the same dates and times recur across activities

// Numeric keys (local day * 86400 + seconds) per zone: string keys cost more than the lookups they save.
const instantMemo = new Map<string, Map<number, number>>();
const localDayMemo = new Map<string, number>();
const zoneMemo = new Map<string, boolean>();

function remember<K>(memo: Map<K, number>, key: K, value: number): number {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}

function isValidZone(zone: string): boolean {
  let valid = zoneMemo.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone);
    if (zoneMemo.size >= MEMO_LIMIT) zoneMemo.clear();
    zoneMemo.set(zone, valid);
  }
  return valid;
}

/** The instant (epoch ms) of a local wall-clock time; times in a spring-forward gap move forward. */
function localToMillis(day: number, seconds: number, zone: string): number {
  let memo = instantMemo.get(zone);
  if (memo === undefined) {
    memo = new Map();
    instantMemo.set(zone, memo);
  }
  const key = day * 86_400 + seconds;
  const cached = memo.get(key);
  if (cached !== undefined) return cached;
  const [year, month, date] = civil(day);
  const dt = DateTime.fromObject(
    {
      year,
      month,
      day: date,
      hour: Math.floor(seconds / 3600),
      minute: Math.floor((seconds % 3600) / 60),
      second: seconds % 60,
    },
    { zone },
  );
  return remember(memo, key, dt.toMillis());
}

function localDayOf(ms: number, zone: string): number {
  const key = `${zone}|${ms}`;
  const cached = localDayMemo.get(key);
  if (cached !== undefined) return cached;
  const dt = DateTime.fromMillis(ms, { zone });
  return remember(localDayMemo, key, epochDay(dt.year, dt.month, dt.day));
}

// ---------------------------------------------------------------------------------------------------------
// Parsing of days, days of the month and times

interface ByDay {
  /** 0 = Monday .. 6 = Sunday. */
  weekday: number;
  /** 0 = every such weekday; 1..5 = nth in the month; -1..-5 = nth from the end. */
  ordinal: number;
}

const DAY_HELP = 'use MO, TU, WE, TH, FR, SA or SU, optionally with a week of the month such as 1SA or -1FR';

function within(source: string | undefined): string {
  return source === undefined ? '' : ` in "${source}"`;
}

function parseBydayToken(token: string, source?: string): ByDay {
  const match = BYDAY_TOKEN.exec(token.trim().toUpperCase());
  const weekday = match ? WEEKDAYS.indexOf(match[3] as Weekday) : -1;
  if (!match || weekday < 0 || (match[2] === undefined && match[1] !== '')) {
    throw new Error(`Unrecognised day "${token}"${within(source)}: ${DAY_HELP}`);
  }
  if (match[2] === undefined) {
    return { weekday, ordinal: 0 };
  }
  const n = Number(match[2]);
  if (n < 1 || n > 5) {
    throw new Error(
      `Week of the month ${match[1] === '-' ? '-' : ''}${n} in "${token}" is out of range: ` +
        'use 1 to 5, or -1 to -5 to count from the end of the month',
    );
  }
  return { weekday, ordinal: match[1] === '-' ? -n : n };
}

function formatByDay(b: ByDay): string {
  return `${b.ordinal === 0 ? '' : b.ordinal}${WEEKDAYS[b.weekday]}`;
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** 'TU,TH' or 'TU, th' -> ['TU', 'TH']; throws on anything that is not a day. */
export function parseByday(value: string | null | undefined): string[] {
  if (value == null) return [];
  const result: string[] = [];
  for (const token of splitList(value)) {
    const normalised = formatByDay(parseBydayToken(token, value));
    if (!result.includes(normalised)) result.push(normalised);
  }
  return result;
}

const MONTHDAY_HELP = 'use whole numbers 1 to 31, or -1 to -31 to count back from the end of the month';

function checkMonthday(n: number, source?: string): number {
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    throw new Error(`Unrecognised day of the month "${n}"${within(source)}: ${MONTHDAY_HELP}`);
  }
  if (n === 0 || n < -31 || n > 31) {
    throw new Error(`Day of the month ${n}${within(source)} is out of range: ${MONTHDAY_HELP}`);
  }
  return n;
}

/** '1,15,-1' -> [1, 15, -1]; throws on anything that is not a day of the month. */
export function parseBymonthday(value: string | null | undefined): number[] {
  if (value == null) return [];
  const result: number[] = [];
  for (const token of splitList(value)) {
    if (!INTEGER_PATTERN.test(token)) {
      throw new Error(`Unrecognised day of the month "${token}" in "${value}": ${MONTHDAY_HELP}`);
    }
    const n = checkMonthday(Number(token), value);
    if (!result.includes(n)) result.push(n);
  }
  return result;
}

interface ClockTime {
  /** Seconds after local midnight. */
  seconds: number;
  /** 'HH:MM'. */
  label: string;
}

function parseTime(value: string): ClockTime | null {
  const match = TIME_PATTERN.exec(value.trim());
  if (!match) return null;
  const [h, m, s] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
  if (h > 23 || m > 59 || s > 59) return null;
  return { seconds: h * 3600 + m * 60 + s, label: `${pad2(h)}:${pad2(m)}` };
}

function requireTime(value: string | null, name: string): ClockTime | null {
  if (value == null || value.trim() === '') return null;
  const time = parseTime(value);
  if (!time) throw new Error(`${name} "${value}" is not a valid time: use HH:MM or HH:MM:SS (24-hour clock)`);
  return time;
}

/** '10:00–12:00' (en dash), 'from 10:00', 'until 12:00' or ''. */
export function describeTimes(opensAt: string | null, closesAt: string | null): string {
  const opens = requireTime(opensAt, 'Opening time');
  const closes = requireTime(closesAt, 'Closing time');
  if (opens && closes) return `${opens.label}–${closes.label}`;
  if (opens) return `from ${opens.label}`;
  if (closes) return `until ${closes.label}`;
  return '';
}

// ---------------------------------------------------------------------------------------------------------
// Compiling a rule: read every field once, collecting problems that make it unreadable

interface CompiledRule {
  freq: 'WEEKLY' | 'MONTHLY' | null;
  interval: number;
  byday: ByDay[];
  bymonthday: number[];
  dtstart: number | null;
  until: number | null;
  count: number | null;
  validFrom: number | null;
  validTo: number | null;
  opens: ClockTime | null;
  closes: ClockTime | null;
  zone: string;
  cancelled: Set<number>;
}

interface Compilation {
  rule: CompiledRule;
  /** Values that cannot be read: expansion is impossible. */
  errors: string[];
}

function compile(rule: ScheduleRule): Compilation {
  const errors: string[] = [];
  const attempt = <T>(fn: () => T, fallback: T): T => {
    try {
      return fn();
    } catch (error) {
      errors.push((error as Error).message);
      return fallback;
    }
  };
  const date = (value: string | null | undefined, name: string): number | null => {
    if (value == null || value.trim() === '') return null;
    const day = parseDate(value);
    if (day === null) errors.push(`${name} "${value}" is not a valid date: use YYYY-MM-DD`);
    return day;
  };

  const freq = rule.freq ?? null;
  if (freq !== null && freq !== 'WEEKLY' && freq !== 'MONTHLY') {
    errors.push(
      `Frequency "${String(freq)}" is not supported: use WEEKLY, MONTHLY or none for a one-off session`,
    );
  }

  const interval = rule.interval ?? 1;
  if (!Number.isInteger(interval) || interval < 1) {
    errors.push(`Interval must be a whole number of at least 1, not ${String(interval)}`);
  }

  const byday: ByDay[] = [];
  for (const token of rule.byday ?? []) {
    const parsed = attempt(() => parseBydayToken(String(token)), null);
    if (!parsed) continue;
    if (parsed.ordinal !== 0 && freq === 'WEEKLY') {
      errors.push(
        `"${token}" picks a week of the month, which only works with a MONTHLY schedule, not WEEKLY`,
      );
    }
    if (!byday.some((b) => b.weekday === parsed.weekday && b.ordinal === parsed.ordinal)) byday.push(parsed);
  }

  const bymonthday: number[] = [];
  for (const n of rule.bymonthday ?? []) {
    const checked = attempt(() => checkMonthday(n), null);
    if (checked !== null && !bymonthday.includes(checked)) bymonthday.push(checked);
  }
  if (bymonthday.length > 0 && freq === 'WEEKLY') {
    errors.push('Days of the month (bymonthday) only work with a MONTHLY schedule, not WEEKLY');
  }

  const count = rule.count ?? null;
  if (count !== null && (!Number.isInteger(count) || count < 1)) {
    errors.push(`Count must be a whole number of at least 1, not ${String(count)}`);
  }

  const zone = rule.timezone ?? DEFAULT_TIMEZONE;
  if (!isValidZone(zone)) errors.push(`Time zone "${zone}" is not a known IANA time zone`);

  const cancelled = new Set<number>();
  for (const value of rule.cancelledDates ?? []) {
    const day = date(value, 'Cancelled date');
    if (day !== null) cancelled.add(day);
  }

  return {
    errors,
    rule: {
      freq,
      interval,
      byday,
      bymonthday,
      dtstart: date(rule.dtstart, 'Start date (dtstart)'),
      until: date(rule.until, 'End date (until)'),
      count,
      validFrom: date(rule.validFrom, 'Valid from date'),
      validTo: date(rule.validTo, 'Valid to date'),
      opens: attempt(() => requireTime(rule.opensAt, 'Opening time'), null),
      closes: attempt(() => requireTime(rule.closesAt, 'Closing time'), null),
      zone,
      cancelled,
    },
  };
}

function compileOrThrow(rule: ScheduleRule): CompiledRule {
  const { rule: compiled, errors } = compile(rule);
  if (errors.length > 0) throw new Error(`Invalid schedule: ${errors.join('; ')}`);
  return compiled;
}

/** Human-readable problems with a rule; an empty list means it is fine. */
export function validateRule(rule: ScheduleRule): string[] {
  const { rule: c, errors } = compile(rule);
  const problems = [...errors];
  const hasDays = c.byday.length > 0 || c.bymonthday.length > 0;

  if (c.opens && c.closes && c.closes.seconds <= c.opens.seconds) {
    problems.push(`Closes at ${c.closes.label}, which is not after it opens at ${c.opens.label}`);
  }
  if (c.freq === null && rule.dtstart == null) {
    problems.push('A one-off session needs a date (dtstart)');
  }
  if (c.freq === 'WEEKLY' && !hasDays && rule.dtstart == null) {
    problems.push('A weekly schedule needs days (byday) or a start date (dtstart) to take the day from');
  }
  if (c.freq === 'MONTHLY' && !hasDays && rule.dtstart == null) {
    problems.push('A monthly schedule needs days (byday or bymonthday) or a start date (dtstart)');
  }
  if (c.freq !== null && c.until !== null && c.count !== null) {
    problems.push('Give either an end date (until) or a number of sessions (count), not both');
  }
  if (c.freq !== null && c.dtstart !== null && c.until !== null && c.until < c.dtstart) {
    problems.push(
      `End date (until) ${isoDate(c.until)} is before the start date (dtstart) ${isoDate(c.dtstart)}`,
    );
  }
  if (c.validFrom !== null && c.validTo !== null && c.validTo < c.validFrom) {
    problems.push(
      `Valid to date ${isoDate(c.validTo)} is before the valid from date ${isoDate(c.validFrom)}`,
    );
  }
  if (c.freq !== null && c.validFrom !== null && c.until !== null && c.until < c.validFrom) {
    problems.push(
      `End date (until) ${isoDate(c.until)} is before the valid from date ${isoDate(c.validFrom)}`,
    );
  }
  if (c.dtstart !== null && c.validTo !== null && c.validTo < c.dtstart) {
    problems.push(
      `Valid to date ${isoDate(c.validTo)} is before the start date (dtstart) ${isoDate(c.dtstart)}`,
    );
  }
  if (c.freq === null && c.dtstart !== null && c.validFrom !== null && c.dtstart < c.validFrom) {
    problems.push(
      `The one-off date ${isoDate(c.dtstart)} is before the valid from date ${isoDate(c.validFrom)}`,
    );
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------
// Expansion

function maxOf(...values: (number | null)[]): number | null {
  let best: number | null = null;
  for (const v of values) if (v !== null && (best === null || v > best)) best = v;
  return best;
}

function minOf(...values: (number | null)[]): number | null {
  let best: number | null = null;
  for (const v of values) if (v !== null && (best === null || v < best)) best = v;
  return best;
}

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
// Plain-English descriptions

function joinList(items: string[], conjunction = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function ordinalWord(n: number): string {
  if (n > 0 && n < ORDINAL_WORDS.length) return ORDINAL_WORDS[n];
  return numericOrdinal(n);
}

function numericOrdinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

/** 1 -> 'first', -1 -> 'last', -2 -> 'second to last'. */
function weekOfMonthWord(ordinal: number): string {
  if (ordinal === -1) return 'last';
  return ordinal > 0 ? ordinalWord(ordinal) : `${ordinalWord(-ordinal)} to last`;
}

function byOrdinal(a: number, b: number): number {
  // Counting from the start first (1, 2, ...), then from the end (second to last before last).
  if (a > 0 !== b > 0) return a > 0 ? -1 : 1;
  return a - b;
}

function dayList(weekdays: number[]): string {
  return joinList(weekdays.map((wd) => DAY_NAMES[wd]));
}

function isWeekdaysOnly(weekdays: number[]): boolean {
  return weekdays.length === 5 && weekdays.every((wd) => wd < 5);
}

function describeWeekly(c: CompiledRule): string {
  let weekdays = [...new Set(c.byday.map((b) => b.weekday))].sort((a, b) => a - b);
  if (weekdays.length === 0 && c.dtstart !== null) weekdays = [weekdayOf(c.dtstart)];
  const everyDay = weekdays.length === 7;
  const weekdaysOnly = isWeekdaysOnly(weekdays);
  if (c.interval === 1) {
    if (weekdays.length === 0) return 'Every week';
    if (everyDay) return 'Every day';
    if (weekdaysOnly) return 'Every weekday';
    return `Every ${dayList(weekdays)}`;
  }
  const period = c.interval === 2 ? 'Every other week' : `Every ${c.interval} weeks`;
  if (weekdays.length === 0) return period;
  if (everyDay) return `${period}, every day`;
  if (weekdaysOnly) return `${period}, on weekdays`;
  return c.interval === 2 ? `Every other ${dayList(weekdays)}` : `${period} on ${dayList(weekdays)}`;
}

function monthPeriod(interval: number, single: string): string {
  if (interval === 1) return single;
  return interval === 2 ? 'every other month' : `every ${ordinalWord(interval)} month`;
}

function describeMonthlyByday(c: CompiledRule): string {
  const plain = [...new Set(c.byday.filter((b) => b.ordinal === 0).map((b) => b.weekday))].sort(
    (a, b) => a - b,
  );
  const groups: string[] = [];
  for (let wd = 0; wd < 7; wd++) {
    const ordinals = c.byday
      .filter((b) => b.weekday === wd && b.ordinal !== 0 && !plain.includes(wd))
      .map((b) => b.ordinal)
      .sort(byOrdinal);
    if (ordinals.length > 0) groups.push(`${joinList(ordinals.map(weekOfMonthWord))} ${DAY_NAMES[wd]}`);
  }
  const period = monthPeriod(c.interval, 'the month');
  const plainPhrase = plain.length > 0 ? `every ${dayList(plain)}` : '';
  if (groups.length === 0) {
    return c.interval === 1 ? capitalise(plainPhrase) : `${capitalise(plainPhrase)} of ${period}`;
  }
  const ordinalPhrase = `${joinList(groups)} of ${period}`;
  return plainPhrase === ''
    ? capitalise(ordinalPhrase)
    : `${capitalise(plainPhrase)} and the ${ordinalPhrase}`;
}

function describeMonthdays(days: number[]): string {
  const positive = days.filter((d) => d > 0).sort((a, b) => a - b);
  const negative = days.filter((d) => d < 0).sort((a, b) => a - b);
  const words = [
    ...positive.map(numericOrdinal),
    ...negative.map((d) => (d === -1 ? 'last day' : `${ordinalWord(-d)} to last day`)),
  ];
  return joinList(words);
}

function describeMonthly(c: CompiledRule): string {
  const period = monthPeriod(c.interval, 'every month');
  let days = c.bymonthday;
  if (days.length === 0 && c.byday.length > 0) return describeMonthlyByday(c);
  if (days.length === 0 && c.dtstart !== null) days = [civil(c.dtstart)[2]];
  if (days.length === 0) return capitalise(period);
  const phrase = `On the ${describeMonthdays(days)} of ${period}`;
  if (c.byday.length === 0) return phrase;
  const allowed = c.byday.map(
    (b) => (b.ordinal === 0 ? 'a ' : `the ${weekOfMonthWord(b.ordinal)} `) + DAY_NAMES[b.weekday],
  );
  return `${phrase}, when it is ${joinList(allowed, 'or')}`;
}

function describeLimits(c: CompiledRule): string {
  const parts: string[] = [];
  if (c.count !== null) parts.push(c.count === 1 ? '1 session' : `${c.count} sessions`);
  // With a count, the sessions are counted from dtstart, so that is where they begin.
  const from = c.validFrom ?? (c.count !== null ? c.dtstart : null);
  const to = minOf(c.until, c.validTo);
  if (from !== null && to !== null) parts.push(`from ${longDate(from)} to ${longDate(to)}`);
  else if (from !== null) parts.push(`from ${longDate(from)}`);
  else if (to !== null) parts.push(`until ${longDate(to)}`);
  return parts.join(' ');
}

/** Plain English, e.g. 'Every Tuesday and Thursday, 14:00–16:00, from 7 September 2026 to 16 July 2027'. */
export function describeSchedule(rule: ScheduleRule): string {
  const c = compileOrThrow(rule);
  const parts: string[] = [];
  if (c.freq === null) {
    parts.push(
      c.dtstart === null
        ? 'One-off session, date to be confirmed'
        : `${DAY_NAMES[weekdayOf(c.dtstart)]} ${longDate(c.dtstart)}`,
    );
  } else {
    parts.push(c.freq === 'WEEKLY' ? describeWeekly(c) : describeMonthly(c));
  }
  const times = describeTimes(rule.opensAt, rule.closesAt);
  if (times !== '') parts.push(times);
  if (c.freq !== null) {
    const limits = describeLimits(c);
    if (limits !== '') parts.push(limits);
  }
  return parts.join(', ');
}
