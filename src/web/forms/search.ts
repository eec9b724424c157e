// The search form (a page's query string), checked: bad values are reported, never silently applied, and a
// search with one bad filter still runs with the others.
import { DateTime } from 'luxon';
import { z } from 'zod';
import { WHEN_OPTIONS, type WhenOption } from '../../domain/date-shortcuts.js';
import type { FormError } from '../../domain/form-error.js';
import { WEEKDAY_LIST, type Weekday } from '../../domain/schedule/index.js';
import { vocabulary, type TaxonomyCode } from '../../domain/vocabulary.js';
import {
  HOME_WAYS,
  PARTS_OF_DAY,
  SEARCH_SORTS,
  type HomeWay,
  type PartOfDay,
  type SearchSort,
} from '../../search/engine.js';
import type { DirectoryQuery } from '../../services/search-directory.js';

export { WHEN_OPTIONS, type WhenOption } from '../../domain/date-shortcuts.js';

export const DAYS = WEEKDAY_LIST;
export const RADIUS_MILES = [1, 2, 5, 10, 20] as const;
export const DEFAULT_RADIUS_MILES = 5;
const MAX_PAGE = 500;
const MAX_AGE = 120;

/** The ways to take part from home, as the form offers them. */
export const HOME_OPTIONS: readonly { code: HomeWay; name: string }[] = [
  { code: 'online', name: 'Online' },
  { code: 'phone', name: 'By telephone' },
  { code: 'visit', name: 'Someone visits at home' },
];

/** The orders the form offers; nearest needs a place. */
export const SORT_OPTIONS: readonly { code: SearchSort; name: string }[] = [
  { code: 'relevance', name: 'Best match' },
  { code: 'distance', name: 'Nearest first' },
  { code: 'soonest', name: 'Soonest session' },
  { code: 'name', name: 'Name (A to Z)' },
];

export interface SearchForm {
  q: string;
  where: string;
  radius: number;
  days: Weekday[];
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
  /** Ways to take part from home; any one will do. */
  home: HomeWay[];
  /** The age of the person, in years. */
  age: number | null;
  sort: SearchSort;
  page: number;
}

const emptyForm = (): SearchForm => ({
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
  home: [],
  age: null,
  sort: 'relevance',
  page: 1,
});

/** The first value of a parameter given once or repeated; nested objects are not text. */
const single = (value: unknown): string =>
  Array.isArray(value) ? String(value[0] ?? '') : typeof value === 'string' ? value : '';

/** Every value of a parameter: repeated, comma-separated, or both. */
const several = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value])
    .filter((v): v is string => typeof v === 'string')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);

const words = (label: string) =>
  z
    .string()
    .transform((value) => value.replace(/\s+/g, ' ').trim())
    // Nobody types a control character; Postgres refuses NUL in text, so it must not reach a query.
    .refine((value) => !/\p{Cc}/u.test(value), {
      message: `${label} must not contain control characters`,
      abort: true,
    })
    .pipe(z.string().max(200, `${label} must be 200 characters or fewer`));

const codeFrom = <C extends string>(codes: readonly C[], message: string) =>
  z.enum(codes as [C, ...C[]], { error: message });

const termOf = (taxonomy: TaxonomyCode, message: string) =>
  codeFrom(
    vocabulary(taxonomy).terms.map((t) => t.code),
    message,
  );

const calendarDate = (label: string) =>
  z
    .string()
    .refine(
      (value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value).isValid,
      `${label} must be a real date`,
    );

// "14:30", also written "1430", "9:30" or "9.30"; read as HH:MM.
const clockTime = (label: string) =>
  z
    .string()
    .transform((value) =>
      value.replace(/^(\d{1,2})[.:]?(\d{2})$/, (_all, h: string, m: string) => `${h.padStart(2, '0')}:${m}`),
    )
    .pipe(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, `${label} must be a time like 14:30`));

