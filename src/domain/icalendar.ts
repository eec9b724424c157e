// Writes activities' schedules as an RFC 5545 calendar (.ics) that phone and desktop calendars can import or
// subscribe to: one VEVENT per schedule with an RRULE, cancellations as EXDATE, times in Europe/London.
import { DateTime } from 'luxon';
import { expandSchedule, nextOccurrences, type Occurrence, type ScheduleRule } from './schedule/index.js';

const ZONE = 'Europe/London';
const PRODID = '-//Community Activity Directory//Activity calendar//EN';
// How far ahead a COUNT rule is expanded to find its last date (rules are rewritten as UNTIL, see below).
const COUNT_HORIZON_DAYS = 3660;
// SEQUENCE counts minutes from here, so it only ever grows as a listing is edited.
const SEQUENCE_EPOCH = Date.UTC(2024, 0, 1);

export interface CalendarSchedule {
  id: string;
  /** Cancelled dates must be in rule.cancelledDates; they become EXDATEs. */
  rule: ScheduleRule;
  /** Venue name and address, one line. */
  location: string | null;
}

export interface CalendarActivity {
  id: string;
  name: string;
  /** Plain text (no HTML). */
  description: string;
  /** The live listing. */
  url: string;
  lastModified: Date | null;
  schedules: CalendarSchedule[];
}

export interface CalendarOptions {
  /** Host part of each event's UID, e.g. "directory.example.org". */
  host: string;
  /** Calendar name shown by clients that subscribe (X-WR-CALNAME). */
  name: string;
  now?: Date;
}

// Control characters have no place in a content line (RFC 5545 3.1, 3.3.11): a bare CR or LF would end the
// line and start a property of the sender's choosing. Tab is the one allowed.
const CONTROLS = /[^\P{Cc}\t]/gu;
const LINE_BREAKS = /\r\n|[\r\n\v\f\u0085\u2028\u2029]/g;

/** RFC 5545 TEXT escaping: backslash, semicolon, comma and line breaks; other control characters dropped. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(LINE_BREAKS, '\\n')
    .replace(CONTROLS, '');
}

const percentEncoded = (pattern: RegExp) => (value: string) =>
  value.replace(pattern, (char) => encodeURIComponent(char));

/** A URI value: spaces and control characters percent-encoded, so it stays one valid line. */
export const uriValue = percentEncoded(/[\p{Cc} \u2028\u2029]/gu);

/** An id in a UID: control characters and line breaks percent-encoded, so two ids never become one. */
const uidPart = percentEncoded(/[%\p{Cc}\u2028\u2029]/gu);

/** The last guard on every line written, whatever built it: no control character gets through. */
const contentLine = (line: string) => line.replace(CONTROLS, '');

/** Folds a content line at 75 octets (UTF-8), never inside a character; continuation lines start with a space. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/London',
  'X-LIC-LOCATION:Europe/London',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0000',
  'TZOFFSETTO:+0100',
  'TZNAME:BST',
  'DTSTART:19700329T010000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0000',
  'TZNAME:GMT',
  'DTSTART:19701025T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

const compactDate = (isoDate: string) => isoDate.replace(/-/g, '');
const compactTime = (hhmm: string) => `${hhmm.replace(':', '').slice(0, 4)}00`;
const utcStamp = (date: Date) => DateTime.fromJSDate(date, { zone: 'utc' }).toFormat("yyyyMMdd'T'HHmmss'Z'");
const localMidnight = (isoDate: string) =>
  DateTime.fromISO(isoDate, { zone: ZONE }).startOf('day').toJSDate();
const laterDate = (a: string | null, b: string | null) => (a && b ? (a > b ? a : b) : (a ?? b));
const earlierDate = (a: string | null, b: string | null) => (a && b ? (a < b ? a : b) : (a ?? b));

/** The first session the rule produces, ignoring cancellations (they are EXDATEs of the series). */
function firstOccurrence(rule: ScheduleRule, now: Date): Occurrence | null {
  const plain = { ...rule, cancelledDates: [] };
  const from = laterDate(rule.dtstart, rule.validFrom);
  // Without a start date the series is anchored to a fixed date long ago, so start from today instead.
  const after = from
    ? localMidnight(from)
    : DateTime.fromJSDate(now, { zone: ZONE }).startOf('day').toJSDate();
  return nextOccurrences(plain, after, 1)[0] ?? null;
}

/** The last local date of a series: until/valid_to, or the date COUNT runs out (written as UNTIL, see below). */
function lastDate(rule: ScheduleRule, first: Occurrence): string | null {
  let last = earlierDate(rule.until, rule.validTo);
  if (rule.count !== null) {
    // COUNT here is counted from dtstart even where valid_from skips some dates, which an iCalendar COUNT
    // from our DTSTART cannot express; the date the count runs out can, as UNTIL.
    const from = localMidnight(rule.dtstart ?? first.date);
    const horizon = new Date(from.getTime() + COUNT_HORIZON_DAYS * 86_400_000);
    const sessions = expandSchedule({ ...rule, cancelledDates: [] }, from, horizon, rule.count);
    const end = sessions[sessions.length - 1]?.date ?? first.date;
    last = earlierDate(last, end);
  }
  return last;
}

