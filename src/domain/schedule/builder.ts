// The plain-language schedule builder: "every week on…", "every other week", "first Tuesday of the month",
// "these dates", with extra one-off dates beside a pattern → HSDS schedule fields, checked with the schedule rules
// and previewed as next dates. Every choice the editor offers is either saved as previewed or refused by name.
import { DateTime } from 'luxon';
import type { FormError } from '../form-error.js';
import {
  describeSchedule,
  expandSchedule,
  nextOccurrences,
  validateRule,
  type Weekday,
  WEEKDAY_LIST,
  scheduleRule,
  type ScheduleFields,
} from './index.js';

export type SchedulePattern = 'weekly' | 'fortnightly' | 'monthly' | 'dates';

/** A date as typed in the design system's date input: day, month and year boxes. */
export interface DateTyped {
  day: string;
  month: string;
  year: string;
}

export interface ScheduleChoice {
  pattern: string;
  /** Every week: the days. */
  days: string[];
  /** Every other week: the day. */
  day: string;
  /** Every other week: the date of one session, which sets which weeks. */
  firstDate: DateTyped;
  /** Once a month: 1..4 or -1 for the last. */
  weekOfMonth: string;
  /** Once a month: the day. */
  monthDay: string;
  /** "On particular dates": one date per line or separated by commas. */
  dates: string;
  /** One-off dates beside any pattern (an extra session before Christmas), written as `dates` is. */
  extraDates: string;
  /** The first date it runs: no session before it. */
  startDate: DateTyped;
  /** The last date it runs: no session after it. */
  endDate: DateTyped;
  opensAt: string;
  closesAt: string;
}

export interface BuiltSchedule extends ScheduleFields {
  freq: 'WEEKLY' | 'MONTHLY' | null;
  interval: number | null;
  byday: string | null;
  dtstart: string | null;
  until: string | null;
  opens_at: string;
  closes_at: string;
}

export const WEEKDAY_OPTIONS: { code: Weekday; name: string }[] = WEEKDAY_LIST.map(({ code, name }) => ({
  code,
  name,
}));

export const WEEK_OF_MONTH_OPTIONS = [
  { code: '1', name: 'First' },
  { code: '2', name: 'Second' },
  { code: '3', name: 'Third' },
  { code: '4', name: 'Fourth' },
  { code: '-1', name: 'Last' },
];

export const EMPTY_DATE: DateTyped = { day: '', month: '', year: '' };

const isWeekday = (value: string): value is Weekday => WEEKDAY_OPTIONS.some((d) => d.code === value);
// 14:30, 14.30, 9:05, or 1430 and 930 (a phone's number pad has no colon).
const TIME = /^([01]?\d|2[0-3])(?:[:.]?)([0-5]\d)$/;
const MAX_DATES = 60;
const ZONE = 'Europe/London';
// How far ahead the preview (and nextOccurrences) looks: a schedule with no session in it is refused.
const LOOKAHEAD_YEARS = 2;

/** '2026-03-05', '5/3/2026', '05-03-2026' or '5 March 2026' (day first, as written in the UK) → '2026-03-05'. */
export function readDate(value: string): string | null {
  const text = value.trim();
  for (const format of ['yyyy-MM-dd', 'd/M/yyyy', 'd MMMM yyyy', 'd MMM yyyy']) {
    const written = format === 'd/M/yyyy' ? text.replace(/[-.]/g, '/') : text;
    const date = DateTime.fromFormat(written, format, { locale: 'en-GB' });
    if (date.isValid) return date.toISODate();
  }
  return null;
}

/** A stored 'YYYY-MM-DD' (forms saved before the date input) or the boxes as posted → the boxes. */
export function dateTyped(value: unknown): DateTyped {
  if (typeof value === 'string') {
    const iso = readDate(value);
    if (!value.trim()) return { ...EMPTY_DATE };
    if (!iso) return { day: value.trim(), month: '', year: '' };
    const [year, month, day] = iso.split('-');
    return { day: String(Number(day)), month: String(Number(month)), year };
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const parts = value as Record<string, unknown>;
    const box = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
    return { day: box(parts.day), month: box(parts.month), year: box(parts.year) };
  }
  return { ...EMPTY_DATE };
}

