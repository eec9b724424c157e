// An organisation's profile as its organiser types it (name, description, email address, website), for a change to
// one already listed or for one asked to be added.
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

/**
 * An organisation not yet in the directory, as its organiser asks for it: the profile's fields, with what it does
 * required (the steward decides on it). checkedName is the name already checked against the organisations listed,
 * so the similar ones are shown once, and again only when the name changes.
 */
export const newOrganisationForm = profileForm.extend({
  description: filledIn('Say what your organisation does')
    .max(3000, 'Description must be 3,000 characters or fewer')
    .transform((v) => v.trim()),
  checkedName: z
    .string()
    .catch('')
    .transform((v) => v.trim()),
});