function recurrence(rule: ScheduleRule, until: string | null, timed: boolean): string {
  const parts = [`FREQ=${rule.freq}`];
  if (rule.interval > 1) parts.push(`INTERVAL=${rule.interval}`);
  if (rule.byday.length) parts.push(`BYDAY=${rule.byday.join(',')}`);
  if (rule.bymonthday.length) parts.push(`BYMONTHDAY=${rule.bymonthday.join(',')}`);
  if (until && !timed) parts.push(`UNTIL=${compactDate(until)}`);
  else if (until) {
    // With a zoned DTSTART, RFC 5545 wants UNTIL in UTC: the end of the last local day.
    const endOfDay = DateTime.fromISO(until, { zone: ZONE }).endOf('day').set({ millisecond: 0 });
    parts.push(`UNTIL=${utcStamp(endOfDay.toJSDate())}`);
  }
  parts.push('WKST=MO');
  return `RRULE:${parts.join(';')}`;
}

function sequenceNumber(lastModified: Date | null, cancellations: number): number {
  const minutes = lastModified ? Math.floor((lastModified.getTime() - SEQUENCE_EPOCH) / 60_000) : 0;
  return Math.max(0, minutes) + cancellations;
}

function eventLines(
  activity: CalendarActivity,
  schedule: CalendarSchedule,
  options: Required<CalendarOptions>,
): string[] {
  const rule = schedule.rule;
  let first: Occurrence | null;
  let until: string | null = null;
  try {
    first = firstOccurrence(rule, options.now);
    if (first && rule.freq) until = lastDate(rule, first);
  } catch {
    // A schedule whose values cannot be read has no dates to offer; the listing page says "contact the group".
    return [];
  }
  if (!first) return [];
  // A series that ended before today offers nothing to put in a calendar.
  const today = DateTime.fromJSDate(options.now, { zone: ZONE }).toISODate()!;
  if ((rule.freq ? until : first.date) !== null && (rule.freq ? until! : first.date) < today) return [];

  const timed = rule.opensAt !== null;
  const at = (date: string) =>
    timed
      ? `;TZID=${ZONE}:${compactDate(date)}T${compactTime(rule.opensAt!)}`
      : `;VALUE=DATE:${compactDate(date)}`;
  const cancelled = [...new Set(rule.cancelledDates ?? [])].filter((d) => d >= first.date).sort();
  const lines = [
    'BEGIN:VEVENT',
    `UID:${escapeText(uidPart(schedule.id))}@${escapeText(uidPart(options.host))}`,
    `DTSTAMP:${utcStamp(options.now)}`,
    `DTSTART${at(first.date)}`,
  ];
  if (timed && rule.closesAt) {
    const overnight = rule.closesAt < rule.opensAt!;
    const endDate = overnight ? DateTime.fromISO(first.date).plus({ days: 1 }).toISODate()! : first.date;
    lines.push(`DTEND;TZID=${ZONE}:${compactDate(endDate)}T${compactTime(rule.closesAt)}`);
  } else if (!timed) {
    lines.push(
      `DTEND;VALUE=DATE:${compactDate(DateTime.fromISO(first.date).plus({ days: 1 }).toISODate()!)}`,
    );
  }
  if (rule.freq) {
    lines.push(recurrence(rule, until, timed));
    for (const date of cancelled) lines.push(`EXDATE${at(date)}`);
  } else if (cancelled.includes(first.date)) {
    // A cancelled one-off stays in the feed as cancelled, so subscribed calendars remove it.
    lines.push('STATUS:CANCELLED');
  }
  lines.push(
    `SUMMARY:${escapeText(activity.name)}`,
    ...(schedule.location ? [`LOCATION:${escapeText(schedule.location)}`] : []),
    `DESCRIPTION:${escapeText(activity.description)}`,
    `URL:${uriValue(activity.url)}`,
    `SEQUENCE:${sequenceNumber(activity.lastModified, cancelled.length)}`,
    ...(activity.lastModified ? [`LAST-MODIFIED:${utcStamp(activity.lastModified)}`] : []),
    'END:VEVENT',
  );
  return lines;
}

/** A VCALENDAR with every schedule of the given activities; CRLF line ends, folded at 75 octets. */
export function activitiesCalendar(activities: CalendarActivity[], options: CalendarOptions): string {
  const full = { ...options, now: options.now ?? new Date() };
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODID}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(options.name)}`,
    `X-WR-TIMEZONE:${ZONE}`,
    ...VTIMEZONE,
    ...activities.flatMap((activity) => activity.schedules.flatMap((s) => eventLines(activity, s, full))),
    'END:VCALENDAR',
  ];
  return lines.map((line) => foldLine(contentLine(line))).join('\r\n') + '\r\n';
}

/** A download name made only of safe characters, e.g. "walking-for-health.ics". */
export function calendarFilename(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'activity'}.ics`;
}
