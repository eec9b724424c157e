// The ranking terms of the Postgres engine, as SQL over a search_entry row s; see docs/ranking.md.
import { expansions } from '../../domain/query-expansion.js';
import { meaningfulWords } from '../../domain/query-words.js';

/** How much text relevance counts against closeness (0–1) in the ranking; see docs/ranking.md. */
export const TEXT_WEIGHT = 3;
/** How much closeness (0–1) counts: with the text weight, it sets how far a nearer listing outweighs a better text match. */
export const PLACE_WEIGHT = 2;
/**
 * What one search word is worth by where it is found: the activity's name (A), the name of one of its needs or
 * activity types (B), a synonym of one (C), the organisation or description (D). Each word counts for its best
 * place, and the text score is their mean over the search's words weighed by each word's rarity (search_lexeme:
 * 1 / ln(e + the listings it is found in)), so more of the words count for more, and a rare word ("baby") for more
 * than a common one ("group").
 */
const FIELD_WORTH = { A: 1, B: 0.65, C: 0.35, D: 0.2 };
/**
 * Closeness, soonness and freshness count in full for a listing whose name or activity type has the words, and in
 * proportion below that: a group near by that mentions one word in passing does not outrank what was asked for.
 */
export const FULL_BOOST_RELEVANCE = FIELD_WORTH.B;
/**
 * Added when the words are found together, in their order ("tea dance", "lost my wife"), in a name or the text;
 * not among synonyms, where every listing of a term would have "young carer".
 */
const PHRASE_WORTH = 0.25;
/** How many of a search's words count towards its score (all of them still match); sentences rarely have more. */
const SCORED_WORDS = 12;
/**
 * The words providers use for a term the search names (query expansion: "my dad died" also looks for
 * "bereavement", "grief"). Each term's words count as one more word of the search, found where the best of them is
 * found, with the mean rarity of the words typed and this share of a typed word's weight: a listing that says what
 * the person described in its own words ranks with one that has the words they typed, not above it.
 */
const EXPANSION_SHARE = 0.35;
/** How many of the terms a search names bring their words (the first in the vocabulary's order). */
const EXPANDED_TERMS = 4;
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
 * is and how recently the listing was checked: search_quality in the search-window migration, the one
 * definition, which search entries also store to choose the candidates of a broad search) and the audience term.
 */
export function rankingTerms(c: RankingContext) {
  const quality = () => `search_quality(${c.rankSession}, s.assured_date, ${c.now()}::timestamptz)`;
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

/**
 * The text part of a search: a listing matches when it has any of the meaningful words (a sentence is not an AND of
 * its words), and scores by how many of them it has and where (see FIELD_WORTH), with the phrase as typed worth
 * more. `param` adds a parameter and returns its placeholder.
 */
export function textTerms(typed: string, param: (value: unknown) => string) {
  const words = param(meaningfulWords(typed));
  const phrase = `phraseto_tsquery('english', directory_unaccent(${param(typed)}))`;
  const perWord = (weight: string) =>
    `ARRAY(SELECT (w || '${weight}')::tsquery FROM unnest(search_lexemes(${words})) w)`;
  // As many word slots as the words can make lexemes (a hyphenated word makes up to three: "step-free", "step",
  // "free"); a slot past the last word is NULL and worth 0. Each slot is a column of its own, read straight
  // from tsq, and the score is one CASE per slot: nothing per row but the matching itself.
  const runs = typed.split(/[^\p{L}\p{N}]+/u).filter(Boolean).length;
  const slots = Array.from({ length: Math.max(1, Math.min(SCORED_WORDS, runs * 2)) }, (_, i) => i + 1);
  const columns = slots.map(
    (i) =>
      `w.a[${i}] AS a${i}, w.b[${i}] AS b${i}, w.c[${i}] AS c${i}, w.d[${i}] AS d${i}, coalesce(w.r[${i}], 0) AS r${i}`,
  );
  // The words of each term the search names, a slot each (e1…), matched as phrases with the same weights.
  const groups = expansions(typed).slice(0, EXPANDED_TERMS);
  const groupParams = groups.map((group) => param(group));
  const expanded = groupParams.map((group, k) => {
    const e = (weight: string) => `search_any_phrase(${group}::text[], '${weight}')`;
    return `${e(':A')} AS ea${k + 1}, ${e(':B')} AS eb${k + 1}, ${e(':C')} AS ec${k + 1}, ${e('')} AS ed${k + 1}`;
  });
  const allExpanded = groups.length ? param(groups.flat()) : null;
  // Each word's rarity: 1 / ln(e + the listings it is found in), 1 for a word no listing had at the last count.
  const rarity = `ARRAY(SELECT 1 / ln(exp(1) + coalesce((SELECT x.entries FROM search_lexeme x WHERE x.lexeme = l), 0))
      FROM unnest(search_lexemes(${words})) l)`;
  // An expanded term weighs its share of the typed words' mean rarity.
  const expandedRarity = `${EXPANSION_SHARE} * coalesce((SELECT avg(r) FROM unnest(w.r[1:${SCORED_WORDS}]) r), 1)`;
  const cte = `tsq AS (SELECT ${[...columns, ...expanded].join(', ')},
      ${expandedRarity} AS er,
      greatest(1e-9, (SELECT sum(r) FROM unnest(w.r[1:${SCORED_WORDS}]) r)
        + ${groups.length} * ${expandedRarity}) AS rarity,
      CASE WHEN numnode(w.phrase) > 1 THEN w.phrase END AS phrase
    FROM (SELECT ${perWord(':A')} AS a, ${perWord(':B')} AS b, ${perWord(':C')} AS c, ${perWord('')} AS d,
      ${rarity} AS r, ${phrase} AS phrase) w)`;
  // Written out, not taken from tsq, so that the planner can use the text index and estimate from it.
  const anyWordIn = (vector: string) =>
    allExpanded
      ? `(${vector} @@ search_any_word(${words}) OR ${vector} @@ search_any_phrase(${allExpanded}::text[], ''))`
      : `${vector} @@ search_any_word(${words})`;
  const allWordsIn = (vector: string) => `${vector} @@ search_all_words(${words})`;
  const where = anyWordIn('s.search_vector');
  const worthOf = (a: string, b: string, c: string, d: string) =>
    `CASE WHEN NOT coalesce(s.search_vector @@ ${d}, false) THEN 0 WHEN s.search_vector @@ ${a} THEN ${FIELD_WORTH.A}
      WHEN s.search_vector @@ ${b} THEN ${FIELD_WORTH.B} WHEN s.search_vector @@ ${c} THEN ${FIELD_WORTH.C}
      ELSE ${FIELD_WORTH.D} END`;
  const worth = [
    ...slots.map((i) => `tsq.r${i} * ${worthOf(`tsq.a${i}`, `tsq.b${i}`, `tsq.c${i}`, `tsq.d${i}`)}`),
    ...groups.map(
      (_, k) => `tsq.er * ${worthOf(`tsq.ea${k + 1}`, `tsq.eb${k + 1}`, `tsq.ec${k + 1}`, `tsq.ed${k + 1}`)}`,
    ),
  ];
  // The words' worths weighed by their rarity. A single word is no phrase (tsq.phrase is NULL).
  const score = `((${worth.join(' + ')}) / tsq.rarity
    + CASE WHEN NOT s.search_vector @@ tsq.phrase THEN 0
      WHEN ts_filter(s.search_vector, '{a,b,d}') @@ tsq.phrase THEN ${PHRASE_WORTH} ELSE 0 END)`;
  return { cte, where, score, anyWordIn, allWordsIn };
}
