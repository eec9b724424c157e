// SQL for the referral loop: which organisations take referrals, the requests link workers send them, the group's
// inbox and the link worker's list, the timed job's chasing, and counts for reports. Personal details arrive and
// leave sealed; nothing here can read them.
import type { Queryable } from './queryable.js';

export interface ReferralTarget {
  serviceId: string;
  serviceName: string;
  organizationId: string;
  organizationName: string;
  notifyEmail: string;
}

export interface ReferralRequestRecord {
  id: string;
  serviceId: string;
  serviceName: string;
  organizationId: string;
  organizationName: string;
  notifyEmail: string | null;
  linkWorkerId: string | null;
  linkWorkerEmail: string | null;
  contactMethod: string;
  firstNameSealed: string | null;
  contactSealed: string | null;
  supportSealed: string | null;
  statusReasonSealed: string | null;
  consentWordingVersion: string;
  consentRecordedByEmail: string | null;
  consentRecordedAt: Date;
  status: string;
  createdAt: Date;
  statusChangedAt: Date;
  answeredAt: Date | null;
  remindedAt: Date | null;
  erasedAt: Date | null;
}

export interface NewReferralRequest {
  id: string;
  serviceId: string;
  linkWorkerId: string;
  contactMethod: string;
  firstNameSealed: string;
  contactSealed: string;
  supportSealed: string | null;
  consentWordingVersion: string;
  consentRecordedAt: Date;
  createdAt: Date;
}

const SELECT_REQUEST = `
  SELECT r.id::text, r.service_id, s.name AS service_name, o.id AS organization_id, o.name AS organization_name,
         rs.notify_email, r.link_worker_id::text, lw.email AS link_worker_email, r.contact_method,
         r.first_name_sealed, r.contact_sealed, r.support_sealed, r.status_reason_sealed,
         r.consent_wording_version, cr.email AS consent_recorded_by_email, r.consent_recorded_at, r.status,
         r.created_at, r.status_changed_at, r.answered_at, r.reminded_at, r.erased_at
  FROM referral_request r
  JOIN service s ON s.id = r.service_id
  JOIN organization o ON o.id = s.organization_id
  LEFT JOIN referral_setting rs ON rs.organization_id = o.id
  LEFT JOIN user_account lw ON lw.id = r.link_worker_id
  LEFT JOIN user_account cr ON cr.id = r.consent_recorded_by`;

type RequestRow = {
  id: string;
  service_id: string;
  service_name: string;
  organization_id: string;
  organization_name: string;
  notify_email: string | null;
  link_worker_id: string | null;
  link_worker_email: string | null;
  contact_method: string;
  first_name_sealed: string | null;
  contact_sealed: string | null;
  support_sealed: string | null;
  status_reason_sealed: string | null;
  consent_wording_version: string;
  consent_recorded_by_email: string | null;
  consent_recorded_at: Date;
  status: string;
  created_at: Date;
  status_changed_at: Date;
  answered_at: Date | null;
  reminded_at: Date | null;
  erased_at: Date | null;
};

const toRecord = (r: RequestRow): ReferralRequestRecord => ({
  id: r.id,
  serviceId: r.service_id,
  serviceName: r.service_name,
  organizationId: r.organization_id,
  organizationName: r.organization_name,
  notifyEmail: r.notify_email,
  linkWorkerId: r.link_worker_id,
  linkWorkerEmail: r.link_worker_email,
  contactMethod: r.contact_method,
  firstNameSealed: r.first_name_sealed,
  contactSealed: r.contact_sealed,
  supportSealed: r.support_sealed,
  statusReasonSealed: r.status_reason_sealed,
  consentWordingVersion: r.consent_wording_version,
  consentRecordedByEmail: r.consent_recorded_by_email,
  consentRecordedAt: r.consent_recorded_at,
  status: r.status,
  createdAt: r.created_at,
  statusChangedAt: r.status_changed_at,
  answeredAt: r.answered_at,
  remindedAt: r.reminded_at,
  erasedAt: r.erased_at,
});

