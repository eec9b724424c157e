// From evidence to a verdict: certain pairs merge, uncertain ones wait for a steward, the rest are different.
import type { Evidence } from './evidence.js';
import type { ActivityRecord } from './record.js';

export type Verdict = 'certain' | 'uncertain' | 'different';

export interface Thresholds {
  /** A score at or above this merges without a person, unless held back (see `decide`). */
  certain: number;
  /** A score at or above this goes to a steward. */
  uncertain: number;
}

/** Tuned on the tuning half of the library labels (bench/matching/README.md); docs/matching.md has the figures. */
export const DEFAULT_THRESHOLDS: Thresholds = { certain: 10, uncertain: 6 };

/** Two certain matches for one record closer than this are both left to a steward. */
export const AMBIGUITY_MARGIN = 3;

export interface MatchDecision {
  score: number;
  verdict: Verdict;
  reasons: Evidence[];
  /** Why a score high enough to merge was left to a steward. */
  held?: string;
}

export const scoreOf = (reasons: Evidence[]) =>
  Math.round(reasons.reduce((sum, e) => sum + e.weight, 0) * 100) / 100;

/**
 * The verdict for one pair. A pair scoring `certain` still waits for a steward unless the names agree (two
 * activities in one building share everything else), the venues, where both are known, are the same place or
 * within 500 m (one organisation runs the same activity at several venues), and the addresses, where both are
 * given, do not name different streets or numbers (a move, or two venues).
 */
export function decide(reasons: Evidence[], thresholds: Thresholds): MatchDecision {
  const score = scoreOf(reasons);
  if (score < thresholds.uncertain) return { score, verdict: 'different', reasons };
  if (score < thresholds.certain) return { score, verdict: 'uncertain', reasons };
  const outcome = (field: Evidence['field']) => reasons.find((e) => e.field === field)?.outcome;
  const held =
    outcome('name') !== 'agree'
      ? 'the names do not agree'
      : outcome('venue') !== undefined && outcome('venue') !== 'agree'
        ? 'the venues are not the same place'
        : outcome('address') === 'disagree'
          ? 'the addresses name different streets or numbers'
          : null;
  return held ? { score, verdict: 'uncertain', reasons, held } : { score, verdict: 'certain', reasons };
}

export interface ScoredPair {
  a: ActivityRecord;
  b: ActivityRecord;
  reasons: Evidence[];
}

export interface DecidedPair extends ScoredPair {
  decision: MatchDecision;
}

const recordKey = (record: ActivityRecord) => `${record.source}\u0000${record.id}`;

/**
 * Verdicts for scored pairs, best first. A record may merge with one record of another source only: when it has
 * several certain matches, the best stays certain if it leads the next by `AMBIGUITY_MARGIN`, and the others
 * (or, without such a lead, all of them) go to a steward.
 */
export function classifyPairs(
  pairs: ScoredPair[],
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): DecidedPair[] {
  const decided = pairs
    .map((pair) => ({ ...pair, decision: decide(pair.reasons, thresholds) }))
    .sort((x, y) => y.decision.score - x.decision.score);
  const certainByRecord = new Map<string, DecidedPair[]>();
  for (const pair of decided) {
    if (pair.decision.verdict !== 'certain') continue;
    for (const record of [pair.a, pair.b]) {
      const key = `${recordKey(record)}\u0000${pair.a.source === record.source ? pair.b.source : pair.a.source}`;
      certainByRecord.set(key, [...(certainByRecord.get(key) ?? []), pair]);
    }
  }
  const held = new Map<DecidedPair, string>();
  for (const rivals of certainByRecord.values()) {
    if (rivals.length < 2) continue;
    const [best, next] = rivals;
    const clear = best.decision.score - next.decision.score >= AMBIGUITY_MARGIN;
    for (const pair of clear ? rivals.slice(1) : rivals)
      held.set(
        pair,
        clear
          ? 'a better match exists for one of the two'
          : 'another match for one of the two scores as high',
      );
  }
  for (const [pair, reason] of held) pair.decision = { ...pair.decision, verdict: 'uncertain', held: reason };
  return decided;
}
