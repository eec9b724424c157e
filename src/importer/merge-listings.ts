// After an import: the listings it brought or changed, matched against the stored listings of other sources. A
// certain pair becomes one listing that knows both sources; an uncertain pair waits for a steward
// (/steward/duplicates). Candidates are found in SQL (same postcode district, or names alike by trigrams); the
// matcher (domain/matching) weighs them and decides.
import type { MergeCandidate, Stores } from '../db/stores.js';
import type { UserAccount } from '../domain/account.js';
import {
  classifyPairs,
  DEFAULT_THRESHOLDS,
  prepareRecord,
  scoreCandidates,
  type ActivityRecord,
  type MatchDecision,
} from '../domain/matching/index.js';

/** Listings matched at a time: the candidates of each batch are found in one statement. */
const BATCH = 500;

export interface MergeCounts {
  merged: number;
  waiting: number;
}

/**
 * Which of two listings of one activity stays listed: the group's own (published in the editor) if one is,
 * otherwise the one reviewed most recently, and when both were reviewed the same day, the one listed first.
 */
export function keptAndMerged(a: MergeCandidate, b: MergeCandidate): [MergeCandidate, MergeCandidate] {
  if (a.byGroup !== b.byGroup) return a.byGroup ? [a, b] : [b, a];
  const reviewedA = a.reviewedOn ?? '';
  const reviewedB = b.reviewedOn ?? '';
  if (reviewedA !== reviewedB) return reviewedA > reviewedB ? [a, b] : [b, a];
  return a.createdAt.getTime() <= b.createdAt.getTime() ? [a, b] : [b, a];
}

export function activityRecord(candidate: MergeCandidate): ActivityRecord {
  return {
    id: candidate.id,
    source: candidate.sourceKey ?? `listing ${candidate.id}`,
    name: candidate.name,
    organisation: candidate.organisation,
    address: candidate.address,
    postcode: candidate.postcode,
    latitude: candidate.latitude,
    longitude: candidate.longitude,
    phone: candidate.phone,
    email: candidate.email,
    website: candidate.website,
  };
}

/** Who decided: a steward, or an import merging a certain pair on its own. */
export interface Decider {
  user: UserAccount | null;
  /** Shown in the audit log when there is no user: "import: Bristol Community Directory". */
  actor: string;
}

/**
 * Merges `merged` into `kept` in one transaction: the merged listing leaves search, the API, the map and
 * what's on (its row and sources stay), the pair is recorded (or a waiting pair decided), and the audit log
 * says who did it. False when the pair was decided meanwhile.
 */
export async function mergeListings(
  stores: Stores,
  pair: { keptServiceId: string; mergedServiceId: string; decision: MatchDecision; waitingId?: string },
  decider: Decider,
  now: Date,
): Promise<boolean> {
  return stores
    .transaction(async (db) => {
      const decidedBy = decider.user?.email ?? 'automatic';
      const sourceStatus = await db.merges.unlistMergedListing(pair.mergedServiceId);
      if (sourceStatus === null) return false;
      const recorded = pair.waitingId
        ? (await db.merges.decideListingMerge(pair.waitingId, 'waiting', 'merged', decidedBy, {
            keptServiceId: pair.keptServiceId,
            mergedServiceId: pair.mergedServiceId,
            sourceStatus,
          })) !== null
        : await db.merges.insertListingMerge({
            keptServiceId: pair.keptServiceId,
            mergedServiceId: pair.mergedServiceId,
            score: pair.decision.score,
            verdict: pair.decision.verdict === 'certain' ? 'certain' : 'uncertain',
            reasons: pair.decision.reasons,
            held: pair.decision.held ?? null,
            status: 'merged',
            sourceStatus,
            decidedBy,
            decidedAt: now,
          });
      if (!recorded) {
        // Rolls the status back with everything else.
        throw new PairTaken();
      }
      await db.listings.refreshSessionsAndSearch([pair.mergedServiceId], now);
      await db.searchOutbox.enqueueSearchChanges([pair.mergedServiceId, pair.keptServiceId], 'upsert');
      await db.audit.recordAudit({
        user: decider.user,
        actor: decider.actor,
        action: 'merge-listings',
        entity: 'service',
        entityId: pair.mergedServiceId,
        before: { status: sourceStatus },
        after: { status: 'inactive', mergedInto: pair.keptServiceId, score: pair.decision.score },
      });
      return true;
    })
    .catch((error: unknown) => {
      // Decided meanwhile, or the listing merged into another at the same moment (one merge per listing).
      if (error instanceof PairTaken || (error as { code?: string }).code === '23505') return false;
      throw error;
    });
}

class PairTaken extends Error {}

/**
 * Matches the listings an import wrote against the stored listings of other sources; merges the certain pairs and
 * leaves the uncertain ones for a steward. A listing is merged at most once per run, its best pair first.
 */
export async function mergeImportedListings(
  stores: Stores,
  serviceIds: string[],
  options: { actor: string; now: Date; source?: { kind: string; address: string } },
): Promise<MergeCounts> {
  const counts: MergeCounts = { merged: 0, waiting: 0 };
  const decider: Decider = { user: null, actor: options.actor };
  for (let i = 0; i < serviceIds.length; i += BATCH) {
    const pairs = await stores.merges.mergeCandidatePairs(
      serviceIds.slice(i, i + BATCH),
      options.source ?? null,
    );
    if (pairs.length === 0) continue;
    const ids = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];
    const candidates = await stores.merges.mergeCandidates(ids);
    const byId = new Map(candidates.map((c) => [c.id, c]));
    const index = new Map(candidates.map((c, n) => [c.id, n]));
    const prepared = candidates.map((c) => prepareRecord(activityRecord(c)));
    const scored = scoreCandidates(prepared, {
      pairs: pairs
        .filter((p) => index.has(p.a) && index.has(p.b))
        .map((p) => [index.get(p.a)!, index.get(p.b)!] as [number, number]),
      possible: pairs.length,
      skipped: [],
    });
    const merged = new Set<string>();
    for (const pair of classifyPairs(scored, DEFAULT_THRESHOLDS)) {
      const { verdict } = pair.decision;
      if (verdict === 'different') continue;
      const [kept, other] = keptAndMerged(byId.get(pair.a.id)!, byId.get(pair.b.id)!);
      if (merged.has(kept.id) || merged.has(other.id)) continue;
      if (verdict === 'certain') {
        if (
          await mergeListings(
            stores,
            { keptServiceId: kept.id, mergedServiceId: other.id, decision: pair.decision },
            decider,
            options.now,
          )
        ) {
          merged.add(other.id);
          counts.merged += 1;
        }
        continue;
      }
      const waiting = await stores.merges.insertListingMerge({
        keptServiceId: kept.id,
        mergedServiceId: other.id,
        score: pair.decision.score,
        verdict: 'uncertain',
        reasons: pair.decision.reasons,
        held: pair.decision.held ?? null,
        status: 'waiting',
        sourceStatus: null,
        decidedBy: null,
        decidedAt: null,
      });
      if (waiting) counts.waiting += 1;
    }
  }
  return counts;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The import summary's line: "2 merged with a listing from another source, 1 possible duplicate waits for a steward". */
export function mergeSummary(counts: MergeCounts): string {
  return `${counts.merged} merged with a listing from another source, ${plural(
    counts.waiting,
    'possible duplicate waits',
    'possible duplicates wait',
  )} for a steward`;
}
