// The hand-made library pairs (library-pairs.json) and how the matcher's verdicts score against them.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import {
  classifyPairs,
  type DecidedPair,
  type ScoredPair,
  type Thresholds,
  type Verdict,
} from '../../src/domain/matching/index.js';

export const LABELS_FILE = path.resolve(import.meta.dirname, 'library-pairs.json');

const LabelFile = z.object({
  pairs: z.array(
    z.object({
      gm: z.string(),
      national: z.string().nullable(),
      related: z.array(z.string()).optional(),
      hard: z.string().optional(),
    }),
  ),
});

export type Half = 'tuning' | 'held-out';

/** The half a Greater Manchester row belongs to: the first hex digit of sha1(its id), 0–7 tuning, 8–f held out. */
export const halfOf = (gmId: string): Half =>
  parseInt(createHash('sha1').update(gmId).digest('hex')[0], 16) < 8 ? 'tuning' : 'held-out';

export interface Labels {
  /** "gm id|national id" of every true pair. */
  same: Set<string>;
  /** Pairs of one library at an earlier or later site: counted neither right nor wrong. */
  related: Set<string>;
  gmIds: string[];
  hard: number;
}

export const pairKey = (gm: string, national: string) => `${gm}|${national}`;

export async function readLabels(gmIds: Set<string>, nationalIds: Set<string>): Promise<Labels> {
  const file = LabelFile.parse(JSON.parse(await readFile(LABELS_FILE, 'utf8')));
  const labels: Labels = { same: new Set(), related: new Set(), gmIds: [], hard: 0 };
  for (const [index, label] of file.pairs.entries()) {
    const unknown = [label.gm, label.national, ...(label.related ?? [])].filter(
      (id, i) => id !== null && !(i === 0 ? gmIds : nationalIds).has(id),
    );
    if (unknown.length)
      throw new Error(`${LABELS_FILE} pair ${index + 1}: no row has id ${unknown.join(', ')}`);
    labels.gmIds.push(label.gm);
    if (label.national) labels.same.add(pairKey(label.gm, label.national));
    for (const id of label.related ?? []) labels.related.add(pairKey(label.gm, id));
    if (label.hard) labels.hard += 1;
  }
  const missing = [...gmIds].filter((id) => !labels.gmIds.includes(id));
  if (missing.length) throw new Error(`${LABELS_FILE}: ${missing.length} rows of the GM file have no label`);
  return labels;
}

export interface Score {
  truePairs: number;
  found: number;
  wrong: number;
  related: number;
  precision: number;
  recall: number;
  f1: number;
}

/** The Greater Manchester record's id first, whichever way round the pair came. */
export const orientedIds = (pair: ScoredPair, gmSource: string): [string, string] =>
  pair.a.source === gmSource ? [pair.a.id, pair.b.id] : [pair.b.id, pair.a.id];

export function score(
  pairs: DecidedPair[],
  labels: Labels,
  verdicts: Verdict[],
  gmSource: string,
  half?: Half,
): Score {
  const inHalf = (gmId: string) => half === undefined || halfOf(gmId) === half;
  const truePairs = [...labels.same].filter((key) => inHalf(key.split('|')[0])).length;
  let found = 0;
  let wrong = 0;
  let related = 0;
  for (const pair of pairs) {
    if (!verdicts.includes(pair.decision.verdict)) continue;
    const [gm, national] = orientedIds(pair, gmSource);
    if (!inHalf(gm)) continue;
    const key = pairKey(gm, national);
    if (labels.same.has(key)) found += 1;
    else if (labels.related.has(key)) related += 1;
    else wrong += 1;
  }
  const precision = found + wrong ? found / (found + wrong) : 1;
  const recall = truePairs ? found / truePairs : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { truePairs, found, wrong, related, precision, recall, f1 };
}

const fBeta = (s: Score, beta: number) =>
  s.precision + s.recall
    ? ((1 + beta ** 2) * s.precision * s.recall) / (beta ** 2 * s.precision + s.recall)
    : 0;

/** Every half-point threshold from `from` to `to`. */
export const thresholdSteps = (from: number, to: number) =>
  Array.from({ length: Math.round((to - from) * 2) + 1 }, (_, i) => from + i / 2);

/**
 * Where each threshold may lie, from what the weights mean (docs/matching.md); the tuning picks inside: certain
 * from 8 to 14, uncertain from 2 to 2 below certain.
 */
export const THRESHOLD_RANGES = { certain: [8, 14], uncertainFrom: 2, belowCertain: 2 } as const;

/**
 * Thresholds chosen on the tuning half only. `certain`: the best F1 of the certain verdicts; `uncertain`: the
 * best F2 of certain + uncertain (recall weighs twice: a steward dismisses a wrong suggestion in seconds, a
 * missed duplicate stays in the directory). Where several thresholds do equally well, the middle one, as far
 * from the nearest mistake on either side as the tuning half allows.
 */
export function tuneThresholds(scored: ScoredPair[], labels: Labels, gmSource: string): Thresholds {
  const middleOfBest = (candidates: number[], measure: (threshold: number) => number) => {
    const values = candidates.map(measure);
    const top = Math.max(...values);
    const tied = candidates.filter((_, i) => values[i] === top);
    return Math.floor(((tied[0] + tied[tied.length - 1]) / 2) * 2) / 2;
  };
  const [low, high] = THRESHOLD_RANGES.certain;
  const certain = middleOfBest(thresholdSteps(low, high), (threshold) => {
    const decided = classifyPairs(scored, { certain: threshold, uncertain: -Infinity });
    return score(decided, labels, ['certain'], gmSource, 'tuning').f1;
  });
  const uncertain = middleOfBest(
    thresholdSteps(THRESHOLD_RANGES.uncertainFrom, certain - THRESHOLD_RANGES.belowCertain),
    (threshold) => {
      const decided = classifyPairs(scored, { certain, uncertain: threshold });
      return fBeta(score(decided, labels, ['certain', 'uncertain'], gmSource, 'tuning'), 2);
    },
  );
  return { certain, uncertain };
}
