// Typo tolerance: words that match no listing are corrected against the words of listed names and terms.
import type { Queryable } from '../../db/queryable.js';
import { meaningfulWords } from '../../domain/query-words.js';

/**
 * Whether every meaningful word of the search matches some listing exactly (after stemming); if not, the search
 * tolerates typos. A word that matches nothing anywhere is a slip, though its neighbours find listings.
 */
export async function everyWordMatches(db: Queryable, text: string): Promise<boolean> {
  // A word the last count found in listings (search_lexeme, refreshed after every import and daily) is looked up
  // there; only a word it has not seen is looked for in the listings themselves.
  const rows = (await db.query(
    `SELECT coalesce(bool_and(CASE WHEN EXISTS (SELECT 1 FROM search_lexeme x WHERE x.lexeme = w AND x.entries > 0)
       THEN true ELSE listings_match(w::tsquery) END), false) AS found
     FROM unnest(search_lexemes($1)) w`,
    [meaningfulWords(text)],
  )) as { found: boolean }[];
  return rows[0].found;
}

/**
 * The words of the search that the last count found in at most `atMost` listings, as quoted lexemes: each can bring
 * every listing that has it into a search too broad to score in full, at a cost bounded by `atMost`.
 */
export async function rareLexemes(db: Queryable, text: string, atMost: number): Promise<string[]> {
  const rows = (await db.query(
    `SELECT w FROM unnest(search_lexemes($1)) w JOIN search_lexeme x ON x.lexeme = w
     WHERE x.entries > 0 AND x.entries <= $2 ORDER BY x.entries, w`,
    [meaningfulWords(text), atMost],
  )) as { w: string }[];
  return rows.map((row) => row.w);
}

/** Whether one listing has every word. */
async function foundTogether(db: Queryable, text: string): Promise<boolean> {
  const rows = (await db.query(
    `SELECT listings_match(websearch_to_tsquery('english', directory_unaccent($1))) AS found`,
    [text],
  )) as { found: boolean }[];
  return rows[0].found;
}

/**
 * The words corrected against the words of listed names and terms: each unknown word becomes one of its
 * three closest known words (closest first; on a tie, nearest in length, so "walkng" is "walking" before
 * "walk"). The best guesses are tried first, then each word's next guesses in turn, and the first
 * phrasing that matches a listing wins; null when none does.
 */
export async function correctSpelling(db: Queryable, text: string): Promise<string | null> {
  const rows = (await db.query(
    `SELECT t.token,
       EXISTS (SELECT 1 FROM search_word w WHERE w.word = t.token) AS known,
       ARRAY(SELECT w.word FROM search_word w WHERE w.word % t.token
             ORDER BY w.word <-> t.token, abs(length(w.word) - length(t.token)), w.word LIMIT 3) AS guesses
     FROM regexp_split_to_table(lower(directory_unaccent($1)), '[^[:alnum:]]+') WITH ORDINALITY AS t(token, n)
     WHERE t.token <> '' ORDER BY t.n`,
    [meaningfulWords(text)],
  )) as { token: string; known: boolean; guesses: string[] }[];
  // Known words stay, and so do short ones (of, a, to): too few letters to correct. A word with no
  // guess is left out.
  const options = rows.map((r) => (r.known || r.token.length < 3 ? [r.token] : r.guesses));
  if (options.every((choices, i) => choices.length === 1 && choices[0] === rows[i].token)) return null;
  const best = options.map((choices) => choices[0] ?? null);
  const phrasings = [best];
  options.forEach((choices, i) => {
    for (const next of choices.slice(1)) phrasings.push(best.map((word, j) => (j === i ? next : word)));
  });
  const texts = phrasings.map((phrasing) =>
    phrasing.filter((word): word is string => word !== null).join(' '),
  );
  // A phrasing whose words are found together in one listing first ("walking group", not "walking grow").
  for (const corrected of texts) if (corrected && (await foundTogether(db, corrected))) return corrected;
  for (const corrected of texts) if (corrected && (await everyWordMatches(db, corrected))) return corrected;
  return null;
}
