// The shortlist's buttons and note boxes.
import { z } from 'zod';

const activityId = (message: string) => z.string({ error: message }).trim().min(1, message).max(200, message);

/** "Add to shortlist" as a link, for visitors without a session: it leads to a one-button confirmation page. */
export const addLink = z.object({
  id: activityId('Choose an activity to add to the shortlist (the id parameter).'),
});
export const addForm = z.object({ id: activityId('Choose an activity to add to the shortlist.') });
export const removeForm = z.object({ id: activityId('Choose an activity to remove from the shortlist.') });

const oneOrMany = z.union([z.string(), z.array(z.string())]).optional();

/** Save the notes, or move or remove one activity (the button pressed says which, and which activity). */
export const updateForm = z
  .object({
    action: z.string().regex(/^(save|up:.+|down:.+|remove:.+)$/, 'Choose what to do with the shortlist'),
    // Each textarea comes with its activity id in a hidden field, paired by position.
    item: oneOrMany,
    note: oneOrMany,
  })
  .transform(({ action, item, note }) => {
    const ids = item === undefined ? [] : [item].flat();
    const notes = note === undefined ? [] : [note].flat();
    const verb = action.split(':')[0] as 'save' | 'up' | 'down' | 'remove';
    return {
      verb,
      id: action.slice(action.indexOf(':') + 1),
      notes: Object.fromEntries(ids.map((id, i) => [id, notes[i] ?? ''])) as Record<string, string>,
    };
  });
