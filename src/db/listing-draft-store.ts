// SQL for proposed activities (drafts) waiting for, or decided by, a steward.
import { returnedRows, type Queryable } from './queryable.js';

export type DraftStatus = 'pending' | 'approved' | 'rejected';

export interface ListingDraft {
  id: string;
  serviceId: string;
  organizationId: string;
  organizationName: string;
  authorId: string | null;
  authorEmail: string | null;
  /** The proposed activity as an HSDS service document. */
  document: Record<string, unknown>;
  /** The editor's fields as typed, so the form can be shown again exactly. */
  form: Record<string, unknown>;
  status: DraftStatus;
  reason: string | null;
  decidedAt: Date | null;
  createdAt: Date;
  /** True when the activity is not yet published (a new listing rather than an edit). */
  isNew: boolean;
}

const SELECT = `
  SELECT d.id::text, d.service_id, d.organization_id, o.name AS organization_name, d.author_id::text,
         u.email AS author_email, d.document, d.form, d.status, d.reason, d.decided_at, d.created_at,
         NOT EXISTS (SELECT 1 FROM service s WHERE s.id = d.service_id) AS is_new
  FROM listing_draft d JOIN organization o ON o.id = d.organization_id
  LEFT JOIN user_account u ON u.id = d.author_id`;

interface DraftRow {
  id: string;
  service_id: string;
  organization_id: string;
  organization_name: string;
  author_id: string | null;
  author_email: string | null;
  document: Record<string, unknown>;
  form: Record<string, unknown>;
  status: DraftStatus;
  reason: string | null;
  decided_at: Date | null;
  created_at: Date;
  is_new: boolean;
}

const toDraft = (r: DraftRow): ListingDraft => ({
  id: r.id,
  serviceId: r.service_id,
  organizationId: r.organization_id,
  organizationName: r.organization_name,
  authorId: r.author_id,
  authorEmail: r.author_email,
  document: r.document,
  form: r.form,
  status: r.status,
  reason: r.reason,
  decidedAt: r.decided_at,
  createdAt: r.created_at,
  isNew: r.is_new,
});

export async function insertDraft(
  db: Queryable,
  draft: {
    serviceId: string;
    organizationId: string;
    authorId: string;
    document: object;
    form: object;
  },
): Promise<string> {
  // A newer proposal for the same activity replaces an older one still waiting.
  await db.query(
    `UPDATE listing_draft SET status = 'rejected', reason = 'Replaced by a newer change', decided_at = now(), updated_at = now()
     WHERE service_id = $1 AND status = 'pending'`,
    [draft.serviceId],
  );
  const rows = (await db.query(
    `INSERT INTO listing_draft (service_id, organization_id, author_id, document, form)
     VALUES ($1, $2, $3, $4, $5) RETURNING id::text`,
    [
      draft.serviceId,
      draft.organizationId,
      draft.authorId,
      JSON.stringify(draft.document),
      JSON.stringify(draft.form),
    ],
  )) as { id: string }[];
  return rows[0].id;
}

export async function findDraft(db: Queryable, id: string): Promise<ListingDraft | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  const rows = (await db.query(`${SELECT} WHERE d.id = $1`, [id])) as DraftRow[];
  return rows[0] ? toDraft(rows[0]) : null;
}

export async function draftsOfOrganization(db: Queryable, organizationId: string): Promise<ListingDraft[]> {
  const rows = (await db.query(`${SELECT} WHERE d.organization_id = $1 ORDER BY d.id DESC LIMIT 50`, [
    organizationId,
  ])) as DraftRow[];
  return rows.map(toDraft);
}

export async function pendingDrafts(db: Queryable): Promise<ListingDraft[]> {
  const rows = (await db.query(`${SELECT} WHERE d.status = 'pending' ORDER BY d.id`)) as DraftRow[];
  return rows.map(toDraft);
}

/** The most recent proposal for an activity, to fill the editor with what was last typed. */
export async function latestDraftForService(db: Queryable, serviceId: string): Promise<ListingDraft | null> {
  const rows = (await db.query(`${SELECT} WHERE d.service_id = $1 ORDER BY d.id DESC LIMIT 1`, [
    serviceId,
  ])) as DraftRow[];
  return rows[0] ? toDraft(rows[0]) : null;
}

/** The document that was last published for an activity, the "before" of a new proposal. */
export async function publishedDocument(
  db: Queryable,
  serviceId: string,
): Promise<Record<string, unknown> | null> {
  const rows = (await db.query(
    `SELECT document FROM listing_draft WHERE service_id = $1 AND status = 'approved' ORDER BY decided_at DESC, id DESC LIMIT 1`,
    [serviceId],
  )) as { document: Record<string, unknown> }[];
  return rows[0]?.document ?? null;
}

export async function decideDraft(
  db: Queryable,
  id: string,
  decision: { status: 'approved' | 'rejected'; reason: string | null; deciderId: string },
): Promise<boolean> {
  const rows = await returnedRows(
    db,
    `UPDATE listing_draft SET status = $2, reason = $3, decided_by = $4, decided_at = now(), updated_at = now()
     WHERE id = $1 AND status = 'pending' RETURNING id`,
    [id, decision.status, decision.reason, decision.deciderId],
  );
  return rows.length > 0;
}
