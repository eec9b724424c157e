// "Report a problem with this listing": anyone may send one, no account needed.
import { z } from 'zod';
import { looksLikeEmail } from '../../domain/email-address.js';
import { filledIn } from './form-state.js';

export const REPORT_MAX_LENGTH = 2000;

export const problemReportForm = z.object({
  problem: filledIn('Tell us what is wrong with this listing')
    .max(REPORT_MAX_LENGTH, `Keep it to ${REPORT_MAX_LENGTH.toLocaleString('en-GB')} characters or fewer`)
    .transform((v) => v.trim()),
  email: z
    .string()
    .refine((v) => !v.trim() || looksLikeEmail(v.trim()), {
      message: 'Enter an email address in the correct format, like name@example.com, or leave it empty',
    })
    .max(254, 'Email address must be 254 characters or fewer')
    .transform((v) => v.trim() || null),
});
