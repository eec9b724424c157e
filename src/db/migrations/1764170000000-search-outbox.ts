import type { MigrationInterface, QueryRunner } from 'typeorm';

// Changes waiting to reach an external search index (Meilisearch); written in the same transaction
// as the listing change, deleted only once the index has accepted it.
export class SearchOutbox1764170000000 implements MigrationInterface {
  name = 'SearchOutbox1764170000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE search_outbox (
        id bigserial PRIMARY KEY,
        service_id text NOT NULL,
        operation text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        CONSTRAINT search_outbox_operation_check CHECK (operation IN ('upsert', 'delete'))
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE IF EXISTS search_outbox');
  }
}
