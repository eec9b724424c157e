import type { MigrationInterface, QueryRunner } from 'typeorm';

// The query matching every word of a search (beside search_any_word, any of them): a search too broad to score
// every match takes, among its candidates, the listings with every word in their name or text, however many others
// share one of the words ("Stretford Library" among 4,000 libraries). IMMUTABLE, as search_any_word, so the planner
// reads the text index with the real query.
export class SearchAllWords1764865000000 implements MigrationInterface {
  name = 'SearchAllWords1764865000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE FUNCTION search_all_words(words text) RETURNS tsquery LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
        SELECT array_to_string(search_lexemes(words), ' & ')::tsquery $$`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP FUNCTION IF EXISTS search_all_words(text)');
  }
}
