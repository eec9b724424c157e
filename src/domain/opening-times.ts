// Opening-times text from spreadsheets ("Wednesday 9:30am - 12noon", "09:00-17:00") turned into schedule
// parts, but only when the text is unambiguous; anything else is left for a person to read as a note.
import type { Weekday } from './schedule/index.js';

export interface TimeRange {
  /** 'HH:MM', 24-hour. */
  opensAt: string;
  closesAt: string;
}

export interface OpeningSlot extends TimeRange {
  days: Weekday[];
}

/** Either schedule slots, or null slots and the original text to keep as a note. */
export interface OpeningTimes {
  slots: OpeningSlot[] | null;
  note: string | null;
}

export interface Recurrence {
  freq: 'WEEKLY' | 'MONTHLY';
  interval: number;
  /** For MONTHLY: ordinal days such as '1MO' or '-1FR'; for WEEKLY: plain days, possibly empty. */
  byday: string[];
}

const WEEKDAYS: Weekday[] = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const DAY_WORDS: Record<string, Weekday> = {
  mon: 'MO',
  monday: 'MO',
  tue: 'TU',
  tues: 'TU',
  tuesday: 'TU',
  wed: 'WE',
  weds: 'WE',
  wednesday: 'WE',
  thu: 'TH',
  thur: 'TH',
  thurs: 'TH',
  thursday: 'TH',
  fri: 'FR',
  friday: 'FR',
  sat: 'SA',
  saturday: 'SA',
  sun: 'SU',
  sunday: 'SU',
};

/** 'Wednesday', 'Weds', 'Wednesdays' → 'WE'; anything else → null. */
export function parseWeekday(word: string): Weekday | null {
  const w = word.trim().toLowerCase().replace(/\.$/, '');
  return DAY_WORDS[w] ?? DAY_WORDS[w.replace(/s$/, '')] ?? null;
}

const pad = (n: number) => String(n).padStart(2, '0');

interface ClockTime {
  hour: number;
  minute: number;
  /** am/pm/noon given, or a 24-hour form with a leading zero or hour > 12. */
  explicit: boolean;
  meridiem: 'am' | 'pm' | null;
}

/** A time of day as people write it: '10', '10.30', '9:30am', 'noon', '12noon' (match case-insensitively). */
export const TIME = String.raw`(?:noon|midday|\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|noon)?)`;

function readClock(text: string): ClockTime | null {
  const t = text.trim().toLowerCase();
  if (t === 'noon' || t === 'midday' || t === '12noon' || t === '12 noon')
    return { hour: 12, minute: 0, explicit: true, meridiem: 'pm' };
  const m = /^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$/.exec(t);
  if (!m) return null;
  const hour = Number(m[1]);
  const minute = m[2] ? Number(m[2]) : 0;
  if (minute > 59 || hour > 23) return null;
  const meridiem = m[3] ? (m[3].startsWith('a') ? 'am' : 'pm') : null;
  if (meridiem && (hour === 0 || hour > 12)) return null;
  const twentyFourHour = !meridiem && m[2] !== undefined && (m[1].length === 2 || hour > 12);
  return { hour, minute, explicit: meridiem !== null || twentyFourHour, meridiem };
}

function toMinutes(clock: ClockTime, meridiem: 'am' | 'pm' | null): number {
  let hour = clock.hour;
  if (meridiem === 'pm' && hour < 12) hour += 12;
  if (meridiem === 'am' && hour === 12) hour = 0;
  return hour * 60 + clock.minute;
}

const label = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/** One time of day: '9:30am', '12noon', '10.30am', '09:00', '17:30' → 'HH:MM'. Bare '3' is ambiguous → null. */
export function parseClockTime(text: string): string | null {
  const clock = readClock(text);
  if (!clock || !clock.explicit) return null;
  return label(toMinutes(clock, clock.meridiem));
}

/**
 * '9:30am - 12noon', '09:00-17:00', '1.30 - 3.30pm' → a range. A start without am/pm takes the end's
 * when that keeps it before the end; a range with neither side clear is ambiguous.
 */
export function parseTimeRange(text: string): TimeRange | null {
  const m = new RegExp(String.raw`^\s*(${TIME})\s*(?:-|–|—|to|until|till)\s*(${TIME})\s*$`, 'i').exec(text);
  if (!m) return null;
  const start = readClock(m[1]);
  const end = readClock(m[2]);
  if (!start || !end || !end.explicit) return null;
  const closes = toMinutes(end, end.meridiem);
  let opens: number;
  if (start.explicit) opens = toMinutes(start, start.meridiem);
  else {
    const sameHalf = toMinutes(start, end.meridiem);
    const morning = toMinutes(start, 'am');
    if (sameHalf < closes) opens = sameHalf;
    else if (morning < closes) opens = morning;
    else return null;
  }
  if (closes <= opens) return null;
  return { opensAt: label(opens), closesAt: label(closes) };
}

/** '09:00-13:00,14:00-17:00' or '10am-1pm and 2pm-5pm' → ranges; null when any part is not a clear range. */
export function parseTimeRanges(text: string): TimeRange[] | null {
  const parts = text
    .split(/\s*(?:,|;|&|\band\b)\s*/i)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return null;
  const ranges: TimeRange[] = [];
  for (const part of parts) {
    const range = parseTimeRange(part);
    if (!range) return null;
    ranges.push(range);
  }
  return ranges;
}

/** A weekday as people write it: 'Mon', 'Tues', 'Wednesdays', 'Thurs.' (match case-insensitively). */
export const DAY = String.raw`(?:mon|tues?|wed(?:nes)?|weds|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?s?\.?`;

