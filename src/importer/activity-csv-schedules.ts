// A spreadsheet row's times → HSDS schedules: explicit day/time columns, then free opening-times text, then
// per-weekday hours columns. Text that reads as no clear time is kept as a note for a person to read.
import {
  parseClockTime,
  parseDays,
  parseFrequency,
  parseOpeningTimes,
  parseWeeklyHours,
  type OpeningSlot,
} from '../domain/opening-times.js';
import type { Weekday } from '../domain/schedule/index.js';
import { BLANK_CELL, type ReadField, type TemplateField } from './column-mapping.js';

const HOURS_COLUMNS: [TemplateField, Weekday][] = [
  ['hours_monday', 'MO'],
  ['hours_tuesday', 'TU'],
  ['hours_wednesday', 'WE'],
  ['hours_thursday', 'TH'],
  ['hours_friday', 'FR'],
  ['hours_saturday', 'SA'],
  ['hours_sunday', 'SU'],
];

/** How many rows' opening-times text became schedules, and how many were kept as notes. */
export interface OpeningTimesTally {
  parsed: number;
  notes: number;
}

type HsdsSchedule = Record<string, unknown>;

/** UK spreadsheets write 31/01/2027; ISO 2027-01-31 is accepted too. */
function isoDate(text: string | null, field: string, reasons: string[]): string | null {
  if (!text) return null;
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = uk ? `${uk[3]}-${uk[2].padStart(2, '0')}-${uk[1].padStart(2, '0')}` : text;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || Number.isNaN(Date.parse(`${iso}T00:00:00Z`))) {
    reasons.push(`${field}: "${text}" is not a date (DD/MM/YYYY or YYYY-MM-DD)`);
    return null;
  }
  return iso;
}

/** The days, start_time, end_time and frequency columns: one schedule, or the reasons they do not make one. */
function dayAndTimeSchedule(
  read: ReadField,
  id: string,
  dates: { dtstart: string | null; until: string | null },
  reasons: string[],
): HsdsSchedule | null {
  const daysText = read('days');
  const startText = read('start_time');
  const endText = read('end_time');
  if (!daysText && !startText && !read('frequency')) return null;
  const days = daysText ? parseDays(daysText) : [];
  if (days === null)
    reasons.push(`days: "${daysText}" is not a day or list of days (e.g. "Monday", "Tue, Thu")`);
  const opens = startText ? parseClockTime(startText) : null;
  if (startText && !opens) reasons.push(`start_time: "${startText}" is not a time (e.g. 10:00 or 10am)`);
  const closes = endText ? parseClockTime(endText) : null;
  if (endText && !closes) reasons.push(`end_time: "${endText}" is not a time (e.g. 12:00 or 12pm)`);
  const recurrence = parseFrequency(read('frequency'), days ?? []);
  if (typeof recurrence === 'string') reasons.push(`frequency: ${recurrence}`);
  else if (recurrence.freq === 'WEEKLY' && recurrence.interval > 1 && !dates.dtstart)
    reasons.push('start_date: is required for an activity every few weeks, to know which weeks');
  else if (days !== null)
    return {
      id: `${id}:schedule:0`,
      freq: recurrence.freq,
      interval: recurrence.interval,
      byday: recurrence.byday.join(','),
      dtstart: dates.dtstart,
      until: dates.until,
      opens_at: opens,
      closes_at: closes,
      description: [read('frequency'), daysText, startText && `${startText}${endText ? `–${endText}` : ''}`]
        .filter(Boolean)
        .join(', '),
    };
  return null;
}

/** The opening_times text and the hours_<day> columns: weekly slots, and notes for what is not clear. */
function openingHours(read: ReadField, tally: OpeningTimesTally): { slots: OpeningSlot[]; notes: string[] } {
  const slots: OpeningSlot[] = [];
  const notes: string[] = [];
  let openingText = false;
  const openingTimes = read('opening_times');
  if (openingTimes && !BLANK_CELL.test(openingTimes)) {
    openingText = true;
    const parsed = parseOpeningTimes(openingTimes);
    if (parsed.slots) slots.push(...parsed.slots);
    else notes.push(`Opening times: ${parsed.note}`);
  }
  const weekly = parseWeeklyHours(
    Object.fromEntries(HOURS_COLUMNS.map(([field, day]) => [day, read(field) ?? ''])) as Record<
      Weekday,
      string
    >,
  );
  slots.push(...weekly.slots);
  if (weekly.unclear.length)
    notes.push(`Opening times: ${weekly.unclear.map((u) => `${u.day} ${u.text}`).join('; ')}`);
  if (openingText || weekly.slots.length || weekly.unclear.length) {
    if (notes.length) tally.notes += 1;
    else tally.parsed += 1;
  }
  return { slots, notes };
}

/** Every schedule a row states, and the notes on its times that a person will have to read. */
export function rowSchedules(
  read: ReadField,
  id: string,
  reasons: string[],
  tally: OpeningTimesTally,
): { schedules: HsdsSchedule[]; notes: string[] } {
  const dtstart = isoDate(read('start_date'), 'start_date', reasons);
  const until = isoDate(read('end_date'), 'end_date', reasons);
  const schedules: HsdsSchedule[] = [];
  const stated = dayAndTimeSchedule(read, id, { dtstart, until }, reasons);
  if (stated) schedules.push(stated);
  const { slots, notes } = openingHours(read, tally);
  slots.forEach((slot, i) =>
    schedules.push({
      id: `${id}:hours:${i}`,
      freq: 'WEEKLY',
      interval: 1,
      byday: slot.days.join(','),
      valid_from: dtstart,
      valid_to: until,
      opens_at: slot.opensAt,
      closes_at: slot.closesAt,
    }),
  );
  return { schedules, notes };
}
