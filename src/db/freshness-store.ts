// SQL for finding listings not reviewed for six months, flagging them and recording reminders.
import type { Queryable } from './queryable.js';

export interface StaleListing {
  serviceId: string;
  name: string;
  organizationId: string | null;
  organizationName: string | null;
  assuredDate: string | null;
  flaggedAt: Date;
  remindedAt: Date | null;
}

/** Listings on show whose last review is older than the cut-off (or never), not yet flagged. */
export async function unflaggedListingsReviewedBefore(
  db: Queryable,
  cutOff: string,
): Promise<{ id: string; name: string; organization_id: string | null; assured_date: string | null }[]> {
  return (await db.query(
    `SELECT s.id, s.name, s.organization_id, s.assured_date::text FROM service s
     WHERE s.status IN ('active', 'temporarily closed') AND (s.assured_date IS NULL OR s.assured_date < $1::date)
       AND NOT EXISTS (SELECT 1 FROM freshness_flag f WHERE f.service_id = s.id)
     ORDER BY s.assured_date NULLS FIRST, s.id`,
    [cutOff],
  )) as { id: string; name: string; organization_id: string | null; assured_date: string | null }[];
}

/**
 * Listings flagged before anyone managed them (so nobody was reminded) whose organisation now has a manager, still
 * on show and still not reviewed since the cut-off: each is reminded once, on the next run after it was claimed.
 */
export async function unremindedListingsWithOrganisers(
  db: Queryable,
  cutOff: string,
): Promise<{ id: string; name: string; organization_id: string | null; assured_date: string | null }[]> {
  return (await db.query(
    `SELECT s.id, s.name, s.organization_id, s.assured_date::text FROM freshness_flag f JOIN service s ON s.id = f.service_id
     WHERE f.reminded_at IS NULL AND s.status IN ('active', 'temporarily closed')
       AND (s.assured_date IS NULL OR s.assured_date < $1::date)
       AND EXISTS (SELECT 1 FROM organization_member m WHERE m.organization_id = s.organization_id)
     ORDER BY s.assured_date NULLS FIRST, s.id`,
    [cutOff],
  )) as { id: string; name: string; organization_id: string | null; assured_date: string | null }[];
}

/** Flags a listing; `reminded` also records that its organisers were mailed (kept once set). */
export async function flagListing(db: Queryable, serviceId: string, reminded: boolean): Promise<void> {
  await db.query(
    `INSERT INTO freshness_flag (service_id, reminded_at) VALUES ($1, CASE WHEN $2 THEN now() END)
     ON CONFLICT (service_id) DO UPDATE
       SET reminded_at = COALESCE(freshness_flag.reminded_at, EXCLUDED.reminded_at)`,
    [serviceId, reminded],
  );
}

export async function clearFlag(db: Queryable, serviceId: string): Promise<void> {
  await db.query(`DELETE FROM freshness_flag WHERE service_id = $1`, [serviceId]);
}

export async function flaggedListings(db: Queryable, limit = 200): Promise<StaleListing[]> {
  const rows = (await db.query(
    `SELECT f.service_id, s.name, s.organization_id, o.name AS organization_name, s.assured_date::text,
            f.flagged_at, f.reminded_at
     FROM freshness_flag f JOIN service s ON s.id = f.service_id LEFT JOIN organization o ON o.id = s.organization_id
     ORDER BY s.assured_date NULLS FIRST, s.name LIMIT $1`,
    [limit],
  )) as {
    service_id: string;
    name: string;
    organization_id: string | null;
    organization_name: string | null;
    assured_date: string | null;
    flagged_at: Date;
    reminded_at: Date | null;
  }[];
  return rows.map((r) => ({
    serviceId: r.service_id,
    name: r.name,
    organizationId: r.organization_id,
    organizationName: r.organization_name,
    assuredDate: r.assured_date,
    flaggedAt: r.flagged_at,
    remindedAt: r.reminded_at,
  }));
}

/** A "still accurate" link once used: the date it recorded, the one it replaced, when, and whether it was undone. */
export interface ReviewConfirmation {
  serviceId: string;
  reviewedOn: string;
  previousAssuredDate: string | null;
  confirmedAt: Date;
  undone: boolean;
  undoneAt: Date | null;
}

/** The confirmation made with this link, locked until the transaction ends. */
export async function lockReviewConfirmation(
  db: Queryable,
  tokenId: string,
): Promise<ReviewConfirmation | null> {
  const rows = (await db.query(
    `SELECT service_id, reviewed_on::text, previous_assured_date::text, confirmed_at, undone_at
     FROM review_confirmation WHERE token_id = $1 FOR UPDATE`,
    [tokenId],
  )) as {
    service_id: string;
    reviewed_on: string;
    previous_assured_date: string | null;
    confirmed_at: Date;
    undone_at: Date | null;
  }[];
  const r = rows[0];
  return r
    ? {
        serviceId: r.service_id,
        reviewedOn: r.reviewed_on,
        previousAssuredDate: r.previous_assured_date,
        confirmedAt: r.confirmed_at,
        undone: r.undone_at !== null,
        undoneAt: r.undone_at,
      }
    : null;
}

/** Records (or, after an undo, records again) the review a link confirmed. */
export async function saveReviewConfirmation(
  db: Queryable,
  tokenId: string,
  confirmation: Pick<ReviewConfirmation, 'serviceId' | 'reviewedOn' | 'previousAssuredDate'>,
): Promise<void> {
  await db.query(
    `INSERT INTO review_confirmation (token_id, service_id, reviewed_on, previous_assured_date)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (token_id) DO UPDATE SET reviewed_on = EXCLUDED.reviewed_on,
       previous_assured_date = EXCLUDED.previous_assured_date, confirmed_at = now(), undone_at = NULL`,
    [tokenId, confirmation.serviceId, confirmation.reviewedOn, confirmation.previousAssuredDate],
  );
}

export async function markReviewUndone(db: Queryable, tokenId: string): Promise<void> {
  await db.query(`UPDATE review_confirmation SET undone_at = now() WHERE token_id = $1`, [tokenId]);
}
