// The daily clean-up: deletes what the privacy notice says is kept no longer, by the periods in domain/retention.ts.
import type { Stores } from '../db/stores.js';
import {
  REFERRAL_RETENTION_DEFAULT_DAYS,
  referralRequestCutoff,
  retentionCutoff,
  type RetentionKind,
} from '../domain/retention.js';

/**
 * Deletes every kind of record past its period and says how many of each went. Referral requests keep their row:
 * their personal details are erased (REFERRAL_RETENTION_DAYS), each erasure written to the audit log.
 */
export async function deleteExpiredRecords(
  stores: Pick<Stores, 'retention'>,
  now: Date,
  referralRetentionDays = REFERRAL_RETENTION_DEFAULT_DAYS,
): Promise<Record<RetentionKind | 'referralRequests', number>> {
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
    referralRequests: await retention.eraseOldReferralRequests(
      referralRequestCutoff(referralRetentionDays, now),
    ),
  };
}
