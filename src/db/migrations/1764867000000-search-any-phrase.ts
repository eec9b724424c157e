import type { MigrationInterface, QueryRunner } from 'typeorm';

// The query matching any of a list of words and phrases, each phrase's words together and in order, with a weight
// on every lexeme ('' for any, ':A' for a name…): the words providers use for a term a search names (query
// expansion, src/domain/query-expansion.ts). NULL when no phrase has a lexeme. IMMUTABLE, as search_any_word, so
// the planner reads the text index with the real query.
export class SearchAnyPhrase1764867000000 implements MigrationInterface {
  name = 'SearchAnyPhrase1764867000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE FUNCTION search_any_phrase(phrases text[], weight text) RETURNS tsquery
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
        SELECT string_agg('(' || regexp_replace(q::text, '(''(?:[^'']|'''')*'')', '\\1' || weight, 'g') || ')', ' | ')::tsquery
        FROM (SELECT phraseto_tsquery('english'::regconfig, directory_unaccent(ph)) AS q FROM unnest(phrases) ph) x
        WHERE numnode(q) > 0 $$`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP FUNCTION IF EXISTS search_any_phrase(text[], text)');
  }
}
