// Handlebars helpers: how dates, distances and prices read on every page.
import { DateTime } from 'luxon';
import { safeLink } from '../domain/links.js';
import { groupHelpers } from './handlebars-group-helpers.js';
import { paths } from './paths.js';

const ZONE = 'Europe/London';

export function sessionWhen(start: Date, end: Date | null, now = new Date()): string {
  const s = DateTime.fromJSDate(start, { zone: ZONE });
  const today = DateTime.fromJSDate(now, { zone: ZONE }).startOf('day');
  const day = s.startOf('day');
  let date = s.toFormat('cccc d MMMM');
  if (day.equals(today)) date = `Today (${s.toFormat('cccc d MMMM')})`;
  else if (day.equals(today.plus({ days: 1 }))) date = `Tomorrow (${s.toFormat('cccc d MMMM')})`;
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

export function price(isFree: boolean, lowest: number | null): string {
  if (isFree) return 'Free';
  if (lowest === null) return 'Ask about cost';
  return `From £${lowest % 1 === 0 ? lowest.toFixed(0) : lowest.toFixed(2)}`;
}

export function telHref(number: string): string {
  return `tel:${number.replace(/[^\d+]/g, '')}`;
}

export const helpers = {
  ...groupHelpers,
  sessionWhen: (start: Date, end: Date | null) => sessionWhen(start, end),
  distance,
  longDate,
  price,
  telHref,
  /** The address to put in an href, or nothing: stored data from before the link rule may hold any text. */
  safeLink: (value: unknown) => (typeof value === 'string' ? safeLink(value) : null),
  activityPath: (id: string) => paths.activity(id),
  activityCalendarPath: (id: string) => paths.activityCalendar(id),
  referralsPath: (id: string) => paths.referrals(id),
  stopSharedHandoutPath: (id: string) => paths.stopSharedHandout(id),
  eq: (a: unknown, b: unknown) => a === b,
  isNumber: (value: unknown) => typeof value === 'number' && Number.isFinite(value),
  includes: (list: unknown, value: unknown) => Array.isArray(list) && list.includes(value),
  plural: (n: number, one: string, many: string) => (n === 1 ? one : many),
  add: (a: number, b: number) => a + b,
  json: (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c'),
};
