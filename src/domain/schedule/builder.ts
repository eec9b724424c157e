// The plain-language schedule builder: "every week on…", "every other week", "first Tuesday of the month",
// "these dates" → HSDS schedule fields, checked with the schedule rules and previewed as next dates.
import { DateTime } from 'luxon';
import type { FormError } from '../form-error.js';
import {
  describeSchedule,
  nextOccurrences,
  validateRule,
  type Weekday,
  WEEKDAY_LIST,
  scheduleRule,
  type ScheduleFields,
} from './index.js';

export type SchedulePattern = 'weekly' | 'fortnightly' | 'monthly' | 'dates';

export interface ScheduleChoice {
  pattern: string;
  /** Weekly: the days. */
  days: string[];
  /** Fortnightly and monthly: the one day. */
  day: string;
  /** Fortnightly: the date of one session, which sets which weeks. */
  firstDate: string;
  /** Monthly: 1..4 or -1 for the last. */
  weekOfMonth: string;
  /** "These dates": one date per line or separated by commas. */
  dates: string;
  startDate: string;
  endDate: string;
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

const isWeekday = (value: string): value is Weekday => WEEKDAY_OPTIONS.some((d) => d.code === value);
const TIME = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/;
const MAX_DATES = 60;

/** '2026-03-05', '5/3/2026' or '05-03-2026' (day first, as written in the UK) → '2026-03-05'. */
export function readDate(value: string): string | null {
  const text = value.trim();
  let date = DateTime.fromFormat(text, 'yyyy-MM-dd');
  if (!date.isValid) date = DateTime.fromFormat(text.replace(/[-.]/g, '/'), 'd/M/yyyy');
  return date.isValid ? date.toISODate() : null;
}

function readTime(value: string): string | null {
  const match = TIME.exec(value.trim());
  return match ? `${match[1].padStart(2, '0')}:${match[2]}` : null;
}

/** Reads the builder's fields; every problem names the field to fix. */
export function buildSchedules(choice: ScheduleChoice): {
  schedules: BuiltSchedule[];
  problems: FormError[];
} {
  const problems: FormError[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });

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

  const startDate = choice.startDate.trim() ? readDate(choice.startDate) : null;
  const endDate = choice.endDate.trim() ? readDate(choice.endDate) : null;
  if (choice.startDate.trim() && !startDate)
    problem('startDate', 'Start date must be a real date, like 2026-01-06');
  if (choice.endDate.trim() && !endDate) problem('endDate', 'End date must be a real date, like 2026-07-21');
  if (startDate && endDate && endDate < startDate)
    problem('endDate', 'End date must be on or after the start date');

  const base = { opens_at: opensAt ?? '', closes_at: closesAt ?? '', until: endDate };
  const schedules: BuiltSchedule[] = [];
  switch (choice.pattern) {
    case 'weekly': {
      const days = choice.days.filter(isWeekday);
      if (days.length === 0) problem('days', 'Choose the days of the week it runs');
      schedules.push({ ...base, freq: 'WEEKLY', interval: 1, byday: days.join(','), dtstart: startDate });
      break;
    }
    case 'fortnightly': {
      const first = choice.firstDate.trim() ? readDate(choice.firstDate) : null;
      if (!isWeekday(choice.day)) problem('day', 'Choose the day of the week it runs');
      if (!choice.firstDate.trim())
        problem('firstDate', 'Enter the date of one session, so we know which weeks');
      else if (!first) problem('firstDate', 'Date of one session must be a real date, like 2026-01-06');
      else if (isWeekday(choice.day)) {
        const weekday = WEEKDAY_OPTIONS[DateTime.fromISO(first).weekday - 1];
        if (weekday.code !== choice.day)
          problem(
            'firstDate',
            `${first} is a ${weekday.name}: choose a date that is a ${dayName(choice.day)}`,
          );
      }
      if (first && endDate && endDate < first)
        problem('endDate', 'End date must be after the date of the first session');
      schedules.push({ ...base, freq: 'WEEKLY', interval: 2, byday: choice.day, dtstart: first });
      break;
    }
    case 'monthly': {
      if (!WEEK_OF_MONTH_OPTIONS.some((w) => w.code === choice.weekOfMonth))
        problem('weekOfMonth', 'Choose which week of the month: first, second, third, fourth or last');
      if (!isWeekday(choice.day)) problem('day', 'Choose the day of the week it runs');
      schedules.push({
        ...base,
        freq: 'MONTHLY',
        interval: 1,
        byday: `${choice.weekOfMonth}${choice.day}`,
        dtstart: startDate,
      });
      break;
    }
    case 'dates': {
      const typed = choice.dates
        .split(/[\n,;]+/)
        .map((d) => d.trim())
        .filter(Boolean);
      const bad = typed.filter((d) => !readDate(d));
      if (typed.length === 0) problem('dates', 'Enter at least one date, one per line, like 2026-03-05');
      else if (bad.length)
        problem(
          'dates',
          `These are not dates we can read: ${bad.slice(0, 5).join(', ')}. Use 2026-03-05 or 5/3/2026`,
        );
      else if (typed.length > MAX_DATES)
        problem('dates', `Enter at most ${MAX_DATES} dates; use a repeating pattern for more`);
      const dates = [...new Set(typed.map(readDate).filter((d): d is string => d !== null))].sort();
      for (const date of dates)
        schedules.push({ ...base, freq: null, interval: null, byday: null, dtstart: date, until: null });
      break;
    }
    default:
      problem('pattern', 'Choose how often it runs');
  }
  if (problems.length === 0) {
    for (const schedule of schedules) {
      for (const message of validateRule(scheduleRule(schedule, []))) problem('pattern', message);
    }
  }
  return { schedules: problems.length ? [] : schedules, problems };
}

function dayName(code: string): string {
  return WEEKDAY_OPTIONS.find((d) => d.code === code)?.name ?? code;
}

/** "Every other Tuesday, 10:00–12:00" and the next few dates, for the preview beside the form. */
export function previewSchedules(
  schedules: BuiltSchedule[],
  now: Date,
  count = 6,
): { wording: string[]; nextDates: { date: string; start: Date; end: Date | null }[] } {
  const oneOffs = schedules.filter((s) => s.freq === null);
  const wording = schedules.filter((s) => s.freq !== null).map((s) => describeSchedule(scheduleRule(s, [])));
  if (oneOffs.length)
    wording.push(
      `On ${oneOffs.length} ${oneOffs.length === 1 ? 'date' : 'dates'}, ${oneOffs[0].opens_at}–${oneOffs[0].closes_at}`,
    );
  const nextDates = schedules
    .flatMap((s) => nextOccurrences(scheduleRule(s, []), now, count))
    .sort((a, b) => a.start.getTime() - b.start.getTime())
    .slice(0, count)
    .map((o) => ({ date: o.date, start: o.start, end: o.end }));
  return { wording, nextDates };
}
