// The "What's on" form: a place and radius read as the search form reads them, and today, tomorrow or this week.
import { z } from 'zod';
import { WHEN_OPTIONS } from '../../domain/date-shortcuts.js';
import type { FormError } from '../../domain/form-error.js';
import { WHATS_ON_WHEN, type WhatsOnWhen } from '../../services/whats-on.js';
import { DEFAULT_RADIUS_MILES, parameters } from './search.js';

/** The choices, named as the search form names them ("This week (to Sunday)"). */
export const WHATS_ON_OPTIONS = WHATS_ON_WHEN.map((code) => WHEN_OPTIONS.find((o) => o.code === code)!);

export interface WhatsOnForm {
  where: string;
  radius: number;
  when: WhatsOnWhen;
}

const single = (value: unknown): string =>
  Array.isArray(value) ? String(value[0] ?? '') : typeof value === 'string' ? value : '';

const when = z.enum(WHATS_ON_WHEN, { error: 'Choose today, tomorrow or this week' });

/** The form as sent; `asked` is false for the bare page (nothing sent), which shows the form alone. */
export function parseWhatsOnForm(query: Record<string, unknown>): {
  form: WhatsOnForm;
  errors: FormError[];
  asked: boolean;
} {
  const errors: FormError[] = [];
  const read = <T>(schema: z.ZodType<T>, value: string, field: string): T | undefined => {
    if (!value) return undefined;
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    errors.push({ field, message: parsed.error.issues[0].message });
    return undefined;
  };
  const form: WhatsOnForm = {
    where: read(parameters.where, single(query.where), 'where') ?? '',
    radius: read(parameters.radius, single(query.radius), 'radius') ?? DEFAULT_RADIUS_MILES,
    when: read(when, single(query.when), 'when') ?? 'today',
  };
  const asked = ['where', 'radius', 'when'].some((name) => single(query[name]) !== '');
  if (asked && !form.where && !errors.some((e) => e.field === 'where'))
    errors.push({ field: 'where', message: 'Enter a postcode, postcode district or place name' });
  return { form, errors, asked };
}
