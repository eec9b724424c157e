// The ranking terms of the Postgres engine, as SQL over a search_entry row s; see docs/ranking.md.
/** How much text relevance counts against closeness (0–1) in the ranking; see docs/ranking.md. */
export const TEXT_WEIGHT = 1;
/** Without a radius (a postcode alone, through the API), closeness is half at this distance. */
export const UNBOUNDED_HALF_METRES = 8047;
/** Groups for one audience only rank lower unless that audience is asked for. */
const RESTRICTED_AUDIENCES = ['women-only', 'men-only', 'young-people', 'lgbtq-friendly'];
const AUDIENCE_WORDS: Record<string, RegExp> = {
  'women-only': /\b(women|woman|ladies|female)/i,
  'men-only': /\b(men|man|male|lads|mens|men's)\b/i,
  'young-people': /\b(young|youth|teen)/i,
  'lgbtq-friendly': /\b(lgbt|gay|lesbian|trans|queer|rainbow)/i,
};

export interface RankingContext {
  /** The SQL of the session that ranks a row: its next session, or its next matching one. */
  rankSession: string;
  /** The query's "now" as a parameter, added on first use. */
  now: () => string;
  text: string | null;
  suitability: string[];
  /** Adds a parameter to the statement and returns its placeholder. */
  param: (value: unknown) => string;
}

/**
 * The terms of the score besides the words and the place: the row's quality (how soon the session it ranks by
 * is, how recently it was checked, whether it is open: search_quality in the search-window migration, the one
 * definition, which search entries also store) and the audience term.
 */
export function rankingTerms(c: RankingContext) {
  const quality = () => `search_quality(${c.rankSession}, s.assured_date, s.status, ${c.now()}::timestamptz)`;
  const text = c.text;
  const unasked = RESTRICTED_AUDIENCES.filter(
    (code) => !c.suitability.includes(code) && !(text && AUDIENCE_WORDS[code].test(text)),
  );
  // Added on first use only (facet counts never score).
  let audienceParam: string | null = null;
  const audience = () =>
    unasked.length
      ? `CASE WHEN s.audiences && ${(audienceParam ??= c.param(unasked))}::text[] THEN 0.3 ELSE 0 END`
      : '0';
  return { quality, audience };
}
