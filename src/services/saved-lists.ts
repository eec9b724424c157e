// Saved lists: a signed-in link worker keeps shortlists under names of their own, opens them again, and sees which
// activities changed or closed since they were saved. Activity ids only: notes stay in the session's shortlist.
import type { SavedListRecord, SavedListSummary, Stores } from '../db/stores.js';
import type { Clock } from '../domain/clock.js';
import { checkListName, SAVED_LIST_ITEMS_MAX, SAVED_LISTS_MAX } from '../domain/saved-list.js';
import type { Shortlist } from '../domain/shortlist.js';

export type { SavedListEntry, SavedListRecord, SavedListSummary } from '../db/stores.js';

export type SavedListChange =
  { ok: true; id: string; message: string } | { ok: false; field: 'name' | 'list'; message: string };

/** List ids are database serials: anything else names no list (and is never sent to Postgres as a bigint). */
const isListId = (listId: string) => /^\d{1,18}$/.test(listId);

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function createSavedLists(stores: Stores, clock: Clock) {
  const tooMany = (name: string, has: number, adding: number) =>
    `A saved list holds up to ${SAVED_LIST_ITEMS_MAX} activities. “${name}” has ${has}, and adding ${adding} more ` +
    `would make ${has + adding}. Remove some from the list or the shortlist, or save a new list.`;

  return {
    /** The owner's lists, most recently changed first. */
    lists: (ownerId: string): Promise<SavedListSummary[]> => stores.savedLists.savedListsOf(ownerId),

    /** The owner's list, or null for a list that is not theirs or does not exist. */
    async find(ownerId: string, listId: string): Promise<SavedListRecord | null> {
      return isListId(listId) ? stores.savedLists.findSavedList(ownerId, listId) : null;
    },

    /** Saves the shortlist's activities as a new list under the name given. */
    async save(ownerId: string, typedName: string, shortlist: Shortlist): Promise<SavedListChange> {
      const checked = checkListName(typedName);
      if (!checked.ok) return { ok: false, field: 'name', message: checked.message };
      if (shortlist.length === 0)
        return {
          ok: false,
          field: 'name',
          message: 'Your shortlist is empty. Add activities before saving it.',
        };
      const { name } = checked;
      return stores.transaction(async (db) => {
        await db.savedLists.lockSavedListsOf(ownerId);
        if ((await db.savedLists.savedListCount(ownerId)) >= SAVED_LISTS_MAX)
          return {
            ok: false,
            field: 'name',
            message: `You have ${SAVED_LISTS_MAX} saved lists, the most you can keep. Delete a list you no longer need before saving another.`,
          };
        if (await db.savedLists.savedListNamed(ownerId, name))
          return {
            ok: false,
            field: 'name',
            message: `You already have a list called “${name}”. Choose another name, or add the activities to that list.`,
          };
        const now = clock.now();
        const id = await db.savedLists.insertSavedList(ownerId, name, now);
        const added = await db.savedLists.addSavedListItems(
          id,
          shortlist.slice(0, SAVED_LIST_ITEMS_MAX).map((item) => item.id),
          now,
        );
        return {
          ok: true,
          id,
          message: `Saved ${plural(added.length, 'activity', 'activities')} as “${name}”.`,
        };
      });
    },

    /** Adds the shortlist's activities to one of the owner's lists, after those it holds. */
    async addTo(ownerId: string, listId: string, shortlist: Shortlist): Promise<SavedListChange> {
      if (!isListId(listId)) return { ok: false, field: 'list', message: 'Choose a saved list to add to' };
      return stores.transaction(async (db) => {
        await db.savedLists.lockSavedListsOf(ownerId);
        const list = await db.savedLists.findSavedList(ownerId, listId);
        if (!list) return { ok: false, field: 'list', message: 'Choose a saved list to add to' };
        const held = new Set(list.items.map((item) => item.serviceId));
        const adding = shortlist.filter((item) => !held.has(item.id)).map((item) => item.id);
        if (list.items.length + adding.length > SAVED_LIST_ITEMS_MAX)
          return { ok: false, field: 'list', message: tooMany(list.name, list.items.length, adding.length) };
        const added = await db.savedLists.addSavedListItems(list.id, adding, clock.now());
        return {
          ok: true,
          id: list.id,
          message: added.length
            ? `Added ${plural(added.length, 'activity', 'activities')} to “${list.name}”.`
            : `“${list.name}” already has every activity on your shortlist.`,
        };
      });
    },

    async rename(ownerId: string, listId: string, typedName: string): Promise<SavedListChange | null> {
      if (!isListId(listId)) return null;
      const checked = checkListName(typedName);
      if (!checked.ok) return { ok: false, field: 'name', message: checked.message };
      const { name } = checked;
      return stores.transaction(async (db) => {
        await db.savedLists.lockSavedListsOf(ownerId);
        const same = await db.savedLists.savedListNamed(ownerId, name);
        if (same && same !== listId)
          return {
            ok: false,
            field: 'name',
            message: `You already have a list called “${name}”. Choose another name.`,
          };
        if (!(await db.savedLists.renameSavedList(ownerId, listId, name, clock.now()))) return null;
        return { ok: true, id: listId, message: `The list is now called “${name}”.` };
      });
    },

    /** False when the list is not the owner's or does not hold the activity. */
    removeItem: async (ownerId: string, listId: string, serviceId: string): Promise<boolean> =>
      isListId(listId) && stores.savedLists.removeSavedListItem(ownerId, listId, serviceId, clock.now()),

    /** Takes the listings as they are now as the ones saved, so only later changes are flagged. */
    markSeen: async (ownerId: string, listId: string): Promise<boolean> =>
      isListId(listId) && stores.savedLists.markSavedListSeen(ownerId, listId),

    remove: async (ownerId: string, listId: string): Promise<boolean> =>
      isListId(listId) && stores.savedLists.deleteSavedList(ownerId, listId),

    /** The list as a shortlist (no notes), leaving out activities no longer on the directory. */
    asShortlist: (list: SavedListRecord): Shortlist =>
      list.items.filter((item) => item.listed).map((item) => ({ id: item.serviceId, note: '' })),
  };
}

export type SavedListsService = ReturnType<typeof createSavedLists>;
