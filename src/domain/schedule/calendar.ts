// Calendar arithmetic on "epoch days" (days since 1970-01-01 on the calendar, no time zone), so that
// schedule expansion is plain integer arithmetic; luxon is only asked to turn a local wall-clock time into
// an instant, memoised because the same dates and times recur across activities.
import { DateTime, IANAZone } from 'luxon';

export const DAY_MS = 86_400_000;
export const MONTH_NAMES = [
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
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
// Bounds each memo below; they are cleared when full, which costs only recomputation.
const MEMO_LIMIT = 50_000;
const isoDateMemo = new Map<number, string>();

export function epochDay(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

export function civil(day: number): [number, number, number] {
  const d = new Date(day * DAY_MS);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

/** 0 = Monday .. 6 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

export function monthIndexOf(day: number): number {
  const [y, m] = civil(day);
  return y * 12 + (m - 1);
}

export function firstDayOfMonth(monthIndex: number): number {
  return epochDay(Math.floor(monthIndex / 12), (monthIndex % 12) + 1, 1);
}

export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function isoDate(day: number): string {
  let text = isoDateMemo.get(day);
  if (text === undefined) {
    const [y, m, d] = civil(day);
    text = `${y}-${pad2(m)}-${pad2(d)}`;
    if (isoDateMemo.size >= MEMO_LIMIT) isoDateMemo.clear();
    isoDateMemo.set(day, text);
  }
  return text;
}

export function parseDate(value: string): number | null {
  const match = DATE_PATTERN.exec(value.trim());
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const day = epochDay(y, m, d);
  const [cy, cm, cd] = civil(day);
  return cy === y && cm === m && cd === d ? day : null;
}

export function longDate(day: number): string {
  const [y, m, d] = civil(day);
  return `${d} ${MONTH_NAMES[m - 1]} ${y}`;
}

// ---------------------------------------------------------------------------------------------------------
// Time-zone conversions through luxon, memoised because the same dates and times recur across activities

const instantMemo = new Map<string, Map<number, number>>();
const localDayMemo = new Map<string, number>();
const zoneMemo = new Map<string, boolean>();

function remember<K>(memo: Map<K, number>, key: K, value: number): number {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}

export function isValidZone(zone: string): boolean {
  let valid = zoneMemo.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone);
    if (zoneMemo.size >= MEMO_LIMIT) zoneMemo.clear();
    zoneMemo.set(zone, valid);
  }
  return valid;
}

/** The instant (epoch ms) of a local wall-clock time; times in a spring-forward gap move forward. */
export function localToMillis(day: number, seconds: number, zone: string): number {
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

export function localDayOf(ms: number, zone: string): number {
  const key = `${zone}|${ms}`;
  const cached = localDayMemo.get(key);
  if (cached !== undefined) return cached;
  const dt = DateTime.fromMillis(ms, { zone });
  return remember(localDayMemo, key, epochDay(dt.year, dt.month, dt.day));
}

// ---------------------------------------------------------------------------------------------------------

export function maxOf(...values: (number | null)[]): number | null {
  let best: number | null = null;
  for (const v of values) if (v !== null && (best === null || v > best)) best = v;
  return best;
}

export function minOf(...values: (number | null)[]): number | null {
  let best: number | null = null;
  for (const v of values) if (v !== null && (best === null || v < best)) best = v;
  return best;
}
