// What a search page's query string means, checked: bad values are reported, never silently applied.
import { z } from 'zod';
import { vocabulary } from '../domain/vocabulary.js';
import { PARTS_OF_DAY, type PartOfDay } from '../search/engine.js';

export const DAYS = [
  { code: 'MO', iso: 1, name: 'Monday' },
  { code: 'TU', iso: 2, name: 'Tuesday' },
  { code: 'WE', iso: 3, name: 'Wednesday' },
  { code: 'TH', iso: 4, name: 'Thursday' },
  { code: 'FR', iso: 5, name: 'Friday' },
  { code: 'SA', iso: 6, name: 'Saturday' },
  { code: 'SU', iso: 7, name: 'Sunday' },
] as const;

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
  free: boolean;
  page: number;
}

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
    free: false,
    page: 1,
  };

  for (const [field, label] of [
    ['q', 'What'],
    ['where', 'Where'],
  ] as const) {
    const raw = one(query[field]).replace(/\s+/g, ' ').trim();
    if (textField.safeParse(raw).success) form[field] = raw;
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
    form.q || form.where || form.days.length || form.times.length || form.needs.length || form.free,
  );
}

/** The query string for a form, with one value changed: for pagination and filter links. */
export function searchQueryString(form: SearchForm, change: Partial<SearchForm> = {}): string {
  const f = { ...form, ...change };
  const params = new URLSearchParams();
  if (f.q) params.set('q', f.q);
  if (f.where) params.set('where', f.where);
  if (f.where && f.radius !== DEFAULT_RADIUS_MILES) params.set('radius', String(f.radius));
  for (const need of f.needs) params.append('need', need);
  for (const day of f.days) params.append('day', day);
  for (const time of f.times) params.append('time', time);
  if (f.free) params.set('free', '1');
  if (f.page > 1) params.set('page', String(f.page));
  return params.toString();
}
