// What a form page needs to re-render: what was typed, and each problem linked to its field.
import { z } from 'zod';
import { BadRequestError, type FormError } from '../../domain/form-error.js';

export type { FormError } from '../../domain/form-error.js';

/** A problem as the error summary shows it: linked to the element it is about, or (null) to nothing. */
export type ShownError = FormError & { href: string | null };

export interface FormState<V> {
  values: V;
  errors: ShownError[];
  errorFor: Record<string, string>;
}

/**
 * The form as typed with its problems. Each problem links to `#field-<name>`, the id every single input gets; a
 * group of choices or boxes has no such element, so `targets` names its first input (null: link to nothing).
 */
export function formState<V>(
  values: V,
  errors: FormError[] = [],
  targets: Record<string, string | null> = {},
): FormState<V> {
  const errorFor: Record<string, string> = {};
  for (const e of errors) errorFor[e.field] ??= e.message;
  const shown = errors.map((e) => ({
    ...e,
    href: e.field in targets ? targets[e.field] : `#field-${e.field}`,
  }));
  return { values, errors: shown, errorFor };
}

/** Checkbox or radio items, each with the id its input gets (`<prefix>-<code>`) and whether it is chosen. */
export function choiceItems<T extends { code: string }>(
  prefix: string,
  options: readonly T[],
  chosen: readonly string[],
) {
  return options.map((option) => ({
    ...option,
    id: `${prefix}-${option.code || 'any'}`,
    checked: chosen.includes(option.code),
  }));
}

/** Where an error summary link for a group of choices goes: its first input. */
export const firstInput = (items: readonly { id: string }[]): string | null =>
  items[0] ? `#${items[0].id}` : null;

/** zod issues as form errors; the message of each issue is written for the person filling in the form. */
export function issuesToErrors(error: z.ZodError): FormError[] {
  return error.issues.map((issue) => ({ field: String(issue.path[0] ?? 'form'), message: issue.message }));
}

export type Checked<T> = { ok: true; value: T; errors: [] } | { ok: false; errors: FormError[] };

/**
 * A form's value, or its problems to show beside what was typed. `first` is a problem with the person rather
 * than the form (an address not yet confirmed): it is said alone, before the form is read.
 */
export function readForm<T extends z.ZodType>(
  schema: T,
  typed: unknown,
  first: FormError[] = [],
): Checked<z.output<T>> {
  if (first.length) return { ok: false, errors: first };
  const parsed = schema.safeParse(typed);
  return parsed.success
    ? { ok: true, value: parsed.data, errors: [] }
    : { ok: false, errors: issuesToErrors(parsed.error) };
}

/** Input no page can show again (a button's hidden fields, a link's parameters): its value, or a 400. */
export function parseOrReject<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const [first, ...more] = issuesToErrors(parsed.error);
  throw new BadRequestError([first, ...more]);
}

/** Text that must be given: only spaces is not enough, and nothing else about it is checked until it is. */
export const filledIn = (message: string) =>
  z.string().refine((value) => value.trim() !== '', { message, abort: true });

/** A single string from a form body field (arrays and objects are not strings). */
export function field(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

/** A list of strings from checkboxes: one value arrives as a string, several as an array. */
export function fieldList(body: unknown, name: string): string[] {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