const isBlank = (d: DateTyped) => !d.day && !d.month && !d.year;

/**
 * The boxes of a date input as 'YYYY-MM-DD', or the design system's message for what is wrong with them
 * ("First date must include a month", "First date must be a real date").
 */
function readDateBoxes(label: string, d: DateTyped): { date: string | null; problem: string | null } {
  if (isBlank(d)) return { date: null, problem: null };
  const missing = (['day', 'month', 'year'] as const).filter((part) => !d[part]);
  if (missing.length === 1) return { date: null, problem: `${label} must include a ${missing[0]}` };
  if (missing.length === 2)
    return { date: null, problem: `${label} must include a ${missing[0]} and ${missing[1]}` };
  const numbers = [d.day, d.month, d.year].every((part) => /^\d+$/.test(part));
  if (numbers && !/^\d{4}$/.test(d.year))
    return { date: null, problem: `${label} year must include 4 numbers, like 2026` };
  const date = numbers
    ? DateTime.fromObject(
        { year: Number(d.year), month: Number(d.month), day: Number(d.day) },
        { zone: ZONE },
      )
    : null;
  if (!date?.isValid) return { date: null, problem: `${label} must be a real date, like 6 1 2026` };
  return { date: date.toISODate(), problem: null };
}

function readTime(value: string): string | null {
  const match = TIME.exec(value.trim().replace(/\s+/g, ''));
  return match ? `${match[1].padStart(2, '0')}:${match[2]}` : null;
}

/** "Friday 18 December 2026". */
export function dayDate(iso: string): string {
  return DateTime.fromISO(iso, { zone: ZONE }).toFormat('cccc d MMMM yyyy');
}

function dayName(code: string): string {
  return WEEKDAY_OPTIONS.find((d) => d.code === code)?.name ?? code;
}

/** One date per line (or separated by commas); the dates read, sorted and once each, or the lines not read. */
function readDateList(text: string): { dates: string[]; unread: string[]; count: number } {
  const typed = text
    .split(/[\n,;]+/)
    .map((d) => d.trim())
    .filter(Boolean);
  const unread = typed.filter((d) => !readDate(d));
  const dates = [...new Set(typed.map(readDate).filter((d): d is string => d !== null))].sort();
  return { dates, unread, count: typed.length };
}

/**
 * Reads the builder's fields; every problem names the field to fix. Only the fields of the chosen pattern are
 * read (the others are the parts of the form that pattern hides); the times, the first and last dates and the
 * extra dates apply to every pattern. `now` is when "no session from today on" is judged.
 */
