import type { MigrationInterface, QueryRunner } from 'typeorm';

// Listings by name (the API's plain lists, and every list asked to sort by name) are read from search_entry,
// which the search engine answers every list from: its first rows come in order and the count is an
// index-only scan. The old index on service served the API's own list query, which is gone.
export class SearchNameOrder1764852000000 implements MigrationInterface {
  name = 'SearchNameOrder1764852000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX search_entry_listed_name_idx ON search_entry (name, service_id) WHERE primary_row`,
    );
    await db.query('DROP INDEX IF EXISTS service_listed_name_idx');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX IF NOT EXISTS service_listed_name_idx ON service (name, id) WHERE status IN ('active', 'temporarily closed')`,
    );
    await db.query('DROP INDEX IF EXISTS search_entry_listed_name_idx');
  }
}