/** One schema per parameter (What's on reads the place and radius with them); a parameter left empty keeps its default. */
export const parameters = {
  q: words('What'),
  where: words('Where'),
  radius: z
    .string()
    .transform(Number)
    .refine(
      (miles) => (RADIUS_MILES as readonly number[]).includes(miles),
      `Distance must be one of ${RADIUS_MILES.join(', ')} miles`,
    ),
  day: z
    .string()
    .transform((day) => day.toUpperCase().slice(0, 2))
    .pipe(
      codeFrom(
        DAYS.map((d) => d.code),
        'Choose days from Monday to Sunday',
      ),
    ),
  time: z
    .string()
    .transform((time) => time.toLowerCase())
    .pipe(codeFrom(Object.keys(PARTS_OF_DAY) as PartOfDay[], 'Choose morning, afternoon or evening')),
  need: termOf('needs', 'Choose needs from the list'),
  type: termOf('activity-types', 'Choose activity types from the list'),
  suits: termOf('suitability', 'Choose suitability from the list'),
  when: codeFrom(
    WHEN_OPTIONS.map((o) => o.code),
    'Choose when from the list',
  ),
  from: calendarDate('From date'),
  to: calendarDate('To date'),
  after: clockTime('From time'),
  before: clockTime('To time'),
  home: codeFrom(HOME_WAYS, 'Choose ways to take part from home from the list'),
  age: z
    .string()
    .transform(Number)
    .refine(
      (n) => Number.isInteger(n) && n >= 0 && n <= MAX_AGE,
      `Age must be a whole number of years, from 0 to ${MAX_AGE}`,
    ),
  sort: codeFrom(SEARCH_SORTS, 'Choose an order from the list'),
  page: z
    .string()
    .transform(Number)
    .refine(
      (n) => Number.isInteger(n) && n >= 1 && n <= MAX_PAGE,
      `Page must be a whole number from 1 to ${MAX_PAGE}`,
    ),
};

export interface DateTyped {
  day: string;
  month: string;
  year: string;
}

/** What was typed for the date range and the time window, shown again beside their errors. */
export interface SearchTyped {
  from: DateTyped;
  to: DateTyped;
  after: string;
  before: string;
  age: string;
}

/**
 * A date as sent: "2026-12-25" from a link, or the day, month and year boxes of the form (`from[day]`…). Returns
 * the date as YYYY-MM-DD for checking (empty when nothing was typed) and the boxes as typed.
 */
function typedDate(value: unknown): { text: string; boxes: DateTyped } {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const parts = value as Record<string, unknown>;
    const boxes = {
      day: single(parts.day).trim(),
      month: single(parts.month).trim(),
      year: single(parts.year).trim(),
    };
    const text =
      boxes.day || boxes.month || boxes.year
        ? `${boxes.year}-${boxes.month.padStart(2, '0')}-${boxes.day.padStart(2, '0')}`
        : '';
    return { text, boxes };
  }
  const text = single(value).trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  return {
    text,
    boxes: iso
      ? { day: String(Number(iso[3])), month: String(Number(iso[2])), year: iso[1] }
      : { day: '', month: '', year: '' },
  };
}

/** Rules between two parameters, checked once both are read. */
const dateOrder = z
  .object({ from: z.string(), to: z.string() })
  .refine((f) => !(f.from && f.to && f.from > f.to), {
    path: ['to'],
    message: 'To date must be the same as or after the from date',
  });
const timeOrder = z
  .object({ after: z.string(), before: z.string() })
  .refine((f) => !(f.after && f.before && f.after >= f.before), {
    path: ['before'],
    message: 'To time must be after the from time',
  });