export function buildSchedules(
  choice: ScheduleChoice,
  now: Date = new Date(),
): {
  schedules: BuiltSchedule[];
  problems: FormError[];
} {
  const problems: FormError[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });
  const has = (field: string) => problems.some((p) => p.field === field);

  const opensAt = readTime(choice.opensAt);
  const closesAt = readTime(choice.closesAt);
  if (!choice.opensAt.trim()) problem('opensAt', 'Enter the time it starts, like 10:00');
  else if (!opensAt)
    problem('opensAt', 'Start time must be a time on the 24-hour clock, like 10:00 or 14:30');
  if (!choice.closesAt.trim()) problem('closesAt', 'Enter the time it finishes, like 12:00');
  else if (!closesAt)
    problem('closesAt', 'End time must be a time on the 24-hour clock, like 12:00 or 16:30');
  if (opensAt && closesAt && closesAt <= opensAt)
    problem('closesAt', 'End time must be after the start time');

  const start = readDateBoxes('First date', choice.startDate);
  const end = readDateBoxes('Last date', choice.endDate);
  if (start.problem) problem('startDate', start.problem);
  if (end.problem) problem('endDate', end.problem);
  const startDate = start.date;
  const endDate = end.date;
  if (startDate && endDate && endDate < startDate)
    problem('endDate', 'Last date must be the same as or after the first date');

  const base = { opens_at: opensAt ?? '', closes_at: closesAt ?? '', until: endDate };
  const schedules: BuiltSchedule[] = [];
  let oneOffField = 'extraDates';
  switch (choice.pattern) {
    case 'weekly': {
      const days = choice.days.filter(isWeekday);
      if (days.length === 0) problem('days', 'Choose the days of the week it runs');
      schedules.push({ ...base, freq: 'WEEKLY', interval: 1, byday: days.join(','), dtstart: startDate });
      break;
    }
    case 'fortnightly': {
      const first = readDateBoxes('Date of one session', choice.firstDate);
      if (!isWeekday(choice.day)) problem('day', 'Choose the day of the week it runs');
      if (isBlank(choice.firstDate))
        problem('firstDate', 'Enter the date of one session, so we know which weeks');
      else if (first.problem) problem('firstDate', first.problem);
      else if (first.date && isWeekday(choice.day)) {
        const weekday = WEEKDAY_OPTIONS[DateTime.fromISO(first.date).weekday - 1];
        if (weekday.code !== choice.day)
          problem(
            'firstDate',
            `${dayDate(first.date)} is a ${weekday.name}: enter a date that is a ${dayName(choice.day)}, or change the day`,
          );
      }
      // The date of one session keeps which weeks; the first date, when given, is where they begin.
      const dtstart = first.date ? fortnightFrom(first.date, startDate) : null;
      if (dtstart && endDate && !has('endDate') && endDate < dtstart)
        problem(
          'endDate',
          `Last date must be on or after the first session, ${dayDate(dtstart)}, or leave it empty`,
        );
      schedules.push({ ...base, freq: 'WEEKLY', interval: 2, byday: choice.day, dtstart });
      break;
    }
    case 'monthly': {
      if (!WEEK_OF_MONTH_OPTIONS.some((w) => w.code === choice.weekOfMonth))
        problem('weekOfMonth', 'Choose which week of the month: first, second, third, fourth or last');
      if (!isWeekday(choice.monthDay)) problem('monthDay', 'Choose the day of the week it runs');
      schedules.push({
        ...base,
        freq: 'MONTHLY',
        interval: 1,
        byday: `${choice.weekOfMonth}${choice.monthDay}`,
        dtstart: startDate,
      });
      break;
    }
    case 'dates': {
      oneOffField = 'dates';
      const { dates, unread, count } = readDateList(choice.dates);
      if (count === 0) problem('dates', 'Enter at least one date, one per line, like 5/3/2026');
      else if (unread.length)
        problem(
          'dates',
          `These are not dates we can read: ${unread.slice(0, 5).join(', ')}. Write each like 5/3/2026`,
        );
      for (const date of dates)
        schedules.push({ ...base, freq: null, interval: null, byday: null, dtstart: date, until: null });
      break;
    }
    default:
      problem('pattern', 'Choose how often it runs');
  }

  // Extra one-off dates beside the pattern: kept as sessions of their own, never merged away.
  const extra = readDateList(choice.extraDates);
  if (extra.unread.length)
    problem(
      'extraDates',
      `These are not dates we can read: ${extra.unread.slice(0, 5).join(', ')}. Write each like 18/12/2026`,
    );
  const repeating = schedules.filter((s) => s.freq !== null);
  const taken = new Set(schedules.filter((s) => s.freq === null).map((s) => s.dtstart));
  for (const date of extra.dates) {
    if (taken.has(date)) continue;
    schedules.push({ ...base, freq: null, interval: null, byday: null, dtstart: date, until: null });
  }
  const oneOffs = schedules.filter((s) => s.freq === null);
  if (oneOffs.length > MAX_DATES)
    problem(oneOffField, `Enter at most ${MAX_DATES} dates; use a repeating pattern for more`);

  if (problems.length === 0) {
    for (const schedule of schedules) {
      for (const message of validateRule(scheduleRule(schedule, []))) problem('pattern', message);
    }
  }
  if (problems.length === 0) {
    // The first and last dates bound every session, the one-off ones too.
    for (const date of oneOffs.map((s) => s.dtstart!)) {
      const field = extra.dates.includes(date) && choice.pattern !== 'dates' ? 'extraDates' : oneOffField;
      const label = field === 'dates' ? 'the dates' : 'the extra dates';
      if (startDate && date < startDate)
        problem(
          field,
          `${dayDate(date)} is before the first date, ${dayDate(startDate)}: change the first date, or take it out of ${label}`,
        );
      else if (endDate && date > endDate)
        problem(
          field,
          `${dayDate(date)} is after the last date, ${dayDate(endDate)}: change the last date, or take it out of ${label}`,
        );
      else if (repeating.some((s) => sessionOn(s, date)))
        problem(
          'extraDates',
          `${dayDate(date)} is already a session of the pattern: take it out of the extra dates`,
        );
    }
  }
  if (problems.length === 0 && repeating.length && startDate && endDate) {
    const within = repeating.some(
      (s) => expandSchedule(scheduleRule(s, []), dayStart(startDate), dayStart(endDate, 1), 1).length > 0,
    );
    if (!within)
      problem('endDate', 'No session falls between the first date and the last date: change one of them');
  }
  if (problems.length === 0 && previewSchedules(schedules, now, 1).nextDates.length === 0) {
    const today = DateTime.fromJSDate(now, { zone: ZONE }).toISODate()!;
    if (endDate && endDate < today)
      problem(
        'endDate',
        'Last date is in the past, so no sessions would be listed: change it, or leave it empty',
      );
    else if (choice.pattern === 'dates')
      problem('dates', 'All these dates are in the past: enter the dates from today on');
    else if (startDate) problem('startDate', `First date must be within ${LOOKAHEAD_YEARS} years from today`);
    else problem('pattern', 'There are no sessions from today on: check the pattern and dates');
  }
  return { schedules: problems.length ? [] : schedules, problems };
}

