// The reports' period (?from=&to=), defaulting to the last 90 days; a bad date is a 400 naming it.
import { DateTime } from 'luxon';
import { z } from 'zod';
import { defaultGapPeriod } from '../../services/reports.js';

const isoDate = (name: string) =>
  z
    .string()
    .trim()
    .refine((v) => v === '' || DateTime.fromISO(v).isValid, `${name} must be a date like 2026-01-31`)
    .optional();

export const periodForm = z
  .object({ from: isoDate('from'), to: isoDate('to') })
  .transform((typed) => {
    const fallback = defaultGapPeriod();
    return { from: typed.from || fallback.from, to: typed.to || fallback.to };
  })
  .refine((period) => period.from <= period.to, { path: ['from'], message: 'from must be on or before to' });
