// Times written only in a listing's description ("We meet every Tuesday 10am–12pm", "Monday to Friday, 9am to
// 5pm", "first Monday of the month 2–4pm") read as proposed weekly or monthly schedules. chrono-node finds and
// reads the times of day; the days and how often come from the same rules as the spreadsheet importer's
// opening-times text. A proposal is only made where the words are clear: a time with no day, a dated one-off,
// a "closed" day or a fortnight with no week to count from proposes nothing.
import * as chrono from 'chrono-node';
import { DAY, parseDays, parseFrequency, TIME } from './opening-times.js';
import type { Weekday } from './schedule/index.js';

export interface DescribedTimes {
  freq: 'WEEKLY' | 'MONTHLY';
  interval: number;
  /** Plain days for WEEKLY ('TU'), ordinal days for MONTHLY ('1MO', '-1FR'). */
  byday: string[];
  /** 'HH:MM', 24-hour. */
  opensAt: string;
  closesAt: string | null;
  /** The words the times were read from, as written. */
  evidence: string;
}

/** A clock time written plainly enough to read: am/pm, noon, or hours and minutes ("10.30", "18:00"). */
const CLEAR_TIME = /\d\s*(?:am|pm|a\.m\.|p\.m\.)|noon|midday|\d[:.]\d\d/i;
const CLOCK_WORD = new RegExp(TIME, 'gi');
/** Words before the days that turn them into days off, or other people's hours. */
const NOT_SESSIONS = /\b(?:closed|except|excluding|not|no sessions?|bank holidays?)\b[^.]*$/i;
const DAY_WORD = new RegExp(String.raw`\b${DAY}(?![a-z])`, 'gi');
const JOIN = String.raw`(?:\s*(?:,|&|\/|-|–|—|\bto\b|\band\b|\bor\b|\bthrough\b|\buntil\b|\btill\b)\s*|\s+)`;
const DAY_LIST = new RegExp(String.raw`\b${DAY}(?:${JOIN}${DAY})*(?![a-z])`, 'gi');
const EVERY_DAY = /\b(?:weekdays|weekends|every day|daily|7 days a week|seven days a week)\b/gi;
const ORDINAL = String.raw`(?:first|second|third|fourth|last|1st|2nd|3rd|4th)`;
const MONTHLY = new RegExp(
  String.raw`\b(${ORDINAL}(?:(?:, | and | & )${ORDINAL})*) (${DAY})(?: of| in)?(?: the| each| every)? month\b`,
  'i',
);
/** A time just after "by" or "before" is a deadline ("must be ordered by 3pm Tuesday"), not a session. */
const DEADLINE = /\b(?:by|before|no later than)\s*$/i;
/** A break between a run of days and a time: the days belong to another line or sentence. */
const BREAK = /[.!?;\n]/;
const FORTNIGHTLY = /\b(?:fortnightly|every other|alternate|every (?:two|2) weeks|every fortnight)\b/i;
const BETWEEN = new RegExp(String.raw`\bbetween(\s+${TIME}\s+)and(\s+${TIME})`, 'gi');
const THROUGH_TO = new RegExp(String.raw`(${TIME}\s+)through to(\s+${TIME})`, 'gi');

/**
 * "between 8am and 6pm" and "7.30pm through to 9.30pm" spelt as ranges chrono reads ("        8am  -  6pm"),
 * each character where it was, so what is found can still be quoted from the words as written.
 */
function asRanges(text: string): string {
  return text
    .replace(BETWEEN, (_m, from: string, to: string) => `${' '.repeat(7)}${from} - ${to}`)
    .replace(THROUGH_TO, (_m, from: string, to: string) => `${from}     -    ${to}`);
}

/** How far back from a time its days may be written, within the same sentence. */
const REACH = 90;

const pad = (n: number) => String(n).padStart(2, '0');
const clock = (c: chrono.ParsedComponents) => `${pad(c.get('hour') ?? 0)}:${pad(c.get('minute') ?? 0)}`;

/** An abbreviation ("Sat", "Wed", "Sun") counts as a day only when capitalised: "sat", "wed", "sun" are words. */
function isDayWord(word: string): boolean {
  return /day/i.test(word) || /^[A-Z]/.test(word);
}

