// The organiser's smaller forms: cancel one date, pause or close an activity, ask to manage an organisation.
import { z } from 'zod';
import { readDate } from '../../domain/schedule/builder.js';
import { ACTIVITY_STATUSES } from '../../services/activity-changes.js';
import { filledIn } from './form-state.js';

export const cancelDateForm = z.object({
  date: filledIn('Choose the date to cancel').transform((date, context) => {
    const day = readDate(date);
    if (day) return day;
    context.addIssue({ code: 'custom', message: 'Date must be a real date, like 2026-12-22' });
    return z.NEVER;
  }),
  reason: filledIn('Say why, so people know: for example "Christmas holidays"')
    .max(200, 'Reason must be 200 characters or fewer')
    .transform((v) => v.trim()),
});

/** Restore a cancelled session: the date as the page's button sends it. */
export const restoreDateForm = z.object({
  date: z.string().transform((date, context) => {
    const day = readDate(date);
    if (day) return day;
    context.addIssue({ code: 'custom', message: 'Date must be a real date, like 2026-12-22' });
    return z.NEVER;
  }),
});

/** Pause (temporarily closed), reopen (active) or close (inactive: off the directory). */
export const statusForm = z.object({ status: z.enum(ACTIVITY_STATUSES) });

export const claimForm = z.object({
  message: z
    .string()
    .max(1000, 'Message must be 1,000 characters or fewer')
    .transform((v) => v.trim() || null),
});

/** The organisation search on the claim page (?q=). */
export const claimSearch = z.object({
  q: z
    .string()
    .catch('')
    .transform((q) => q.slice(0, 200)),
});