/** The address an organisation is told of new requests at, or null when it does not take referrals. */
export async function referralSettingOf(db: Queryable, organizationId: string): Promise<string | null> {
  const rows = (await db.query(`SELECT notify_email FROM referral_setting WHERE organization_id = $1`, [
    organizationId,
  ])) as { notify_email: string }[];
  return rows[0]?.notify_email ?? null;
}

export async function saveReferralSetting(
  db: Queryable,
  organizationId: string,
  notifyEmail: string,
  userId: string,
): Promise<void> {
  await db.query(
    `INSERT INTO referral_setting (organization_id, notify_email, updated_by) VALUES ($1, $2, $3)
     ON CONFLICT (organization_id) DO UPDATE
     SET notify_email = EXCLUDED.notify_email, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [organizationId, notifyEmail, userId],
  );
}

export async function removeReferralSetting(db: Queryable, organizationId: string): Promise<void> {
  await db.query(`DELETE FROM referral_setting WHERE organization_id = $1`, [organizationId]);
}

/** A listed activity whose organisation takes referrals; null otherwise. */
export async function referralTarget(db: Queryable, serviceId: string): Promise<ReferralTarget | null> {
  const rows = (await db.query(
    `SELECT s.id, s.name, o.id AS organization_id, o.name AS organization_name, rs.notify_email
     FROM service s
     JOIN organization o ON o.id = s.organization_id
     JOIN referral_setting rs ON rs.organization_id = o.id
     WHERE s.id = $1 AND s.status NOT IN ('inactive', 'defunct')`,
    [serviceId],
  )) as {
    id: string;
    name: string;
    organization_id: string;
    organization_name: string;
    notify_email: string;
  }[];
  const row = rows[0];
  return row
    ? {
        serviceId: row.id,
        serviceName: row.name,
        organizationId: row.organization_id,
        organizationName: row.organization_name,
        notifyEmail: row.notify_email,
      }
    : null;
}

/** Of these activities, the ones whose organisations take referrals. */
export async function referableServiceIds(db: Queryable, serviceIds: string[]): Promise<string[]> {
  if (serviceIds.length === 0) return [];
  const rows = (await db.query(
    `SELECT s.id FROM service s JOIN referral_setting rs ON rs.organization_id = s.organization_id
     WHERE s.id = ANY($1::text[]) AND s.status NOT IN ('inactive', 'defunct')`,
    [serviceIds],
  )) as { id: string }[];
  return rows.map((r) => r.id);
}

export async function insertReferralRequest(db: Queryable, request: NewReferralRequest): Promise<void> {
  await db.query(
    `INSERT INTO referral_request (id, service_id, link_worker_id, contact_method, first_name_sealed, contact_sealed,
       support_sealed, consent_wording_version, consent_recorded_by, consent_recorded_at, status, created_at,
       status_changed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $3, $9, 'new', $10, $10)`,
    [
      request.id,
      request.serviceId,
      request.linkWorkerId,
      request.contactMethod,
      request.firstNameSealed,
      request.contactSealed,
      request.supportSealed,
      request.consentWordingVersion,
      request.consentRecordedAt,
      request.createdAt,
    ],
  );
}

export async function findReferralRequest(db: Queryable, id: string): Promise<ReferralRequestRecord | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const rows = (await db.query(`${SELECT_REQUEST} WHERE r.id = $1`, [id])) as RequestRow[];
  return rows[0] ? toRecord(rows[0]) : null;
}

/** Requests to the activities of every organisation the user belongs to, newest first. */
export async function referralRequestsForMember(
  db: Queryable,
  userId: string,
): Promise<ReferralRequestRecord[]> {
  const rows = (await db.query(
    `${SELECT_REQUEST}
     JOIN organization_member m ON m.organization_id = o.id AND m.user_id = $1
     ORDER BY r.created_at DESC LIMIT 500`,
    [userId],
  )) as RequestRow[];
  return rows.map(toRecord);
}

/** The requests one link worker sent, newest first. */
export async function referralRequestsSentBy(
  db: Queryable,
  userId: string,
): Promise<ReferralRequestRecord[]> {
  const rows = (await db.query(
    `${SELECT_REQUEST} WHERE r.link_worker_id = $1 ORDER BY r.created_at DESC LIMIT 500`,
    [userId],
  )) as RequestRow[];
  return rows.map(toRecord);
}

/** The latest status of each of these activities' requests from one link worker (for the saved list). */
export async function latestReferralStatuses(
  db: Queryable,
  userId: string,
  serviceIds: string[],
): Promise<{ serviceId: string; status: string; createdAt: Date }[]> {
  if (serviceIds.length === 0) return [];
  const rows = (await db.query(
    `SELECT DISTINCT ON (service_id) service_id, status, created_at FROM referral_request
     WHERE link_worker_id = $1 AND service_id = ANY($2::text[])
     ORDER BY service_id, created_at DESC`,
    [userId, serviceIds],
  )) as { service_id: string; status: string; created_at: Date }[];
  return rows.map((r) => ({ serviceId: r.service_id, status: r.status, createdAt: r.created_at }));
}

/** Moves a request on; the first answer from the group is kept as answered_at. */
export async function setReferralRequestStatus(
  db: Queryable,
  id: string,
  status: string,
  reasonSealed: string | null,
  now: Date,
): Promise<void> {
  await db.query(
    `UPDATE referral_request
     SET status = $2, status_reason_sealed = $3, status_changed_at = $4, answered_at = coalesce(answered_at, $4)
     WHERE id = $1 AND erased_at IS NULL`,
    [id, status, reasonSealed, now],
  );
}

/** Still new, not yet reminded, and sent before the moment given. */
export async function unremindedNewRequests(
  db: Queryable,
  sentBefore: Date,
): Promise<ReferralRequestRecord[]> {
  const rows = (await db.query(
    `${SELECT_REQUEST} WHERE r.status = 'new' AND r.reminded_at IS NULL AND r.created_at < $1
     ORDER BY r.created_at LIMIT 500`,
    [sentBefore],
  )) as RequestRow[];
  return rows.map(toRecord);
}

export async function markReferralRequestReminded(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query(`UPDATE referral_request SET reminded_at = $2 WHERE id = $1`, [id, now]);
}

/** Closes requests still new that were sent before the cutoff; their ids. */
export async function closeUnansweredRequests(db: Queryable, sentBefore: Date, now: Date): Promise<string[]> {
  const rows = (await db.query(
    `WITH closed AS (
       UPDATE referral_request SET status = 'closed_no_answer', status_changed_at = $2
       WHERE status = 'new' AND created_at < $1 RETURNING id
     )
     SELECT id::text FROM closed`,
    [sentBefore, now],
  )) as { id: string }[];
  return rows.map((r) => r.id);
}

export interface ReferralRequestCount {
  month: string;
  status: string;
  /** The need's code and name; null for counts across needs. */
  need: string | null;
  needName: string | null;
  count: number;
}

/** Requests sent since a date, by month and status, and by month, status and need (an activity's needs). */
export async function referralRequestCounts(
  db: Queryable,
  needsTaxonomyId: string,
  since: Date,
): Promise<ReferralRequestCount[]> {
  const rows = (await db.query(
    `SELECT to_char(date_trunc('month', r.created_at AT TIME ZONE 'Europe/London'), 'YYYY-MM') AS month, r.status,
            NULL AS need, NULL AS need_name, count(*)::int AS count
     FROM referral_request r WHERE r.created_at >= $2
     GROUP BY 1, 2
     UNION ALL
     SELECT to_char(date_trunc('month', r.created_at AT TIME ZONE 'Europe/London'), 'YYYY-MM'), r.status,
            t.code, t.name, count(*)::int
     FROM referral_request r
     JOIN attribute a ON a.link_entity = 'service' AND a.link_id = r.service_id
     JOIN taxonomy_term t ON t.id = a.taxonomy_term_id AND t.taxonomy_id = $1
     WHERE r.created_at >= $2
     GROUP BY 1, 2, 3, 4
     ORDER BY 1 DESC, 3 NULLS FIRST, 2`,
    [needsTaxonomyId, since],
  )) as { month: string; status: string; need: string | null; need_name: string | null; count: number }[];
  return rows.map((r) => ({
    month: r.month,
    status: r.status,
    need: r.need,
    needName: r.need_name,
    count: r.count,
  }));
}
