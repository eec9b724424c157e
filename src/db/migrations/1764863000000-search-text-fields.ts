import type { MigrationInterface, QueryRunner } from 'typeorm';
import { rebuildSearchEntries } from './1764860000000-search-window.js';

const BEFORE = rebuildSearchEntries(true);

// The weighted text keeps apart what ranking tells apart: the activity's name (A), the names of its needs and
// activity types (B), their synonyms (C), and the organisation and description (D). A listing named for the
// words, or of that type, then outranks one reached only through a synonym or its description (docs/ranking.md).
// Term names and synonyms are read from taxonomy_term when a row is built, so a vocabulary change reaches every
// listing carrying the term once its rows are rebuilt (syncVocabulary does that).
const REBUILD_SEARCH_ENTRIES_SQL = BEFORE.replace(
  `setweight(to_tsvector('english', directory_unaccent(s.search_terms)), 'B') ||
        setweight(to_tsvector('english', directory_unaccent(coalesce(o.name, '') || ' ' ||
          regexp_replace(coalesce(s.description, ''), '<[^>]*>', ' ', 'g'))), 'C'),`,
  `setweight(to_tsvector('english', directory_unaccent(coalesce(terms.names, ''))), 'B') ||
        setweight(to_tsvector('english', directory_unaccent(coalesce(terms.synonyms, ''))), 'C') ||
        setweight(to_tsvector('english', directory_unaccent(coalesce(o.name, '') || ' ' ||
          regexp_replace(coalesce(s.description, ''), '<[^>]*>', ' ', 'g'))), 'D'),`,
).replace(
  `LEFT JOIN numbered p ON p.service_id = s.id`,
  `LEFT JOIN numbered p ON p.service_id = s.id
      LEFT JOIN LATERAL (
        SELECT string_agg(t.name, ' ') AS names, string_agg(array_to_string(t.synonyms, ' '), ' ') AS synonyms
        FROM taxonomy_term t WHERE t.id = ANY(s.term_ids)) terms ON true`,
);

// A search's words as lexemes ('walk', quoted for tsquery), and the query matching any of them: a long sentence
// is not an AND of every word. IMMUTABLE, so the planner works them out from the search's words before it plans
// and estimates the text index from the real query.
const WORD_FUNCTIONS_SQL = [
  `CREATE FUNCTION search_lexemes(words text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT coalesce(array_agg(format('''%s''', replace(replace(l, '\\', '\\\\'), '''', '''''')) ORDER BY l), '{}')
    FROM unnest(tsvector_to_array(to_tsvector('english'::regconfig, directory_unaccent(words)))) l $$`,
  `CREATE FUNCTION search_any_word(words text) RETURNS tsquery LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT array_to_string(search_lexemes(words), ' | ')::tsquery $$`,
];

export class SearchTextFields1764863000000 implements MigrationInterface {
  name = 'SearchTextFields1764863000000';

  async up(db: QueryRunner): Promise<void> {
    if (REBUILD_SEARCH_ENTRIES_SQL.includes('s.search_terms')) throw new Error('search text not rewritten');
    for (const sql of WORD_FUNCTIONS_SQL) await db.query(sql);
    await db.query(REBUILD_SEARCH_ENTRIES_SQL);
    await db.query(`SELECT rebuild_search_entries(ARRAY(SELECT id FROM service))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION IF EXISTS search_any_word(text)`);
    await db.query(`DROP FUNCTION IF EXISTS search_lexemes(text)`);
    await db.query(BEFORE);
    await db.query(`SELECT rebuild_search_entries(ARRAY(SELECT id FROM service))`);
  }
}
