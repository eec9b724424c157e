// Possible duplicates: pairs of listings from different sources the matcher could not be sure of wait for a
// steward, who reads them side by side with the matcher's reasons and merges them or keeps them apart; a merged
// pair can be split again. Every decision is in the audit log.
import type { ListingMergeRecord, Stores } from '../db/stores.js';
import type { UserAccount } from '../domain/account.js';
import { systemClock, type Clock } from '../domain/clock.js';
import { keptAndMerged, mergeListings } from '../importer/merge-listings.js';
import { readableListing } from './listing-comparison.js';

export type { ListingMergeRecord } from '../db/stores.js';

/** The matcher's fields under the labels a steward reads. */
const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  organisation: 'Organiser',
  venue: 'Venue',
  address: 'Address',
  phone: 'Phone',
  email: 'Email',
  website: 'Website',
};

const OUTCOME_WORDS: Record<string, string> = {
  agree: 'Agree',
  partial: 'Partly agree',
  disagree: 'Disagree',
};

/** One reason of the matcher, in words: "Venue: agree: same postcode, 30 m apart". */
export interface ReasonInWords {
  label: string;
  outcome: string;
  detail: string;
  weight: string;
}

export function reasonsInWords(merge: Pick<ListingMergeRecord, 'reasons'>): ReasonInWords[] {
  return merge.reasons.map((reason) => ({
    label: FIELD_LABELS[reason.field] ?? reason.field,
    outcome: OUTCOME_WORDS[reason.outcome] ?? reason.outcome,
    detail: reason.detail,
    weight: `${reason.weight > 0 ? '+' : ''}${Math.round(reason.weight * 10) / 10}`,
  }));
}

/** One field of the two listings: both values, and whether they are the same. */
export interface SideBySideField {
  field: string;
  label: string;
  kept: string;
  merged: string;
  same: boolean;
}

/** `superseded`: one of the two was merged into another listing since the pair began to wait. */
export type DecisionOutcome = 'done' | 'missing' | 'decided' | 'superseded';

export function createDuplicates(stores: Stores, clock: Clock = systemClock) {
  /** A listing read from the tables, shaped as a draft's document is. */
  const document = async (serviceId: string): Promise<Record<string, unknown>> => {
    const found = await stores.services.serviceForEditor(serviceId);
    return found ? { ...found.service, attributes: found.attributes } : {};
  };

  const sourceNames = async (serviceId: string) =>
    (await stores.listingSources.sourcesOf(serviceId)).map((source) => source.name);

  return {
    waiting: () => stores.merges.listingMergesIn('waiting'),
    merged: () => stores.merges.listingMergesIn('merged'),
    /** The pairs a listing is in (for its steward links). */
    pairsOf: (serviceId: string) => stores.merges.listingMergesOf(serviceId),
    /** The listing a merged listing's page now shows, or null when it is not merged. */
    keptListingOf: (serviceId: string) => stores.merges.keptListingOf(serviceId),

    /** A pair with both listings field by field, their sources and the matcher's reasons in words. */
    async comparison(id: string) {
      const merge = await stores.merges.findListingMerge(id);
      if (!merge) return null;
      const [keptDoc, mergedDoc, keptSources, mergedSources] = await Promise.all([
        document(merge.keptServiceId),
        document(merge.mergedServiceId),
        sourceNames(merge.keptServiceId),
        sourceNames(merge.mergedServiceId),
      ]);
      const others = new Map(readableListing(mergedDoc).map((f) => [f.field, f.value]));
      const fields: SideBySideField[] = readableListing(keptDoc)
        .map((f) => ({
          field: f.field,
          label: f.label,
          kept: f.value,
          merged: others.get(f.field) ?? '',
          same: f.value === (others.get(f.field) ?? ''),
        }))
        .filter((f) => f.kept !== '' || f.merged !== '');
      return {
        merge,
        reasons: reasonsInWords(merge),
        fields,
        keptSources,
        mergedSources,
      };
    },

    /** "Same activity": the waiting pair merged, the group's own or most recently reviewed listing kept. */
    async merge(steward: UserAccount, id: string, now = clock.now()): Promise<DecisionOutcome> {
      const merge = await stores.merges.findListingMerge(id);
      if (!merge) return 'missing';
      if (merge.status !== 'waiting') return 'decided';
      const candidates = await stores.merges.mergeCandidates([merge.keptServiceId, merge.mergedServiceId]);
      const a = candidates.find((c) => c.id === merge.keptServiceId);
      const b = candidates.find((c) => c.id === merge.mergedServiceId);
      if (!a || !b) return 'missing';
      const elsewhere = await Promise.all(
        [a.id, b.id].map((serviceId) => stores.merges.keptListingOf(serviceId)),
      );
      if (elsewhere.some((keptId) => keptId !== null)) return 'superseded';
      const [kept, other] = keptAndMerged(a, b);
      const done = await mergeListings(
        stores,
        {
          keptServiceId: kept.id,
          mergedServiceId: other.id,
          decision: { score: merge.score, verdict: merge.verdict, reasons: [] },
          waitingId: merge.id,
        },
        { user: steward, actor: 'steward' },
        now,
      );
      return done ? 'done' : 'decided';
    },

    /** "Different activities": the pair stays two listings, and is not suggested again. */
    async keepApart(steward: UserAccount, id: string): Promise<DecisionOutcome> {
      return stores.transaction(async (db) => {
        const merge = await db.merges.findListingMerge(id);
        if (!merge) return 'missing';
        const decided = await db.merges.decideListingMerge(id, 'waiting', 'kept-apart', steward.email);
        if (!decided) return 'decided';
        await db.audit.recordAudit({
          user: steward,
          action: 'keep-listings-apart',
          entity: 'service',
          entityId: merge.mergedServiceId,
          before: { possibleDuplicateOf: merge.keptServiceId },
          after: { keptApartFrom: merge.keptServiceId },
        });
        return 'done';
      });
    },

    /** A merged pair split: both listed again, the merged one with the status its source last gave. */
    async split(steward: UserAccount, id: string, now = clock.now()): Promise<DecisionOutcome> {
      return stores.transaction(async (db) => {
        const merge = await db.merges.findListingMerge(id);
        if (!merge) return 'missing';
        const decided = await db.merges.decideListingMerge(id, 'merged', 'split', steward.email);
        if (!decided) return 'decided';
        const status = merge.sourceStatus ?? 'active';
        await db.merges.relistSplitListing(merge.mergedServiceId, status);
        await db.listings.refreshSessionsAndSearch([merge.mergedServiceId], now);
        await db.searchOutbox.enqueueSearchChanges([merge.mergedServiceId, merge.keptServiceId], 'upsert');
        await db.audit.recordAudit({
          user: steward,
          action: 'split-listings',
          entity: 'service',
          entityId: merge.mergedServiceId,
          before: { status: 'inactive', mergedInto: merge.keptServiceId },
          after: { status, mergedInto: null },
        });
        return 'done';
      });
    },
  };
}
