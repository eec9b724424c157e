// What a search page's query string means, checked: bad values are reported, never silently applied.
import { DateTime } from 'luxon';
import { WEEKDAY_LIST } from '../domain/schedule/index.js';
import { z } from 'zod';
import { vocabulary } from '../domain/vocabulary.js';
import { PARTS_OF_DAY, type PartOfDay } from '../search/engine.js';

export const DAYS = WEEKDAY_LIST;

export const RADIUS_MILES = [1, 2, 5, 10, 20] as const;
export const DEFAULT_RADIUS_MILES = 5;
export const METRES_PER_MILE = 1609.344;
export const PER_PAGE = 20;
const MAX_PAGE = 500;

export interface SearchForm {
  q: string;
  where: string;
  radius: number;
  days: string[];
  times: PartOfDay[];
  needs: string[];
  /** Activity type codes. */
  types: string[];
  /** Suitability codes, all required. */
  suits: string[];
  /** A date shortcut, or 'dates' to use from/to. */
  when: WhenOption;
  from: string;
  to: string;
  /** An explicit time window, HH:MM. */
  after: string;
  before: string;
  free: boolean;
  page: number;
}

export const WHEN_OPTIONS = [
  { code: '', name: 'Any date' },
  { code: 'today', name: 'Today' },
  { code: 'tomorrow', name: 'Tomorrow' },
  { code: 'this-week', name: 'This week (to Sunday)' },
  { code: 'weekend', name: 'This weekend' },
  { code: 'next-7-days', name: 'In the next 7 days' },
  { code: 'dates', name: 'Between these dates' },
] as const;
export type WhenOption = (typeof WHEN_OPTIONS)[number]['code'];

export interface FieldError {
  field: string;
  message: string;
}

const many = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value])
    .filter((v): v is string => typeof v === 'string')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);

const one = (value: unknown): string =>
  Array.isArray(value) ? String(value[0] ?? '') : typeof value === 'string' ? value : '';

const textField = z.string().max(200);

export function parseSearchForm(query: Record<string, unknown>): { form: SearchForm; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const form: SearchForm = {
    q: '',
    where: '',
    radius: DEFAULT_RADIUS_MILES,
    days: [],
    times: [],
    needs: [],
    types: [],
    suits: [],
    when: '',
    from: '',
    to: '',
    after: '',
    before: '',
    free: false,
    page: 1,
  };

  for (const [field, label] of [
    ['q', 'What'],
    ['where', 'Where'],
  ] as const) {
    const raw = one(query[field]).replace(/\s+/g, ' ').trim();
    // Nobody types a control character; Postgres refuses NUL in text, so it must not reach a query.
    if (/\p{Cc}/u.test(raw)) errors.push({ field, message: `${label} must not contain control characters` });
    else if (textField.safeParse(raw).success) form[field] = raw;
    else errors.push({ field, message: `${label} must be 200 characters or fewer` });
  }

  const radius = one(query.radius);
  if (radius) {
    const miles = Number(radius);
    if ((RADIUS_MILES as readonly number[]).includes(miles)) form.radius = miles;
    else
      errors.push({ field: 'radius', message: `Distance must be one of ${RADIUS_MILES.join(', ')} miles` });
  }

  const dayCodes = DAYS.map((d) => d.code as string);
  for (const day of many(query.day).map((d) => d.toUpperCase().slice(0, 2))) {
    if (dayCodes.includes(day)) {
      if (!form.days.includes(day)) form.days.push(day);
    } else errors.push({ field: 'day', message: 'Choose days from Monday to Sunday' });
  }

  for (const time of many(query.time).map((t) => t.toLowerCase())) {
    if (time in PARTS_OF_DAY) {
      if (!form.times.includes(time as PartOfDay)) form.times.push(time as PartOfDay);
    } else errors.push({ field: 'time', message: 'Choose morning, afternoon or evening' });
  }

  const needCodes = vocabulary('needs').terms.map((t) => t.code);
  for (const need of many(query.need)) {
    if (needCodes.includes(need)) {
      if (!form.needs.includes(need)) form.needs.push(need);
    } else errors.push({ field: 'need', message: 'Choose needs from the list' });
  }

  for (const [field, taxonomy, message] of [
    ['types', 'activity-types', 'Choose activity types from the list'],
    ['suits', 'suitability', 'Choose suitability from the list'],
  ] as const) {
    const codes = vocabulary(taxonomy).terms.map((t) => t.code);
    for (const code of many(query[field === 'types' ? 'type' : 'suits'])) {
      if (codes.includes(code)) {
        if (!form[field].includes(code)) form[field].push(code);
      } else errors.push({ field, message });
    }
  }

  const when = one(query.when);
  if (when) {
    if (WHEN_OPTIONS.some((o) => o.code === when)) form.when = when as WhenOption;
    else errors.push({ field: 'when', message: 'Choose when from the list' });
  }
  for (const [field, label] of [
    ['from', 'From date'],
    ['to', 'To date'],
  ] as const) {
    const value = one(query[field]).trim();
    if (!value) continue;
    if (/^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value).isValid) form[field] = value;
    else errors.push({ field, message: `${label} must be a real date, like 2026-12-25` });
  }
  if (form.from || form.to) form.when = 'dates';
  if (form.from && form.to && form.from > form.to) {
    errors.push({ field: 'to', message: 'To date must be the same as or after the from date' });
  }
  for (const [field, label] of [
    ['after', 'From time'],
    ['before', 'To time'],
  ] as const) {
    const value = one(query[field]).trim();
    if (!value) continue;
    if (/^([01]\d|2[0-3]):[0-5]\d$/.test(value)) form[field] = value;
    else errors.push({ field, message: `${label} must be a time like 14:30` });
  }
  if (form.after && form.before && form.after >= form.before) {
    errors.push({ field: 'before', message: 'To time must be after the from time' });
  }

  form.free = ['1', 'true', 'on', 'yes'].includes(one(query.free).toLowerCase());

  const page = one(query.page);
  if (page) {
    const n = Number(page);
    if (Number.isInteger(n) && n >= 1 && n <= MAX_PAGE) form.page = n;
    else errors.push({ field: 'page', message: `Page must be a whole number from 1 to ${MAX_PAGE}` });
  }
  // Repeated errors (two bad days) are reported once.
  const unique = [...new Map(errors.map((e) => [`${e.field}|${e.message}`, e])).values()];
  return { form, errors: unique };
}

