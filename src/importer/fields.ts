// Lenient zod field types for real feeds: numbers arrive as strings, blanks as "", nulls everywhere.
import { z } from 'zod';

const blankToNull = (value: unknown) =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '') ? null : value;

/** Optional free text: trimmed, blank becomes null, numbers are accepted as text. */
export const text = z.preprocess((value) => {
  const v = blankToNull(value);
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
}, z.string().trim().max(20000, 'is longer than 20,000 characters').nullable());

/** A required, non-blank identifier. */
export const id = z.preprocess(
  (value) => (typeof value === 'number' ? String(value) : value),
  z.string({ error: 'is required' }).trim().min(1, 'is required').max(200, 'is longer than 200 characters'),
);

export const optionalId = z.preprocess((value) => {
  const v = blankToNull(value);
  return typeof v === 'number' ? String(v) : v;
}, z.string().trim().max(200).nullable());

export const integer = z.preprocess(
  (value) => {
    const v = blankToNull(value);
    return typeof v === 'string' ? Number(v) : v;
  },
  z.number({ error: 'is not a number' }).int('is not a whole number').nullable(),
);

export const decimal = z.preprocess(
  (value) => {
    const v = blankToNull(value);
    return typeof v === 'string' ? Number(v.replace(/^£/, '')) : v;
  },
  z.number({ error: 'is not a number' }).finite('is not a number').nullable(),
);

/** A calendar date; ISO date-times are cut to their date. */
export const date = z.preprocess(
  (value) => {
    const v = blankToNull(value);
    return typeof v === 'string' ? v.trim().slice(0, 10) : v;
  },
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'is not a date (YYYY-MM-DD)')
    .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), 'is not a real date')
    .nullable(),
);

export const dateTime = z.preprocess(
  blankToNull,
  z
    .string()
    .refine((value) => !Number.isNaN(Date.parse(value)), 'is not a date and time')
    .transform((value) => new Date(value).toISOString())
    .nullable(),
);

/** A wall-clock time as HH:MM (HH:MM:SS accepted). */
export const time = z.preprocess(
  (value) => {
    const v = blankToNull(value);
    return typeof v === 'string' ? v.trim() : v;
  },
  z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, 'is not a time (HH:MM)')
    .transform((value) => value.slice(0, 5))
    .nullable(),
);

export const latitude = decimal.refine((v) => v === null || (v >= -90 && v <= 90), 'is not a latitude');
export const longitude = decimal.refine((v) => v === null || (v >= -180 && v <= 180), 'is not a longitude');

/** An array that may be missing or null in a feed. */
export function list<T extends z.ZodType>(item: T) {
  return z.preprocess((value) => (value === undefined || value === null ? [] : value), z.array(item));
}

/** Turns zod issues into "field.path: message" lines a person can act on. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = issue.path
      .map((part, i) =>
        typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`,
      )
      .join('');
    return where ? `${where}: ${issue.message}` : issue.message;
  });
}
