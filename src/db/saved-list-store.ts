// SQL for link workers' saved lists: named lists of activity ids, each activity with the listing's content hash and
// status from when it was added, read back beside the listing as it is now. Every read and write names the owner.
import { returnedRows, type Queryable } from './queryable.js';

/** Statuses of a listing taken off the directory (as the activity page reads them). */
const OFF_DIRECTORY = `('inactive', 'defunct')`;

export interface SavedListSummary {
  id: string;
  name: string;
  count: number;
  /** Activities changed, closed or taken off the directory since they were saved. */
  changed: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface SavedListEntry {
  serviceId: string;
  addedAt: Date;
  /** The listing's name now; null when it is no longer in the directory at all. */
  name: string | null;
  /** Still on the directory (active or temporarily closed). */
  listed: boolean;
  temporarilyClosed: boolean;
  /** Listed, and its content or status differs from when it was saved. */
  changed: boolean;
}

export interface SavedListRecord {
  id: string;
  name: string;
  createdAt: Date;
  updatedAt: Date;
  items: SavedListEntry[];
}

/** One item's state against the listing now (`i` the item, `s` the service, possibly missing). */
const ITEM_CHANGED = `(s.id IS NULL OR s.status IN ${OFF_DIRECTORY}
  OR s.content_hash IS DISTINCT FROM i.listing_hash OR s.status IS DISTINCT FROM i.listing_status)`;

/** Holds the owner's account row until the transaction ends, so two saves cannot both pass the limits. */
export async function lockSavedListsOf(db: Queryable, ownerId: string): Promise<void> {
  await db.query(`SELECT id FROM user_account WHERE id = $1 FOR UPDATE`, [ownerId]);
}

export async function savedListCount(db: Queryable, ownerId: string): Promise<number> {
  const rows = (await db.query(`SELECT count(*)::int AS n FROM saved_list WHERE owner_id = $1`, [
    ownerId,
  ])) as {
    n: number;
  }[];
  return rows[0].n;
}

/** The owner's lists, most recently changed first, with how many activities changed since they were saved. */
export async function savedListsOf(db: Queryable, ownerId: string): Promise<SavedListSummary[]> {
  const rows = (await db.query(
    `SELECT l.id::text AS id, l.name, l.created_at, l.updated_at,
            count(i.service_id)::int AS count,
            (count(i.service_id) FILTER (WHERE ${ITEM_CHANGED}))::int AS changed
     FROM saved_list l
     LEFT JOIN saved_list_item i ON i.saved_list_id = l.id
     LEFT JOIN service s ON s.id = i.service_id
     WHERE l.owner_id = $1
     GROUP BY l.id
     ORDER BY l.updated_at DESC, l.id DESC`,
    [ownerId],
  )) as { id: string; name: string; created_at: Date; updated_at: Date; count: number; changed: number }[];
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    count: r.count,
    changed: r.changed,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

/** The owner's list of this name (capitals aside), if they have one. */
export async function savedListNamed(db: Queryable, ownerId: string, name: string): Promise<string | null> {
  const rows = (await db.query(
    `SELECT id::text AS id FROM saved_list WHERE owner_id = $1 AND lower(name) = lower($2)`,
    [ownerId, name],
  )) as { id: string }[];
  return rows[0]?.id ?? null;
}

/** The list with its activities in order, each beside its listing now; null when the owner has no such list. */
export async function findSavedList(
  db: Queryable,
  ownerId: string,
  listId: string,
): Promise<SavedListRecord | null> {
  const lists = (await db.query(
    `SELECT id::text AS id, name, created_at, updated_at FROM saved_list WHERE id = $1 AND owner_id = $2`,
    [listId, ownerId],
  )) as { id: string; name: string; created_at: Date; updated_at: Date }[];
  const list = lists[0];
  if (!list) return null;
  const items = (await db.query(
    `SELECT i.service_id, i.added_at, s.name,
            (s.id IS NOT NULL AND s.status NOT IN ${OFF_DIRECTORY}) AS listed,
            coalesce(s.status = 'temporarily closed', false) AS temporarily_closed,
            ${ITEM_CHANGED} AS changed
     FROM saved_list_item i
     LEFT JOIN service s ON s.id = i.service_id
     WHERE i.saved_list_id = $1
     ORDER BY i.position, i.service_id`,
    [listId],
  )) as {
    service_id: string;
    added_at: Date;
    name: string | null;
    listed: boolean;
    temporarily_closed: boolean;
    changed: boolean;
  }[];
  return {
    id: list.id,
    name: list.name,
    createdAt: list.created_at,
    updatedAt: list.updated_at,
    items: items.map((i) => ({
      serviceId: i.service_id,
      addedAt: i.added_at,
      name: i.name,
      listed: i.listed,
      temporarilyClosed: i.temporarily_closed,
      changed: i.listed && i.changed,
    })),
  };
}

export async function insertSavedList(
  db: Queryable,
  ownerId: string,
  name: string,
  now: Date,
): Promise<string> {
  const rows = (await db.query(
    `INSERT INTO saved_list (owner_id, name, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id::text AS id`,
    [ownerId, name, now],
  )) as { id: string }[];
  return rows[0].id;
}

/**
 * Appends these activities in the order given, each with its listing's hash and status now. Activities already on
 * the list, and ones not on the directory, are left out. Returns the ids added.
 */
export async function addSavedListItems(
  db: Queryable,
  listId: string,
  serviceIds: string[],
  now: Date,
): Promise<string[]> {
  if (serviceIds.length === 0) return [];
  const rows = await returnedRows<{ service_id: string }>(
    db,
    `INSERT INTO saved_list_item (saved_list_id, service_id, position, added_at, listing_hash, listing_status)
     SELECT $1, s.id,
            (SELECT coalesce(max(position), 0) FROM saved_list_item WHERE saved_list_id = $1)
              + row_number() OVER (ORDER BY i.n),
            $3, s.content_hash, s.status
     FROM unnest($2::text[]) WITH ORDINALITY AS i(id, n)
     JOIN service s ON s.id = i.id AND s.status NOT IN ${OFF_DIRECTORY}
     WHERE NOT EXISTS (SELECT 1 FROM saved_list_item x WHERE x.saved_list_id = $1 AND x.service_id = s.id)
     ORDER BY i.n
     ON CONFLICT DO NOTHING
     RETURNING service_id`,
    [listId, serviceIds, now],
  );
  if (rows.length) await db.query(`UPDATE saved_list SET updated_at = $2 WHERE id = $1`, [listId, now]);
  return rows.map((r) => r.service_id);
}

export async function renameSavedList(
  db: Queryable,
  ownerId: string,
  listId: string,
  name: string,
  now: Date,
): Promise<boolean> {
  const rows = await returnedRows(
    db,
    `UPDATE saved_list SET name = $3, updated_at = $4 WHERE id = $1 AND owner_id = $2 RETURNING id`,
    [listId, ownerId, name, now],
  );
  return rows.length > 0;
}

/** Takes one activity off the owner's list; false when the list is not theirs or does not hold it. */
export async function removeSavedListItem(
  db: Queryable,
  ownerId: string,
  listId: string,
  serviceId: string,
  now: Date,
): Promise<boolean> {
  const rows = await returnedRows(
    db,
    `DELETE FROM saved_list_item i USING saved_list l
     WHERE i.saved_list_id = l.id AND l.id = $1 AND l.owner_id = $2 AND i.service_id = $3
     RETURNING i.service_id`,
    [listId, ownerId, serviceId],
  );
  if (rows.length) await db.query(`UPDATE saved_list SET updated_at = $2 WHERE id = $1`, [listId, now]);
  return rows.length > 0;
}

/** Records each listed activity's hash and status now, so the list stops flagging changes already looked at. */
export async function markSavedListSeen(db: Queryable, ownerId: string, listId: string): Promise<boolean> {
  const owned = (await db.query(`SELECT 1 FROM saved_list WHERE id = $1 AND owner_id = $2`, [
    listId,
    ownerId,
  ])) as unknown[];
  if (!owned.length) return false;
  await db.query(
    `UPDATE saved_list_item i SET listing_hash = s.content_hash, listing_status = s.status
     FROM service s WHERE s.id = i.service_id AND i.saved_list_id = $1`,
    [listId],
  );
  return true;
}

export async function deleteSavedList(db: Queryable, ownerId: string, listId: string): Promise<boolean> {
  const rows = await returnedRows(db, `DELETE FROM saved_list WHERE id = $1 AND owner_id = $2 RETURNING id`, [
    listId,
    ownerId,
  ]);
  return rows.length > 0;
}
