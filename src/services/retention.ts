// The daily clean-up: deletes what the privacy notice says is kept no longer, by the periods in domain/retention.ts.
import type { Stores } from '../db/stores.js';
import { retentionCutoff, type RetentionKind } from '../domain/retention.js';

/** Deletes every kind of record past its period and says how many of each went. */
export async function deleteExpiredRecords(
  stores: Pick<Stores, 'retention'>,
  now: Date,
): Promise<Record<RetentionKind, number>> {
  const { retention } = stores;
  const before = (kind: RetentionKind) => retentionCutoff(kind, now);
  return {
    problemReports: await retention.deleteOldProblemReports(before('problemReports')),
    feedback: await retention.deleteOldFeedback(before('feedback')),
    searchGaps: await retention.deleteOldSearchGaps(before('searchGaps')),
    referrals: await retention.deleteOldReferrals(before('referrals')),
    rateLimits: await retention.deleteOldRateLimits(before('rateLimits')),
    usedLinks: await retention.deleteOldUsedTokens(before('usedLinks')),
    mail: await retention.deleteOldMail(before('mail')),
    auditLog: await retention.deleteOldAuditEntries(before('auditLog')),
    handoutMessages: await retention.deleteOldHandoutMessages(before('handoutMessages')),
  };
}
