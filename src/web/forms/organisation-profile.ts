// An organisation's profile as its organiser types it: name, description, email address, website.
import { z } from 'zod';
import { looksLikeEmail } from '../../domain/email-address.js';
import { LINK_RULE, safeLink } from '../../domain/links.js';
import { filledIn } from './form-state.js';

const orNull = (value: string) => value.trim() || null;

export const profileForm = z.object({
  name: filledIn('Enter the name of your organisation')
    .max(200, 'Name must be 200 characters or fewer')
    .transform((v) => v.trim()),
  description: z.string().max(3000, 'Description must be 3,000 characters or fewer').transform(orNull),
  email: z
    .string()
    .refine((v) => !v.trim() || looksLikeEmail(v.trim()), {
      message: 'Enter an email address in the correct format, like name@example.com',
    })
    .transform(orNull),
  website: z
    .string()
    .refine((v) => !v.trim() || safeLink(v) !== null, { message: `Website must be ${LINK_RULE}` })
    .transform(safeLink),
});