/** The last run of days written in `text` (a list or span of days, "weekdays", "daily"), with where it starts. */
function lastDays(text: string): { days: Weekday[]; at: number; words: string } | null {
  let found: { days: Weekday[]; at: number; words: string } | null = null;
  for (const m of text.matchAll(DAY_LIST)) {
    const words = m[0];
    const named = words.match(DAY_WORD) ?? [];
    if (!named.every(isDayWord)) continue;
    const days = parseDays(
      words
        .toLowerCase()
        .replace(new RegExp(String.raw`(${DAY})\s+(?=${DAY})`, 'g'), '$1, ')
        .replace(/\s*(?:—|\bthrough\b|\buntil\b|\btill\b)\s*/g, ' to ')
        .replace(/\s+or\s+/g, ' and '),
    );
    if (days) found = { days, at: m.index, words };
  }
  for (const m of text.matchAll(EVERY_DAY)) {
    if (found && found.at > m.index) continue;
    const word = m[0].toLowerCase();
    const days: Weekday[] | null =
      word === 'weekends' ? ['SA', 'SU'] : parseDays(word === 'weekdays' ? 'weekdays' : 'daily');
    if (days) found = { days, at: m.index, words: m[0] };
  }
  return found;
}

/** Where the sentence before `at` begins ("10.30am" and "a.m." are not sentence ends; one right at `at` is not seen). */
function sentenceStart(text: string, at: number): number {
  const before = text.slice(0, at);
  const ends = [...before.matchAll(/[.!?;](?=\s+[A-Z0-9])(?<!\b[ap]\.m\.)/g)];
  return ends.length ? ends[ends.length - 1].index + 1 : 0;
}

/**
 * The schedules a description's words propose, each with the words it was read from; none when the
 * description gives no clear weekly or monthly time. `reference` only anchors chrono's reading of weekdays.
 */