const dayStart = (iso: string, plusDays = 0) =>
  DateTime.fromISO(iso, { zone: ZONE }).plus({ days: plusDays }).toJSDate();

function sessionOn(schedule: BuiltSchedule, date: string): boolean {
  return expandSchedule(scheduleRule(schedule, []), dayStart(date), dayStart(date, 1), 1).length > 0;
}

/** The first every-other-week session on or after `from` (or `one` itself), in step with the session `one`. */
function fortnightFrom(one: string, from: string | null): string {
  if (!from) return one;
  const anchor = DateTime.fromISO(one);
  const fortnights = Math.ceil(DateTime.fromISO(from).diff(anchor, 'days').days / 14);
  return anchor.plus({ days: fortnights * 14 }).toISODate()!;
}

/** "Every other Tuesday, 10:00–12:00", "Also on Friday 18 December 2026" and the next few dates. */
export function previewSchedules(
  schedules: BuiltSchedule[],
  now: Date,
  count = 6,
): { wording: string[]; nextDates: { date: string; start: Date; end: Date | null }[] } {
  const oneOffs = schedules.filter((s) => s.freq === null);
  const repeating = schedules.filter((s) => s.freq !== null);
  const wording = repeating.map((s) => describeSchedule(scheduleRule(s, [])));
  if (oneOffs.length) {
    const times = `${oneOffs[0].opens_at}–${oneOffs[0].closes_at}`;
    const dates = oneOffs.map((s) => s.dtstart!);
    const listed =
      dates.length <= 5
        ? dates.map(dayDate).join(', ')
        : `${dates.length} dates, from ${dayDate(dates[0])} to ${dayDate(dates[dates.length - 1])}`;
    wording.push(`${repeating.length ? 'Also on' : 'On'} ${listed}, ${times}`);
  }
  const nextDates = schedules
    .flatMap((s) => nextOccurrences(scheduleRule(s, []), now, count))
    .sort((a, b) => a.start.getTime() - b.start.getTime())
    .slice(0, count)
    .map((o) => ({ date: o.date, start: o.start, end: o.end }));
  return { wording, nextDates };
}
