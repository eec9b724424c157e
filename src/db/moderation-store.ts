// SQL for claims on organisations and problem reports, the other two kinds of item in the steward queue.
import { returnedRows, type Queryable } from './queryable.js';

export interface ClaimRequest {
  id: string;
  userId: string;
  userEmail: string;
  organizationId: string;
  organizationName: string;
  message: string | null;
  status: 'pending' | 'approved' | 'rejected';
  reason: string | null;
  createdAt: Date;
  /** A current manager who told the steward they do not know who asked, and when. */
  concern: { email: string | null; at: Date } | null;
}

/** Someone who manages an organisation in the directory, and since when. */
export interface OrganizationManager {
  organizationId: string;
  userId: string;
  email: string;
  since: Date;
}

const CLAIM_SELECT = `
  SELECT c.id::text, c.user_id::text, u.email AS user_email, c.organization_id, o.name AS organization_name,
         c.message, c.status, c.reason, c.created_at, cu.email AS concern_email, c.concern_at
  FROM claim_request c JOIN user_account u ON u.id = c.user_id JOIN organization o ON o.id = c.organization_id
  LEFT JOIN user_account cu ON cu.id = c.concern_by`;

type ClaimRow = {
  id: string;
  user_id: string;
  user_email: string;
  organization_id: string;
  organization_name: string;
  message: string | null;
  status: ClaimRequest['status'];
  reason: string | null;
  created_at: Date;
  concern_email: string | null;
  concern_at: Date | null;
};

const toClaim = (r: ClaimRow): ClaimRequest => ({
  id: r.id,
  userId: r.user_id,
  userEmail: r.user_email,
  organizationId: r.organization_id,
  organizationName: r.organization_name,
  message: r.message,
  status: r.status,
  reason: r.reason,
  createdAt: r.created_at,
  concern: r.concern_at ? { email: r.concern_email, at: r.concern_at } : null,
});

export async function insertClaim(
  db: Queryable,
  userId: string,
  organizationId: string,
  message: string | null,
) {
  const rows = (await db.query(
    `INSERT INTO claim_request (user_id, organization_id, message) VALUES ($1, $2, $3) RETURNING id::text`,
    [userId, organizationId, message],
  )) as { id: string }[];
  return rows[0].id;
}

export async function claimsOfUser(db: Queryable, userId: string): Promise<ClaimRequest[]> {
  return (
    (await db.query(`${CLAIM_SELECT} WHERE c.user_id = $1 ORDER BY c.id DESC`, [userId])) as ClaimRow[]
  ).map(toClaim);
}

export async function pendingClaims(db: Queryable): Promise<ClaimRequest[]> {
  return ((await db.query(`${CLAIM_SELECT} WHERE c.status = 'pending' ORDER BY c.id`)) as ClaimRow[]).map(
    toClaim,
  );
}

export async function findClaim(db: Queryable, id: string): Promise<ClaimRequest | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  const rows = (await db.query(`${CLAIM_SELECT} WHERE c.id = $1`, [id])) as ClaimRow[];
  return rows[0] ? toClaim(rows[0]) : null;
}

/** Requests still waiting to manage this organisation, for its current managers' page. */
export async function pendingClaimsOn(db: Queryable, organizationId: string): Promise<ClaimRequest[]> {
  return (
    (await db.query(`${CLAIM_SELECT} WHERE c.organization_id = $1 AND c.status = 'pending' ORDER BY c.id`, [
      organizationId,
    ])) as ClaimRow[]
  ).map(toClaim);
}

/** Records that a current manager does not know who asked; false when the claim is not pending on that organisation. */
export async function recordClaimConcern(
  db: Queryable,
  claimId: string,
  organizationId: string,
  managerId: string,
): Promise<boolean> {
  if (!/^\d{1,18}$/.test(claimId)) return false;
  const rows = await returnedRows(
    db,
    `UPDATE claim_request SET concern_by = $3, concern_at = now()
     WHERE id = $1 AND organization_id = $2 AND status = 'pending' RETURNING id`,
    [claimId, organizationId, managerId],
  );
  return rows.length > 0;
}

