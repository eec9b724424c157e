// Ranking metrics over graded judgements (0 not relevant … 3 exactly right). A listing nobody judged counts
// as 0: a ranking cannot gain by bringing up listings the judges have not read.

/** Grade from which a listing counts as relevant for precision. */
export const RELEVANT_GRADE = 2;

export type Grades = ReadonlyMap<string, number>;

/** The ranking with repeats removed (a listing shown twice is seen once), cut at k. */
function topK(ranked: readonly string[], k: number): string[] {
  return [...new Set(ranked)].slice(0, k);
}

/**
 * Precision at k: relevant listings (grade ≥ 2) among the first k, out of min(k, R) where R is how many
 * relevant listings were judged, so a query with only two right answers can still score 1. Null when R is 0.
 */
export function precisionAt(k: number, ranked: readonly string[], grades: Grades): number | null {
  const relevant = [...grades.values()].filter((g) => g >= RELEVANT_GRADE).length;
  if (relevant === 0) return null;
  const found = topK(ranked, k).filter((id) => (grades.get(id) ?? 0) >= RELEVANT_GRADE).length;
  return found / Math.min(k, relevant);
}

/** Discounted cumulative gain of grades in rank order: gain = grade, discount log2(rank + 1). */
export function dcg(gradesInOrder: readonly number[]): number {
  return gradesInOrder.reduce((sum, grade, i) => sum + grade / Math.log2(i + 2), 0);
}

/**
 * Normalised DCG at k: the ranking's DCG over the best possible ordering of every judged listing
 * (ties among equal grades do not matter to it). Null when nothing was judged above 0.
 */
export function ndcgAt(k: number, ranked: readonly string[], grades: Grades): number | null {
  const ideal = dcg(
    [...grades.values()]
      .filter((g) => g > 0)
      .sort((a, b) => b - a)
      .slice(0, k),
  );
  if (ideal === 0) return null;
  return dcg(topK(ranked, k).map((id) => grades.get(id) ?? 0)) / ideal;
}

/** Mean of the values given, ignoring nulls; null when there are none. */
export function mean(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) / known.length : null;
}
