// SQL for proposed changes to organisation profiles waiting for, or decided by, a steward.
import type { DraftStatus } from './listing-draft-store.js';
import type { OrganizationProfile } from './organization-store.js';
import { decidePending, type Decision } from './moderation-store.js';
import type { Queryable } from './queryable.js';

export type ProfileFields = Omit<OrganizationProfile, 'id'>;

export interface OrganizationDraft {
  id: string;
  organizationId: string;
  /** The profile as it is live now, the "before" of the proposal. */
  live: OrganizationProfile;
  authorId: string | null;
  authorEmail: string | null;
  proposed: ProfileFields;
  status: DraftStatus;
  reason: string | null;
  decidedAt: Date | null;
  createdAt: Date;
}

const SELECT = `
  SELECT d.id::text, d.organization_id, o.name, o.description, o.email, o.website, d.author_id::text,
         u.email AS author_email, d.proposed, d.status, d.reason, d.decided_at, d.created_at
  FROM organization_draft d JOIN organization o ON o.id = d.organization_id
  LEFT JOIN user_account u ON u.id = d.author_id`;

interface DraftRow extends ProfileFields {
  id: string;
  organization_id: string;
  author_id: string | null;
  author_email: string | null;
  proposed: ProfileFields;
  status: DraftStatus;
  reason: string | null;
  decided_at: Date | null;
  created_at: Date;
}

const toDraft = (r: DraftRow): OrganizationDraft => ({
  id: r.id,
  organizationId: r.organization_id,
  live: {
    id: r.organization_id,
    name: r.name,
    description: r.description,
    email: r.email,
    website: r.website,
  },
  authorId: r.author_id,
  authorEmail: r.author_email,
  proposed: r.proposed,
  status: r.status,
  reason: r.reason,
  decidedAt: r.decided_at,
  createdAt: r.created_at,
});

/** Marks any proposal still waiting for this organisation as replaced (by a newer one, or a direct edit). */
export async function replacePendingProfileDrafts(db: Queryable, organizationId: string): Promise<void> {
  await db.query(
    `UPDATE organization_draft SET status = 'rejected', reason = 'Replaced by a newer change', decided_at = now()
     WHERE organization_id = $1 AND status = 'pending'`,
    [organizationId],
  );
}

export async function insertProfileDraft(
  db: Queryable,
  draft: { organizationId: string; authorId: string; proposed: ProfileFields },
): Promise<string> {
  await replacePendingProfileDrafts(db, draft.organizationId);
  const rows = (await db.query(
    `INSERT INTO organization_draft (organization_id, author_id, proposed) VALUES ($1, $2, $3) RETURNING id::text`,
    [draft.organizationId, draft.authorId, JSON.stringify(draft.proposed)],
  )) as { id: string }[];
  return rows[0].id;
}

export async function findProfileDraft(db: Queryable, id: string): Promise<OrganizationDraft | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  const rows = (await db.query(`${SELECT} WHERE d.id = $1`, [id])) as DraftRow[];
  return rows[0] ? toDraft(rows[0]) : null;
}

export async function pendingProfileDrafts(db: Queryable): Promise<OrganizationDraft[]> {
  const rows = (await db.query(`${SELECT} WHERE d.status = 'pending' ORDER BY d.id`)) as DraftRow[];
  return rows.map(toDraft);
}

/**
 * What the organiser's page reports: the proposal still waiting, or else the last one a steward rejected
 * when nothing has gone live since (a later live change makes that rejection old news).
 */
export async function profileDraftForOrganiser(
  db: Queryable,
  organizationId: string,
): Promise<OrganizationDraft | null> {
  const rows = (await db.query(
    `${SELECT} WHERE d.organization_id = $1
       AND (d.status = 'pending' OR (d.status = 'rejected' AND d.decided_by IS NOT NULL AND o.updated_at <= d.decided_at))
     ORDER BY d.id DESC LIMIT 1`,
    [organizationId],
  )) as DraftRow[];
  return rows[0] ? toDraft(rows[0]) : null;
}

export const decideProfileDraft = (db: Queryable, id: string, decision: Decision) =>
  decidePending(db, 'organization_draft', id, decision);

/** An organisation not yet in the directory, asked for by an organiser, waiting for or decided by a steward. */
export interface OrganizationRequest {
  id: string;
  authorId: string;
  authorEmail: string;
  proposed: ProfileFields;
  /** The organisation made from it, once approved. */
  organizationId: string | null;
  status: DraftStatus;
  reason: string | null;
  decidedAt: Date | null;
  createdAt: Date;
}

const REQUEST_SELECT = `
  SELECT r.id::text, r.author_id::text, u.email AS author_email, r.proposed, r.organization_id, r.status, r.reason,
         r.decided_at, r.created_at
  FROM organization_request r JOIN user_account u ON u.id = r.author_id`;

interface RequestRow {
  id: string;
  author_id: string;
  author_email: string;
  proposed: ProfileFields;
  organization_id: string | null;
  status: DraftStatus;
  reason: string | null;
  decided_at: Date | null;
  created_at: Date;
}

const toRequest = (r: RequestRow): OrganizationRequest => ({
  id: r.id,
  authorId: r.author_id,
  authorEmail: r.author_email,
  proposed: r.proposed,
  organizationId: r.organization_id,
  status: r.status,
  reason: r.reason,
  decidedAt: r.decided_at,
  createdAt: r.created_at,
});

export async function insertOrganizationRequest(
  db: Queryable,
  request: { authorId: string; proposed: ProfileFields },
): Promise<string> {
  const rows = (await db.query(
    `INSERT INTO organization_request (author_id, proposed) VALUES ($1, $2) RETURNING id::text`,
    [request.authorId, JSON.stringify(request.proposed)],
  )) as { id: string }[];
  return rows[0].id;
}

export async function findOrganizationRequest(
  db: Queryable,
  id: string,
): Promise<OrganizationRequest | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  const rows = (await db.query(`${REQUEST_SELECT} WHERE r.id = $1`, [id])) as RequestRow[];
  return rows[0] ? toRequest(rows[0]) : null;
}

export async function pendingOrganizationRequests(db: Queryable): Promise<OrganizationRequest[]> {
  const rows = (await db.query(`${REQUEST_SELECT} WHERE r.status = 'pending' ORDER BY r.id`)) as RequestRow[];
  return rows.map(toRequest);
}

/** Everything one organiser has asked to add, newest first. */
export async function organizationRequestsOf(
  db: Queryable,
  authorId: string,
): Promise<OrganizationRequest[]> {
  const rows = (await db.query(`${REQUEST_SELECT} WHERE r.author_id = $1 ORDER BY r.id DESC`, [
    authorId,
  ])) as RequestRow[];
  return rows.map(toRequest);
}

export const decideOrganizationRequest = (db: Queryable, id: string, decision: Decision) =>
  decidePending(db, 'organization_request', id, decision);

/** Names the organisation an approved request became. */
export async function linkOrganizationRequest(
  db: Queryable,
  id: string,
  organizationId: string,
): Promise<void> {
  await db.query(`UPDATE organization_request SET organization_id = $2 WHERE id = $1`, [id, organizationId]);
}