/** The people who manage these organisations now, longest-standing first. */
export async function managersOf(db: Queryable, organizationIds: string[]): Promise<OrganizationManager[]> {
  const rows = (await db.query(
    `SELECT m.organization_id, m.user_id::text, u.email, m.created_at FROM organization_member m
     JOIN user_account u ON u.id = m.user_id WHERE m.organization_id = ANY($1) ORDER BY m.created_at, u.email`,
    [organizationIds],
  )) as { organization_id: string; user_id: string; email: string; created_at: Date }[];
  return rows.map((r) => ({
    organizationId: r.organization_id,
    userId: r.user_id,
    email: r.email,
    since: r.created_at,
  }));
}

export interface Decision {
  status: 'approved' | 'rejected';
  reason: string | null;
  deciderId: string;
}

/** Records a steward's decision on an item still pending; false when it was decided already. */
export async function decidePending(
  db: Queryable,
  table: 'claim_request' | 'listing_draft' | 'organization_draft' | 'organization_request',
  id: string,
  decision: Decision,
): Promise<boolean> {
  const rows = await returnedRows(
    db,
    `UPDATE ${table} SET status = $2, reason = $3, decided_by = $4, decided_at = now()
     WHERE id = $1 AND status = 'pending' RETURNING id`,
    [id, decision.status, decision.reason, decision.deciderId],
  );
  return rows.length > 0;
}

export const decideClaim = (db: Queryable, id: string, decision: Decision) =>
  decidePending(db, 'claim_request', id, decision);

export interface ProblemReport {
  id: string;
  serviceId: string;
  serviceName: string;
  problem: string;
  reporterEmail: string | null;
  status: 'open' | 'resolved';
  createdAt: Date;
}

const REPORT_SELECT = `
  SELECT r.id::text, r.service_id, s.name AS service_name, r.problem, r.reporter_email, r.status, r.created_at
  FROM problem_report r JOIN service s ON s.id = r.service_id`;

type ReportRow = {
  id: string;
  service_id: string;
  service_name: string;
  problem: string;
  reporter_email: string | null;
  status: ProblemReport['status'];
  created_at: Date;
};

const toReport = (r: ReportRow): ProblemReport => ({
  id: r.id,
  serviceId: r.service_id,
  serviceName: r.service_name,
  problem: r.problem,
  reporterEmail: r.reporter_email,
  status: r.status,
  createdAt: r.created_at,
});

export async function insertProblemReport(
  db: Queryable,
  serviceId: string,
  problem: string,
  reporterEmail: string | null,
): Promise<string> {
  const rows = (await db.query(
    `INSERT INTO problem_report (service_id, problem, reporter_email) VALUES ($1, $2, $3) RETURNING id::text`,
    [serviceId, problem, reporterEmail],
  )) as { id: string }[];
  return rows[0].id;
}

export async function openProblemReports(db: Queryable): Promise<ProblemReport[]> {
  return ((await db.query(`${REPORT_SELECT} WHERE r.status = 'open' ORDER BY r.id`)) as ReportRow[]).map(
    toReport,
  );
}

export async function findProblemReport(db: Queryable, id: string): Promise<ProblemReport | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  const rows = (await db.query(`${REPORT_SELECT} WHERE r.id = $1`, [id])) as ReportRow[];
  return rows[0] ? toReport(rows[0]) : null;
}

export async function resolveProblemReport(db: Queryable, id: string, stewardId: string): Promise<boolean> {
  const rows = await returnedRows(
    db,
    `UPDATE problem_report SET status = 'resolved', resolved_by = $2, resolved_at = now()
     WHERE id = $1 AND status = 'open' RETURNING id`,
    [id, stewardId],
  );
  return rows.length > 0;
}
