// Query-string parameters of the Open Referral UK API, validated with zod; every failure names its parameter.
import { DateTime } from 'luxon';
import { z } from 'zod';
import { BadRequestError } from '../domain/form-error.js';
import { SEARCH_SORTS, type SearchSort } from '../search/engine.js';
import type { ServiceQuery } from '../services/open-referral.js';

export const MAX_PER_PAGE = 100;
export const DEFAULT_PER_PAGE = 50;
const MAX_PAGE = 1_000_000;
const MAX_PROXIMITY_METRES = 1_000_000;
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

// An empty value (`?postcode=`) means the parameter was not given.
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

// Repeated (`?page=1&page=2`) or nested (`?page[x]=1`) parameters arrive as arrays or objects.
const plain = z
  .string({ error: 'must be given once, as plain text' })
  .max(500, 'must be at most 500 characters')
  .refine((value) => !value.includes('\0'), 'must not contain NUL characters')
  .transform((value) => value.trim());

const wholeNumber = (min: number, max: number) =>
  plain
    .refine((value) => /^\d{1,9}$/.test(value), `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((value) => value >= min && value <= max, `must be a whole number from ${min} to ${max}`);

const flag = plain
  .transform((value) => value.toLowerCase())
  .refine((value) => ['true', 'false', '1', '0', 'yes', 'no'].includes(value), 'must be true or false')
  .transform((value) => ['true', '1', 'yes'].includes(value));

/** Minutes after midnight from "HH:MM" (seconds allowed and ignored). */
const timeOfDay = plain
  .refine(
    (value) => /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/.test(value),
    'must be a time from 00:00 to 23:59 (HH:MM)',
  )
  .transform((value) => Number(value.slice(0, 2)) * 60 + Number(value.slice(3, 5)));

/** As timeOfDay, and 24:00 for the end of the day (so 17:00 to 24:00 is the whole evening). */
const endOfWindow = plain
  .refine(
    (value) => /^(([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?|24:00(:00)?)$/.test(value),
    'must be a time from 00:00 to 24:00 (HH:MM)',
  )
  .transform((value) => Number(value.slice(0, 2)) * 60 + Number(value.slice(3, 5)));

const calendarDate = plain.refine(
  (value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value).isValid,
  'must be a real date written YYYY-MM-DD',
);

const days = plain
  .transform((value) =>
    value
      .toUpperCase()
      .split(',')
      .map((day) => day.trim()),
  )
  .refine(
    (list) => list.every((day) => WEEKDAYS.includes(day)),
    'must be weekdays MO, TU, WE, TH, FR, SA or SU, separated by commas',
  )
  .transform((list) => [...new Set(list.map((day) => WEEKDAYS.indexOf(day) + 1))].sort());

const moment = plain
  .transform((value) => DateTime.fromISO(value, { zone: 'utc' }))
  .refine(
    (value) => value.isValid && value.year >= 1900 && value.year <= 9999,
    'must be a date or date-time in ISO 8601 form, e.g. 2026-01-31 or 2026-01-31T09:00:00Z',
  )
  .transform((value) => value.toJSDate());

const paging = {
  page: optional(wholeNumber(1, MAX_PAGE)).default(1),
  per_page: optional(wholeNumber(1, MAX_PER_PAGE)).default(DEFAULT_PER_PAGE),
  format: optional(
    plain
      .transform((value) => value.toLowerCase())
      .refine((value) => value === 'json' || value === 'ndjson', 'must be json or ndjson'),
  ).default('json'),
};

const serviceParameters = z
  .object({
    ...paging,
    search: optional(plain),
    // ORUK v1 called the free-text parameter `text`; old clients still send it.
    text: optional(plain),
    taxonomy_term_id: optional(plain),
    taxonomy_id: optional(plain),
    organization_id: optional(plain),
    postcode: optional(plain),
    proximity: optional(
      plain
        .refine(
          (value) => /^\d+(\.\d+)?$/.test(value),
          `must be a distance in metres from 1 to ${MAX_PROXIMITY_METRES}`,
        )
        .transform(Number)
        .refine(
          (value) => value >= 1 && value <= MAX_PROXIMITY_METRES,
          `must be a distance in metres from 1 to ${MAX_PROXIMITY_METRES}`,
        ),
    ),
    day: optional(days),
    start_time: optional(timeOfDay),
    end_time: optional(endOfWindow),
    date: optional(calendarDate),
    minimum_age: optional(wholeNumber(0, 150)),
    maximum_age: optional(wholeNumber(0, 150)),
    modified_after: optional(moment),
    is_free: optional(flag).default(false),
    sort: optional(
      plain
        .transform((value) => value.toLowerCase())
        .refine(
          (value): value is SearchSort => (SEARCH_SORTS as readonly string[]).includes(value),
          `must be one of ${SEARCH_SORTS.join(', ')}`,
        ),
    ),
    full: optional(flag).default(false),
  })
  .superRefine((query, context) => {
    if (query.proximity !== undefined && query.postcode === undefined) {
      context.addIssue({ code: 'custom', path: ['proximity'], message: 'needs a postcode to measure from' });
    }
    if (
      query.start_time !== undefined &&
      query.end_time !== undefined &&
      query.end_time <= query.start_time
    ) {
      context.addIssue({ code: 'custom', path: ['end_time'], message: 'must be later than start_time' });
    }
    if (
      query.minimum_age !== undefined &&
      query.maximum_age !== undefined &&
      query.maximum_age < query.minimum_age
    ) {
      context.addIssue({
        code: 'custom',
        path: ['maximum_age'],
        message: 'must not be less than minimum_age',
      });
    }
  });

const textParameters = z.object({ ...paging, search: optional(plain) });

const taxonomyTermParameters = z.object({
  ...paging,
  search: optional(plain),
  taxonomy_id: optional(plain),
  parent_id: optional(plain),
  top_only: optional(flag).default(false),
});

const organizationDetailParameters = z.object({ full_service: optional(flag).default(false) });

const organizationParameters = z.object({
  ...paging,
  search: optional(plain),
  full: optional(flag).default(false),
  full_service: optional(flag).default(false),
});

function parse<T extends z.ZodType>(schema: T, query: unknown): z.output<T> {
  const result = schema.safeParse(query ?? {});
  if (result.success) return result.data;
  const [first, ...more] = result.error.issues.map((issue) => {
    const parameter = String(issue.path[0] ?? 'query');
    return { field: parameter, message: `${parameter} ${issue.message}` };
  });
  throw new BadRequestError([first, ...more]);
}

export type Paging = { page: number; perPage: number; format: 'json' | 'ndjson' };

const pagingOf = (query: { page: number; per_page: number; format: string }): Paging => ({
  page: query.page,
  perPage: query.per_page,
  format: query.format === 'ndjson' ? 'ndjson' : 'json',
});

/** What /services and /service_at_locations were asked, in the shape the service takes, with the paging. */
export type ServiceParameters = Paging & ServiceQuery;

export function serviceParametersOf(query: unknown): ServiceParameters {
  const q = parse(serviceParameters, query);
  return {
    ...pagingOf(q),
    text: q.search || q.text || null,
    taxonomyTermId: q.taxonomy_term_id || null,
    taxonomyId: q.taxonomy_id || null,
    organizationId: q.organization_id || null,
    postcode: q.postcode || null,
    proximityMetres: q.proximity ?? null,
    days: q.day ?? [],
    fromMinute: q.start_time ?? null,
    toMinute: q.end_time ?? null,
    date: q.date ?? null,
    minimumAge: q.minimum_age ?? null,
    maximumAge: q.maximum_age ?? null,
    modifiedAfter: q.modified_after ?? null,
    freeOnly: q.is_free,
    sort: (q.sort as SearchSort | undefined) ?? null,
    full: q.full,
  };
}

export function textParametersOf(query: unknown): Paging & { text: string | null } {
  const q = parse(textParameters, query);
  return { ...pagingOf(q), text: q.search || null };
}

/** /organizations: with `full` each organization carries its services, fully nested with `full_service`. */
export function organizationParametersOf(
  query: unknown,
): Paging & { text: string | null; full: boolean; fullService: boolean } {
  const q = parse(organizationParameters, query);
  // Nesting full services asks for the services to be nested at all.
  return {
    ...pagingOf(q),
    text: q.search || null,
    full: q.full || q.full_service,
    fullService: q.full_service,
  };
}

export function organizationDetailParametersOf(query: unknown): { fullService: boolean } {
  return { fullService: parse(organizationDetailParameters, query).full_service };
}

export function taxonomyTermParametersOf(query: unknown): Paging & {
  text: string | null;
  taxonomyId: string | null;
  parentId: string | null;
  topOnly: boolean;
} {
  const q = parse(taxonomyTermParameters, query);
  return {
    ...pagingOf(q),
    text: q.search || null,
    taxonomyId: q.taxonomy_id || null,
    parentId: q.parent_id || null,
    topOnly: q.top_only,
  };
}