export function describedTimes(text: string, reference = new Date('2026-01-05T12:00:00Z')): DescribedTimes[] {
  const found = new Map<string, DescribedTimes>();
  let previousEnd = 0;
  for (const result of chrono.en.GB.parse(asRanges(text), reference)) {
    const start = result.start;
    const timeAt = result.text.search(/\d|noon|midday/i);
    // chrono may carry on into the next slot's day ("9am–5pm. Tuesday"): the time ends at its last clock word.
    const clockWords = [...result.text.matchAll(CLOCK_WORD)];
    const last = clockWords[clockWords.length - 1];
    const end = result.index + (last ? last.index + last[0].length : result.text.length);
    if (!start.isCertain('hour') || timeAt < 0 || !CLEAR_TIME.test(result.text.slice(timeAt))) {
      continue;
    }
    // A date ("on 12 March at 2pm") is a one-off, not a weekly time.
    if (start.isCertain('day') || start.isCertain('month') || start.isCertain('year')) {
      previousEnd = end;
      continue;
    }
    const floor = previousEnd;
    // A sentence ending right before the time does not part it from its days: feeds break "Monday - Friday" and
    // "10am to 4pm" onto two lines, which read as two sentences.
    const from = Math.max(floor, sentenceStart(text, result.index), result.index - REACH);
    const before = text.slice(from, result.index + timeAt);
    const after = text.slice(end, end + 40).split(/[.;!?]\s/)[0];
    previousEnd = end;
    if (DEADLINE.test(text.slice(Math.max(0, result.index + timeAt - 20), result.index + timeAt))) continue;
    let days = lastDays(before);
    let evidenceStart = days ? from + days.at : result.index + timeAt;
    let evidenceEnd = end;
    // Days written straight after the time ("8am to 6pm, Saturday and Sunday") are its own, unless its days come
    // before it in the same line ("Monday 10am–12pm, Tuesday 2pm–4pm"): a line of hours may put either first.
    if (!days || BREAK.test(before.slice(days.at + days.words.length))) {
      const following = /^\s*,?\s*(?:on|every|each)?\s*/i.exec(after)!;
      const later = lastDays(after.slice(0, following[0].length + 40));
      // Days followed by a time of their own start the next slot ("10am to 4pm, Saturday 10am to 1pm").
      const nextSlot = (found: { at: number; words: string }) =>
        days !== null && /^\s*,?\s*(?:from\s+)?\d/.test(after.slice(found.at + found.words.length));
      if (later && later.at === following[0].length && !nextSlot(later)) {
        days = later;
        evidenceStart = result.index + timeAt;
        evidenceEnd = end + later.at + later.words.length;
      }
    }
    if (!days) continue;
    // An ordinal written after the time for the same day ("Tuesday 12pm – 2pm 1st Tuesday of every month") makes it
    // monthly; one for another day ("Friday 10am – 1pm First Saturday of the month 10am – 3pm") is the next slot.
    const monthlyAfter = MONTHLY.exec(after);
    const sameDay =
      monthlyAfter && parseDays(monthlyAfter[2].toLowerCase())?.every((d) => days.days.includes(d));
    if (sameDay && /^[\s,(]*(?:on\s+)?(?:the\s+|every\s+)?$/i.test(after.slice(0, monthlyAfter.index)))
      evidenceEnd = Math.max(evidenceEnd, end + monthlyAfter.index + monthlyAfter[0].length);
    // The words read for this time are not read again as the lead of the next.
    previousEnd = Math.max(previousEnd, evidenceEnd);
    // The words just before the days may make them days off, or a monthly ordinal ("1st Wednesday of the month").
    const leadStart = Math.max(floor, evidenceStart - 40);
    const lead = text.slice(leadStart, evidenceStart);
    if (NOT_SESSIONS.test(lead)) continue;
    const opensAt = clock(start);
    const closesAt = result.end?.isCertain('hour') ? clock(result.end) : null;
    if (opensAt < '06:00' || (closesAt !== null && closesAt <= opensAt)) continue;
    const context = text.slice(leadStart, evidenceEnd);
    if (FORTNIGHTLY.test(context)) continue;
    const monthly = MONTHLY.exec(context);
    const recurrence = parseFrequency(
      monthly ? monthly[0].replace(/\b(?:of |in )?(?:the |each |every )?month$/i, 'of the month') : 'weekly',
      monthly ? [] : days.days,
    );
    if (typeof recurrence === 'string') continue;
    if (monthly) evidenceStart = Math.min(evidenceStart, leadStart + monthly.index);
    const proposal: DescribedTimes = {
      freq: recurrence.freq,
      interval: recurrence.interval,
      byday: recurrence.byday,
      opensAt,
      closesAt,
      evidence: text.slice(evidenceStart, evidenceEnd).replace(/\s+/g, ' ').trim(),
    };
    const key = `${proposal.freq}/${proposal.byday.join(',')}/${opensAt}/${closesAt}`;
    if (!found.has(key)) found.set(key, proposal);
  }
  return [...found.values()];
}

/** The label a listing's times carry until someone confirms them. */
export const DESCRIBED_TIMES_LABEL = 'Times taken from the description';

/**
 * Where times taken from the description are published (the Open Referral API's schedule `notes`), they say so and
 * quote the words: `Times taken from the description, not yet confirmed: "Tuesdays 10am-12pm"`, after any notes of
 * the schedule's own. An import reads such a note back as the same unconfirmed proposal, so a directory copied
 * through the API holds what the source holds.
 */
export const DESCRIBED_TIMES_NOTE = `${DESCRIBED_TIMES_LABEL}, not yet confirmed: `;

export function describedTimesNote(notes: string | null, evidence: string): string {
  return [notes, `${DESCRIBED_TIMES_NOTE}"${evidence}"`].filter((part) => part !== null).join(' ');
}

/** The schedule's own notes and the quoted words, when a published note says the times are a proposal. */
export function describedTimesInNote(note: string | null): { notes: string | null; evidence: string } | null {
  const marker = `${DESCRIBED_TIMES_NOTE}"`;
  const at = note ? note.lastIndexOf(marker) : -1;
  if (!note || at < 0 || !note.endsWith('"') || note.length < at + marker.length + 1) return null;
  const before = note.slice(0, at).trim();
  return { notes: before || null, evidence: note.slice(at + marker.length, -1) };
}

/** A proposed schedule's id: the listing's, then its place among the proposals (ids sort in proposal order). */
export const describedTimesId = (serviceId: string, index: number) =>
  `${serviceId}:described-times:${String(index).padStart(2, '0')}`;

/** The one spelling of a set of proposals' words, for a steward's decision and for the next import to compare. */
export function evidenceOf(schedules: { id: string; from_description: string | null }[]): string {
  return [...schedules]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((s) => s.from_description ?? '')
    .join('\n');
}