export function hasCriteria(form: SearchForm): boolean {
  return Boolean(
    form.q ||
    form.where ||
    form.days.length ||
    form.times.length ||
    form.needs.length ||
    form.types.length ||
    form.suits.length ||
    form.when ||
    form.after ||
    form.before ||
    form.free,
  );
}

/** The dates a "when" choice covers, in London, as inclusive YYYY-MM-DD bounds. */
export function dateRange(form: SearchForm, now: Date): { from: string | null; to: string | null } {
  const today = DateTime.fromJSDate(now, { zone: 'Europe/London' }).startOf('day');
  const iso = (d: DateTime) => d.toISODate()!;
  switch (form.when) {
    case 'today':
      return { from: iso(today), to: iso(today) };
    case 'tomorrow':
      return { from: iso(today.plus({ days: 1 })), to: iso(today.plus({ days: 1 })) };
    case 'this-week':
      return { from: iso(today), to: iso(today.plus({ days: 7 - today.weekday })) };
    case 'weekend': {
      const saturday =
        today.weekday === 7 ? today.minus({ days: 1 }) : today.plus({ days: 6 - today.weekday });
      return { from: iso(today > saturday ? today : saturday), to: iso(saturday.plus({ days: 1 })) };
    }
    case 'next-7-days':
      return { from: iso(today), to: iso(today.plus({ days: 6 })) };
    case 'dates':
      return { from: form.from || null, to: form.to || null };
    default:
      return { from: null, to: null };
  }
}

/** The query string for a form, with one value changed: for pagination and filter links. */
export function searchQueryString(form: SearchForm, change: Partial<SearchForm> = {}): string {
  const f = { ...form, ...change };
  const params = new URLSearchParams();
  if (f.q) params.set('q', f.q);
  if (f.where) params.set('where', f.where);
  if (f.where && f.radius !== DEFAULT_RADIUS_MILES) params.set('radius', String(f.radius));
  for (const need of f.needs) params.append('need', need);
  for (const type of f.types) params.append('type', type);
  for (const suit of f.suits) params.append('suits', suit);
  if (f.when && f.when !== 'dates') params.set('when', f.when);
  if (f.from) params.set('from', f.from);
  if (f.to) params.set('to', f.to);
  if (f.after) params.set('after', f.after);
  if (f.before) params.set('before', f.before);
  for (const day of f.days) params.append('day', day);
  for (const time of f.times) params.append('time', time);
  if (f.free) params.set('free', '1');
  if (f.page > 1) params.set('page', String(f.page));
  return params.toString();
}
