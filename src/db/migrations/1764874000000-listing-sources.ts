import type { MigrationInterface, QueryRunner } from 'typeorm';

// Provenance: per listing and source (a feed, a file, or the group's own edits), the source's name, the listing's id
// there, when its content arrived and was last seen, the hash of the record as received, and the publisher's own
// last-reviewed date.
export class ListingSources1764874000000 implements MigrationInterface {
  name = 'ListingSources1764874000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE listing_source (
        service_id text NOT NULL REFERENCES service(id) ON DELETE CASCADE,
        kind text NOT NULL,
        address text NOT NULL,
        name text NOT NULL,
        source_id text NOT NULL,
        fetched_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        content_hash text NOT NULL,
        reviewed_on date,
        PRIMARY KEY (service_id, kind, address),
        CONSTRAINT listing_source_kind_check CHECK (kind IN ('feed', 'file', 'editor'))
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS listing_source`);
  }
}
