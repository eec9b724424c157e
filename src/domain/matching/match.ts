// The matcher end to end: prepare every record, block, weigh the evidence of each candidate pair, decide.
import { candidatePairs, MAX_BLOCK_SIZE, type Blocking } from './blocking.js';
import {
  classifyPairs,
  decide,
  DEFAULT_THRESHOLDS,
  type DecidedPair,
  type MatchDecision,
  type ScoredPair,
  type Thresholds,
} from './classify.js';
import { fieldEvidence, NOTHING_SHARED, type SharedValues } from './evidence.js';
import { prepareRecord, type ActivityRecord, type PreparedRecord } from './record.js';

/** Counts, per source, of the records carrying each phone number, e-mail address and web page. */
export function sharedValues(records: PreparedRecord[]): SharedValues {
  const counts = new Map<string, number>();
  const count = (field: string, value: string, source: string) => {
    const key = `${source}\u0000${field}\u0000${value}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  for (const { record, phones, emails, website, postcode } of records) {
    if (postcode?.unit) count('postcode', postcode.unit, record.source);
    for (const phone of phones) count('phone', phone, record.source);
    for (const email of emails) count('email', email, record.source);
    if (website) count('website', website.page, record.source);
  }
  return (field, value, source) => counts.get(`${source}\u0000${field}\u0000${value}`) ?? 1;
}

/** One pair on its own (no blocking; contact values counted as unshared unless `shared` says otherwise). */
export function compareRecords(
  a: ActivityRecord,
  b: ActivityRecord,
  options: { thresholds?: Thresholds; shared?: SharedValues } = {},
): MatchDecision {
  return decide(
    fieldEvidence(prepareRecord(a), prepareRecord(b), options.shared ?? NOTHING_SHARED),
    options.thresholds ?? DEFAULT_THRESHOLDS,
  );
}

/** The evidence for each candidate pair, before any verdict (so thresholds can be tried without weighing again). */
export function scoreCandidates(records: PreparedRecord[], blocking: Blocking): ScoredPair[] {
  const shared = sharedValues(records);
  return blocking.pairs.map(([i, j]) => ({
    a: records[i].record,
    b: records[j].record,
    reasons: fieldEvidence(records[i], records[j], shared),
  }));
}

export interface MatchRun extends Omit<Blocking, 'pairs'> {
  /** Every candidate pair with its verdict, best first; filter on `decision.verdict`. */
  pairs: DecidedPair[];
  candidates: number;
}

export function matchRecords(
  records: ActivityRecord[],
  options: { thresholds?: Thresholds; maxBlockSize?: number } = {},
): MatchRun {
  const prepared = records.map(prepareRecord);
  const blocking = candidatePairs(prepared, options.maxBlockSize ?? MAX_BLOCK_SIZE);
  const pairs = classifyPairs(scoreCandidates(prepared, blocking), options.thresholds ?? DEFAULT_THRESHOLDS);
  return { pairs, candidates: blocking.pairs.length, possible: blocking.possible, skipped: blocking.skipped };
}