/** 'Wednesday', 'Tuesday - Friday', 'Mon, Wed and Fri', 'Weekdays' → days; null when not only days. */
export function parseDays(text: string): Weekday[] | null {
  const t = text.trim().toLowerCase();
  if (/^(weekdays|monday to friday|mon-fri)$/.test(t)) return WEEKDAYS.slice(0, 5);
  if (/^(daily|every day|7 days(?: a week)?)$/.test(t)) return [...WEEKDAYS];
  const span = new RegExp(String.raw`^(${DAY})\s*(?:-|–|to)\s*(${DAY})$`).exec(t);
  if (span) {
    const from = WEEKDAYS.indexOf(parseWeekday(span[1])!);
    const to = WEEKDAYS.indexOf(parseWeekday(span[2])!);
    if (from < 0 || to < 0 || to <= from) return null;
    return WEEKDAYS.slice(from, to + 1);
  }
  const words = t.split(/\s*(?:,|&|\/|\band\b)\s*/).filter(Boolean);
  const days: Weekday[] = [];
  for (const word of words) {
    const day = parseWeekday(word);
    if (!day) return null;
    if (!days.includes(day)) days.push(day);
  }
  return days.length ? days : null;
}

/**
 * Free opening-times text. Parsed only when every part reads as "days times" ("Wednesday 9:30am - 12noon",
 * "Tuesday - Friday 12noon - 2pm; Saturday 10am-1pm"); otherwise the whole text is returned as a note.
 */
export function parseOpeningTimes(text: string | null | undefined): OpeningTimes {
  const original = (text ?? '').trim();
  if (!original) return { slots: [], note: null };
  const segments = original.split(/\s*(?:;|\n|\.\s+)\s*/).filter(Boolean);
  const slots: OpeningSlot[] = [];
  const segment = new RegExp(
    String.raw`^((?:${DAY})(?:\s*(?:,|&|\/|-|–|to|and)\s*(?:${DAY}))*)\s*:?\s*(${TIME}\s*(?:-|–|—|to|until|till)\s*${TIME}(?:\s*(?:,|&|and)\s*${TIME}\s*(?:-|–|—|to|until|till)\s*${TIME})*)$`,
    'i',
  );
  for (const part of segments) {
    const m = segment.exec(part.replace(/\s+/g, ' ').replace(/\.$/, ''));
    const days = m ? parseDays(m[1]) : null;
    const ranges = m ? parseTimeRanges(m[2]) : null;
    if (!days || !ranges) return { slots: null, note: original };
    for (const range of ranges) slots.push({ days, ...range });
  }
  return { slots, note: null };
}

/**
 * Per-weekday hours columns (libraries' "Monday staffed hours" …) → slots, days with the same hours
 * grouped. Returns the days whose text was not clear hours so the caller can keep them as notes.
 */
export function parseWeeklyHours(byDay: Partial<Record<Weekday, string>>): {
  slots: OpeningSlot[];
  unclear: { day: Weekday; text: string }[];
} {
  const grouped = new Map<string, OpeningSlot>();
  const unclear: { day: Weekday; text: string }[] = [];
  for (const day of WEEKDAYS) {
    const text = byDay[day]?.trim();
    if (!text || /^(closed|none|-)$/i.test(text)) continue;
    const ranges = parseTimeRanges(text);
    if (!ranges) {
      unclear.push({ day, text });
      continue;
    }
    for (const range of ranges) {
      const key = `${range.opensAt}-${range.closesAt}`;
      const slot = grouped.get(key);
      if (slot) slot.days.push(day);
      else grouped.set(key, { days: [day], ...range });
    }
  }
  return { slots: [...grouped.values()], unclear };
}

const ORDINALS: Record<string, number> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
  last: -1,
};

/**
 * How often an activity runs, from a spreadsheet's frequency cell and days cell:
 * '' / 'every week' / 'weekly', 'every 2 weeks' / 'fortnightly', 'first Monday of the month',
 * 'first and third Tuesday of the month', 'last Friday of each month', or 'first of the month' with days.
 */
export function parseFrequency(text: string | null | undefined, days: Weekday[]): Recurrence | string {
  const t = (text ?? '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^(?:on )?(?:the )?/, '');
  if (t === '' || t === 'weekly' || t === 'every week' || t === 'each week')
    return { freq: 'WEEKLY', interval: 1, byday: days };
  if (t === 'fortnightly' || t === 'every other week' || t === 'every fortnight')
    return { freq: 'WEEKLY', interval: 2, byday: days };
  const everyN = /^every (\d+) weeks$/.exec(t);
  if (everyN) {
    const interval = Number(everyN[1]);
    if (interval < 1 || interval > 52) return `"${text}" is not between every 1 and every 52 weeks`;
    return { freq: 'WEEKLY', interval, byday: days };
  }
  const monthly = new RegExp(
    String.raw`^((?:first|second|third|fourth|last|1st|2nd|3rd|4th)(?:(?:, | and | & )(?:first|second|third|fourth|last|1st|2nd|3rd|4th))*)(?: (${DAY}))? (?:of )?(?:the|each|every) month$`,
  ).exec(t);
  if (monthly) {
    const ordinals = monthly[1].split(/, | and | & /).map((o) => ORDINALS[o]);
    const named = monthly[2] ? parseWeekday(monthly[2]) : null;
    const onDays = named ? [named] : days;
    if (onDays.length === 0) return `"${text}" needs a day, e.g. "first Monday of the month"`;
    if (named && days.length > 0 && !(days.length === 1 && days[0] === named))
      return `"${text}" names a different day from the days column`;
    return {
      freq: 'MONTHLY',
      interval: 1,
      byday: ordinals.flatMap((n) => onDays.map((d) => `${n}${d}`)),
    };
  }
  return `"${text}" is not a frequency this importer understands (e.g. "every week", "every 2 weeks", "first Monday of the month")`;
}
