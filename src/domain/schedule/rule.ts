// An Open Referral HSDS 3.0 schedule (the RFC 5545 subset it uses) as a rule, read and checked once.
//
// Errors: values that cannot be read at all (bad dates, times, days, interval, count or time zone) make
// expansion and description throw; rules that are well-formed but describe no dates (for example until
// before dtstart) expand to nothing. validateRule lists both kinds of problem.
import { isoDate, isValidZone, pad2, parseDate } from './calendar.js';

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

export const DEFAULT_TIMEZONE = 'Europe/London';

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
export const DAY_NAMES: readonly string[] = WEEKDAY_LIST.map((d) => d.name);

const BYDAY_TOKEN = /^([+-]?)(\d+)?([A-Z]{2})$/;
const TIME_PATTERN = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const INTEGER_PATTERN = /^[+-]?\d+$/;

export interface ByDay {
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

export interface ClockTime {
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

export function requireTime(value: string | null, name: string): ClockTime | null {
  if (value == null || value.trim() === '') return null;
  const time = parseTime(value);
  if (!time) throw new Error(`${name} "${value}" is not a valid time: use HH:MM or HH:MM:SS (24-hour clock)`);
  return time;
}

export interface CompiledRule {
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

export function compileOrThrow(rule: ScheduleRule): CompiledRule {
  const { rule: compiled, errors } = compile(rule);
  if (errors.length > 0) throw new Error(`Invalid schedule: ${errors.join('; ')}`);
  return compiled;
}

/** Human-readable problems with a rule; an empty list means it is fine. */
export function validateRule(rule: ScheduleRule): string[] {
  const { rule: c, errors } = compile(rule);
  const problems = [...errors];
  const hasDays = c.byday.length > 0 || c.bymonthday.length > 0;

  // A close before the open is a session running past midnight, ending the next day (as expansion reads it);
  // the same time for both says nothing about how long it lasts.
  if (c.opens && c.closes && c.closes.seconds === c.opens.seconds) {
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
