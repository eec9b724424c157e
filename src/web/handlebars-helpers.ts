// Handlebars helpers: how dates, distances and prices read on every page.
import { DateTime } from 'luxon';
import { costInBrief } from '../domain/cost.js';
import { DESCRIBED_TIMES_LABEL } from '../domain/description-times.js';
import { safeLink } from '../domain/links.js';
import { groupHelpers } from './handlebars-group-helpers.js';
import { navigationItems } from './navigation.js';
import { paths } from './paths.js';

const ZONE = 'Europe/London';

/**
 * "Tomorrow (Wednesday 2 December), 14:00–15:30". `absolute` leaves out "Today" and "Tomorrow", for what is read
 * on a later day than it was made (a printed handout).
 */
export function sessionWhen(start: Date, end: Date | null, now = new Date(), absolute = false): string {
  const s = DateTime.fromJSDate(start, { zone: ZONE });
  const today = DateTime.fromJSDate(now, { zone: ZONE }).startOf('day');
  const day = s.startOf('day');
  let date = s.toFormat('cccc d MMMM');
  const relative = absolute
    ? null
    : day.equals(today)
      ? 'Today'
      : day.equals(today.plus({ days: 1 }))
        ? 'Tomorrow'
        : null;
  if (relative) date = `${relative} (${date})`;
  if (s.year !== today.year) date += ` ${s.year}`;
  const hasTime = s.hour !== 0 || s.minute !== 0;
  if (!hasTime) return date;
  const until = end ? `–${DateTime.fromJSDate(end, { zone: ZONE }).toFormat('HH:mm')}` : '';
  return `${date}, ${s.toFormat('HH:mm')}${until}`;
}

export function distance(metres: number | null): string {
  if (metres === null || metres === undefined) return '';
  const miles = metres / 1609.344;
  if (miles < 0.1) return 'less than 0.1 miles';
  return `${miles < 10 ? miles.toFixed(1) : Math.round(miles)} miles`;
}

export function longDate(isoDate: string | null): string {
  if (!isoDate) return '';
  const d = DateTime.fromISO(isoDate, { zone: ZONE });
  return d.isValid ? d.toFormat('d MMMM yyyy') : isoDate;
}

export function telHref(number: string): string {
  return `tel:${number.replace(/[^\d+]/g, '')}`;
}

/** The ids a control's aria-describedby names: its hint and its error message, when it has them. */
export function describedBy(name: string, hint: unknown, error: unknown): string | null {
  const ids = [hint ? `hint-${name}` : '', error ? `error-${name}` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : null;
}

/** The three boxes of a date input, filled from what was typed. */
export function dateParts(value: { day?: string; month?: string; year?: string } | undefined) {
  return [
    { part: 'day', label: 'Day', width: 2, value: value?.day ?? '' },
    { part: 'month', label: 'Month', width: 2, value: value?.month ?? '' },
    { part: 'year', label: 'Year', width: 4, value: value?.year ?? '' },
  ];
}

export const helpers = {
  ...groupHelpers,
  sessionWhen: (start: Date, end: Date | null) => sessionWhen(start, end),
  /** For print: always the date itself, never "Today" or "Tomorrow". */
  sessionDate: (start: Date, end: Date | null) => sessionWhen(start, end, new Date(), true),
  navigation: (context: Parameters<typeof navigationItems>[0]) => navigationItems(context),
  describedBy,
  dateParts,
  number: (n: number | string) => Number(n).toLocaleString('en-GB'),
  distance,
  longDate,
  /** A result's cost in one line, in the listing's own words when it has them. */
  cost: (free: boolean, lowest: number | null, description: string | null) =>
    costInBrief({ free, lowest, description }),
  telHref,
  /** The address to put in an href, or nothing: stored data from before the link rule may hold any text. */
  safeLink: (value: unknown) => (typeof value === 'string' ? safeLink(value) : null),
  activityPath: (id: string) => paths.activity(id),
  activityCalendarPath: (id: string) => paths.activityCalendar(id),
  referralsPath: (id: string) => paths.referrals(id),
  stopSharedHandoutPath: (id: string) => paths.stopSharedHandout(id),
  /** "Times taken from the description": how times nobody has confirmed are labelled everywhere. */
  describedTimesLabel: () => DESCRIBED_TIMES_LABEL,
  eq: (a: unknown, b: unknown) => a === b,
  isNumber: (value: unknown) => typeof value === 'number' && Number.isFinite(value),
  includes: (list: unknown, value: unknown) => Array.isArray(list) && list.includes(value),
  plural: (n: number, one: string, many: string) => (n === 1 ? one : many),
  add: (a: number, b: number) => a + b,
  /** Joins its arguments into one string (Handlebars passes an options object last). */
  concat: (...parts: unknown[]) => parts.slice(0, -1).join(''),
  json: (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c'),
};
