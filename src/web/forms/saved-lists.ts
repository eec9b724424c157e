// The saved lists' buttons: which activity to take off a list, and where to go after opening one.
import { z } from 'zod';

export const removeForm = z.object({
  id: z
    .string({ error: 'Choose an activity to remove from the list.' })
    .trim()
    .min(1, 'Choose an activity to remove from the list.')
    .max(200, 'Choose an activity to remove from the list.'),
});

/** "Open as shortlist", or open it and go straight to the printable handout. */
export const openForm = z.object({
  then: z.enum(['shortlist', 'handout'], { error: 'Choose where to open the list.' }).default('shortlist'),
});
