// The search-word list (search_word): every word of listed activities' names and terms, for correcting typos.
import type { Queryable } from './queryable.js';

// Words of names and terms, for correcting typos in searches: each listed service's name and alternate
// name, and the names and synonyms of the terms it carries. Words no longer used are dropped by the daily
// roll (rebuildSearchWords), not here: a batch cannot tell whether another listing still uses one.
const wordsOf = (services: string) => `
  SELECT DISTINCT w AS word FROM (
    SELECT concat_ws(' ', s.name, s.alternate_name) AS words FROM service s WHERE ${services}
    UNION ALL
    SELECT t.name || ' ' || array_to_string(t.synonyms, ' ') FROM taxonomy_term t
    WHERE t.id IN (SELECT unnest(s.term_ids) FROM service s WHERE ${services})
  ) listed, regexp_split_to_table(lower(directory_unaccent(listed.words)), '[^[:alnum:]]+') w
  WHERE length(w) >= 3`;
const LISTED = `s.status IN ('active', 'temporarily closed')`;

/** Adds the words of these services' names and terms to the typo-correction list. */
export async function addSearchWords(db: Queryable, serviceIds: string[]): Promise<void> {
  await db.query(
    `INSERT INTO search_word (word) ${wordsOf(`s.id = ANY($1) AND ${LISTED}`)} ON CONFLICT DO NOTHING`,
    [serviceIds],
  );
}

/** The typo-correction list made afresh from every listed activity. */
export async function rebuildSearchWords(db: Queryable): Promise<void> {
  await db.query(`DELETE FROM search_word WHERE word NOT IN (${wordsOf(LISTED)})`);
  await db.query(`INSERT INTO search_word (word) ${wordsOf(LISTED)} ON CONFLICT DO NOTHING`);
}

/**
 * How many listings each word (as a search lexeme, quoted as search_lexemes() quotes it) is found in, so that a
 * search counts a rare word for more than a common one (docs/ranking.md). Made afresh after an import and by the
 * daily roll; a word added since counts as rare until then.
 */
export async function refreshWordRarity(db: Queryable): Promise<void> {
  // One statement, so a search never sees the table half made.
  await db.query(
    `WITH fresh AS MATERIALIZED (
       SELECT format('''%s''', replace(replace(word, '\\', '\\\\'), '''', '''''')) AS lexeme, ndoc AS entries
       FROM ts_stat('SELECT search_vector FROM search_entry WHERE primary_row')),
     gone AS (DELETE FROM search_lexeme WHERE lexeme NOT IN (SELECT lexeme FROM fresh))
     INSERT INTO search_lexeme (lexeme, entries) SELECT lexeme, entries FROM fresh
     ON CONFLICT (lexeme) DO UPDATE SET entries = EXCLUDED.entries
       WHERE search_lexeme.entries IS DISTINCT FROM EXCLUDED.entries`,
  );
}
