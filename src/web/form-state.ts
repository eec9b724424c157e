// What a form page needs to re-render: what was typed, and each problem linked to its field.
import type { z } from 'zod';

export interface FormError {
  field: string;
  message: string;
}

export interface FormState<V> {
  values: V;
  errors: FormError[];
  errorFor: Record<string, string>;
}

export function formState<V>(values: V, errors: FormError[] = []): FormState<V> {
  const errorFor: Record<string, string> = {};
  for (const e of errors) errorFor[e.field] ??= e.message;
  return { values, errors, errorFor };
}

/** zod issues as form errors; the message of each issue is written for the person filling in the form. */
export function issuesToErrors(error: z.ZodError): FormError[] {
  return error.issues.map((issue) => ({ field: String(issue.path[0] ?? 'form'), message: issue.message }));
}

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
