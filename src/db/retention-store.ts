// SQL for the daily clean-up: each function deletes one table's rows older than the moment given (the periods
// are in domain/retention.ts) and says how many went.
import type { Queryable } from './queryable.js';

async function deleted(db: Queryable, sql: string, parameters: unknown[]): Promise<number> {
  const rows = (await db.query(
    `WITH gone AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM gone`,
    parameters,
  )) as { n: number }[];
  return rows[0].n;
}

/** Problem reports a steward has resolved, sent before the cutoff; open ones wait for a steward. */
export const deleteOldProblemReports = (db: Queryable, before: Date) =>
  deleted(db, `DELETE FROM problem_report WHERE status = 'resolved' AND created_at < $1`, [before]);

/** Feedback a steward has handled, sent before the cutoff; open feedback waits for a steward. */
export const deleteOldFeedback = (db: Queryable, before: Date) =>
  deleted(db, `DELETE FROM feedback WHERE status = 'handled' AND created_at < $1`, [before]);

export const deleteOldSearchGaps = (db: Queryable, before: Date) =>
  deleted(db, `DELETE FROM search_gap WHERE searched_at < $1`, [before]);

export const deleteOldReferrals = (db: Queryable, before: Date) =>
  deleted(db, `DELETE FROM referral WHERE created_at < $1`, [before]);

/** Rate-limit counts whose window ended before the cutoff (expire is in milliseconds since 1970). */
export const deleteOldRateLimits = (db: Queryable, before: Date) =>
  deleted(db, `DELETE FROM rate_limit WHERE expire < $1`, [before.getTime()]);

export const deleteOldUsedTokens = (db: Queryable, before: Date) =>
  deleted(db, `DELETE FROM used_token WHERE used_at < $1`, [before]);

export const deleteOldMail = (db: Queryable, before: Date) =>
  deleted(db, `DELETE FROM mail_outbox WHERE created_at < $1`, [before]);

export const deleteOldAuditEntries = (db: Queryable, before: Date) =>
  deleted(db, `DELETE FROM audit_log WHERE created_at < $1`, [before]);

/** Handouts sent by email or text message: the masked address or number and the delivery status. */
export const deleteOldHandoutMessages = (db: Queryable, before: Date) =>
  deleted(db, `DELETE FROM handout_message WHERE created_at < $1`, [before]);

/**
 * Referral requests sent before the cutoff: the sealed personal details are erased (the row stays with the
 * activity, status and dates), and each erasure is written to the audit log in the same statement.
 */
export const eraseOldReferralRequests = async (db: Queryable, before: Date) => {
  const rows = (await db.query(
    `WITH erased AS (
       UPDATE referral_request
       SET first_name_sealed = NULL, contact_sealed = NULL, support_sealed = NULL, status_reason_sealed = NULL,
           erased_at = now()
       WHERE erased_at IS NULL AND created_at < $1
       RETURNING id
     ), logged AS (
       INSERT INTO audit_log (user_id, actor, action, entity, entity_id, fields)
       SELECT NULL, 'retention clean-up', 'erase referral details', 'referral_request', id::text,
              ARRAY['first_name', 'contact', 'support', 'status_reason']
       FROM erased
       RETURNING 1
     )
     SELECT count(*)::int AS n FROM logged`,
    [before],
  )) as { n: number }[];
  return rows[0].n;
};
