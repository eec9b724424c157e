// A link worker's shortlist: activity ids in the order chosen and a short note each. No patient data at all.
export const SHORTLIST_MAX_ITEMS = 20;
export const SHORTLIST_NOTE_MAX = 200;

export interface ShortlistItem {
  /** The activity (service) id. */
  id: string;
  /** Shown on the handout only; the page tells the link worker not to write names or personal details. */
  note: string;
}

export type Shortlist = ShortlistItem[];

export type ShortlistChange = { ok: true; shortlist: Shortlist } | { ok: false; message: string };

/** Reads a shortlist from untrusted storage (a session or a share link), dropping anything malformed. */
export function readShortlist(value: unknown): Shortlist {
  if (!Array.isArray(value)) return [];
  const seen = new Set<string>();
  const items: Shortlist = [];
  for (const entry of value) {
    if (!entry || typeof entry !== 'object') continue;
    const { id, note } = entry as { id?: unknown; note?: unknown };
    if (typeof id !== 'string' || id === '' || id.length > 200 || seen.has(id)) continue;
    seen.add(id);
    items.push({ id, note: typeof note === 'string' ? note.slice(0, SHORTLIST_NOTE_MAX) : '' });
    if (items.length === SHORTLIST_MAX_ITEMS) break;
  }
  return items;
}

export function addToShortlist(list: Shortlist, id: string): ShortlistChange {
  if (list.some((item) => item.id === id)) return { ok: true, shortlist: list };
  if (list.length >= SHORTLIST_MAX_ITEMS)
    return {
      ok: false,
      message: `The shortlist holds up to ${SHORTLIST_MAX_ITEMS} activities. Remove one before adding another.`,
    };
  return { ok: true, shortlist: [...list, { id, note: '' }] };
}

export function removeFromShortlist(list: Shortlist, id: string): Shortlist {
  return list.filter((item) => item.id !== id);
}

/** Moves an item one place up (-1) or down (+1); at either end it stays put. */
export function moveInShortlist(list: Shortlist, id: string, direction: -1 | 1): Shortlist {
  const from = list.findIndex((item) => item.id === id);
  const to = from + direction;
  if (from < 0 || to < 0 || to >= list.length) return list;
  const moved = [...list];
  [moved[from], moved[to]] = [moved[to], moved[from]];
  return moved;
}

export type NotesChange = { ok: true; shortlist: Shortlist } | { ok: false; id: string; length: number };

/** Sets the notes by activity id; a note over the limit is refused, naming the item it belongs to. */
export function setShortlistNotes(list: Shortlist, notes: Record<string, string>): NotesChange {
  const updated = list.map((item) => ({ ...item, note: (notes[item.id] ?? item.note).trim() }));
  const tooLong = updated.find((item) => item.note.length > SHORTLIST_NOTE_MAX);
  if (tooLong) return { ok: false, id: tooLong.id, length: tooLong.note.length };
  return { ok: true, shortlist: updated };
}
