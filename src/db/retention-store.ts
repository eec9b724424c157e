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