export function parseSearchForm(query: Record<string, unknown>): {
  form: SearchForm;
  errors: FormError[];
  typed: SearchTyped;
} {
  const errors: FormError[] = [];
  const form = emptyForm();
  const read = <T>(schema: z.ZodType<T>, value: unknown, field?: string): T | undefined => {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues)
      errors.push({ field: field ?? String(issue.path[0]), message: issue.message });
    return undefined;
  };
  const readOne = <T>(name: keyof typeof parameters, schema: z.ZodType<T>, trim = false): T | undefined => {
    const value = trim ? single(query[name]).trim() : single(query[name]);
    return value ? read(schema, value, name) : undefined;
  };
  const readSeveral = <T>(name: keyof typeof parameters, schema: z.ZodType<T>, field: string): T[] => {
    const values: T[] = [];
    for (const value of several(query[name])) {
      const code = read(schema, value, field);
      if (code !== undefined && !values.includes(code)) values.push(code);
    }
    return values;
  };

  form.q = read(parameters.q, single(query.q), 'q') ?? '';
  form.where = read(parameters.where, single(query.where), 'where') ?? '';
  form.radius = readOne('radius', parameters.radius) ?? DEFAULT_RADIUS_MILES;
  form.days = readSeveral('day', parameters.day, 'day');
  form.times = readSeveral('time', parameters.time, 'time');
  form.needs = readSeveral('need', parameters.need, 'need');
  form.types = readSeveral('type', parameters.type, 'type');
  form.suits = readSeveral('suits', parameters.suits, 'suits');
  form.when = readOne('when', parameters.when) ?? '';
  const from = typedDate(query.from);
  const to = typedDate(query.to);
  const typed: SearchTyped = {
    from: from.boxes,
    to: to.boxes,
    after: single(query.after).trim(),
    before: single(query.before).trim(),
    age: single(query.age).trim(),
  };
  // A range or a window with any problem is not applied at all: half of one would find the wrong sessions.
  const before = errors.length;
  form.from = from.text ? (read(parameters.from, from.text, 'from') ?? '') : '';
  form.to = to.text ? (read(parameters.to, to.text, 'to') ?? '') : '';
  if (from.text || to.text) form.when = 'dates';
  read(dateOrder, form);
  if (errors.length > before) form.from = form.to = '';
  const beforeTimes = errors.length;
  form.after = readOne('after', parameters.after, true) ?? '';
  form.before = readOne('before', parameters.before, true) ?? '';
  read(timeOrder, form);
  if (errors.length > beforeTimes) form.after = form.before = '';
  form.free = ['1', 'true', 'on', 'yes'].includes(single(query.free).toLowerCase());
  form.home = readSeveral('home', parameters.home, 'home');
  form.age = readOne('age', parameters.age, true) ?? null;
  form.sort = readOne('sort', parameters.sort) ?? 'relevance';
  if (form.sort === 'distance' && !form.where) {
    errors.push({ field: 'sort', message: 'Enter a place to sort by distance, or choose another order' });
    form.sort = 'relevance';
  }
  form.page = readOne('page', parameters.page) ?? 1;
  // Repeated errors (two bad days) are reported once.
  const unique = [...new Map(errors.map((e) => [`${e.field}|${e.message}`, e])).values()];
  return { form, errors: unique, typed };
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
    form.free ||
    form.home.length ||
    form.age !== null,
  );
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** What the search service is asked: the form's answers, without the words of the page. */
export function directoryQuery(form: SearchForm): DirectoryQuery {
  return {
    text: form.q || null,
    needs: form.needs,
    activityTypes: form.types,
    suitability: form.suits,
    place: form.where || null,
    radiusMiles: form.radius,
    days: form.days,
    partsOfDay: form.times,
    timeWindow:
      form.after || form.before
        ? { from: minutes(form.after || '00:00'), to: minutes(form.before || '24:00') }
        : null,
    dates: { when: form.when, from: form.from, to: form.to },
    freeOnly: form.free,
    fromHome: form.home,
    age: form.age,
    sort: form.sort,
    page: form.page,
  };
}

/** The search with every filter cleared: only the words and the place. */
export function clearedQueryString(form: SearchForm): string {
  return searchQueryString({ ...emptyForm(), q: form.q, where: form.where });
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
  for (const way of f.home) params.append('home', way);
  if (f.age !== null) params.set('age', String(f.age));
  if (f.sort !== 'relevance') params.set('sort', f.sort);
  if (f.page > 1) params.set('page', String(f.page));
  return params.toString();
}
