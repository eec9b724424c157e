// SQL for handouts shared by link: the shortlist kept under a random id until it expires or is stopped.
import type { ShortlistItem } from '../domain/shortlist.js';
import { returnedRows, type Queryable } from './queryable.js';

export interface SharedHandout {
  id: string;
  items: ShortlistItem[];
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** Who may see and stop a link: the session that made it (its link ids) or the signed-in user who did. */
export interface SharedHandoutOwner {
  linkIds: string[];
  userId: string | null;
}

/** Active rows this owner made: the session's own ids, or any the signed-in user made. */
const OWNED = `revoked_at IS NULL AND expires_at > $3 AND (id = ANY($1) OR created_by = $2)`;

export async function insertSharedHandout(
  db: Queryable,
  handout: { id: string; items: ShortlistItem[]; createdBy: string | null; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO shared_handout (id, items, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
    [handout.id, JSON.stringify(handout.items), handout.createdBy, handout.createdAt, handout.expiresAt],
  );
}

export async function findSharedHandout(db: Queryable, id: string): Promise<SharedHandout | null> {
  const rows = (await db.query(
    `SELECT id, items, created_at, expires_at, revoked_at FROM shared_handout WHERE id = $1`,
    [id],
  )) as { id: string; items: ShortlistItem[]; created_at: Date; expires_at: Date; revoked_at: Date | null }[];
  const row = rows[0];
  return row
    ? {
        id: row.id,
        items: row.items,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
        revokedAt: row.revoked_at,
      }
    : null;
}

/** The owner's links still working, newest first, each with the names of the activities it lists. */
export async function sharedHandoutsOf(
  db: Queryable,
  owner: SharedHandoutOwner,
  now: Date,
): Promise<(SharedHandout & { names: string[] })[]> {
  if (!owner.linkIds.length && !owner.userId) return [];
  const rows = (await db.query(
    `SELECT h.id, h.items, h.created_at, h.expires_at,
            ARRAY(SELECT s.name FROM jsonb_array_elements(h.items) WITH ORDINALITY AS i(item, n)
                  JOIN service s ON s.id = i.item->>'id' ORDER BY i.n) AS names
     FROM shared_handout h WHERE ${OWNED} ORDER BY h.created_at DESC, h.id LIMIT 100`,
    [owner.linkIds, owner.userId, now],
  )) as { id: string; items: ShortlistItem[]; created_at: Date; expires_at: Date; names: string[] }[];
  return rows.map((r) => ({
    id: r.id,
    items: r.items,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: null,
    names: r.names,
  }));
}

/** Stops a link its owner made, deleting its activities and notes at once; false when not theirs or already stopped. */
export async function revokeSharedHandout(
  db: Queryable,
  id: string,
  owner: SharedHandoutOwner,
  now: Date,
): Promise<boolean> {
  const rows = await returnedRows(
    db,
    `UPDATE shared_handout SET revoked_at = $3, items = '[]' WHERE ${OWNED} AND id = $4 RETURNING id`,
    [owner.linkIds, owner.userId, now, id],
  );
  return rows.length > 0;
}

export async function deleteExpiredSharedHandouts(db: Queryable, now: Date): Promise<number> {
  const rows = await returnedRows(db, `DELETE FROM shared_handout WHERE expires_at <= $1 RETURNING id`, [
    now,
  ]);
  return rows.length;
}
