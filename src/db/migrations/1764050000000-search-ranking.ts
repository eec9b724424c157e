import type { MigrationInterface, QueryRunner } from 'typeorm';

// Search ranking needs "how soon is the next session" for every candidate; keeping it on the service row
// (refreshed with the occurrences and hourly) saves a per-row lookup. Zero-result searches are kept,
// without personal data, for the commissioners' gap report.
export class SearchRanking1764050000000 implements MigrationInterface {
  name = 'SearchRanking1764050000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE service ADD COLUMN next_session_at timestamptz`);
    // One bit per weekday and part of the day that has an upcoming session: bit (iso_dow - 1) * 3 + part,
    // part 0 morning, 1 afternoon, 2 evening.
    await db.query(`ALTER TABLE service ADD COLUMN slot_mask integer NOT NULL DEFAULT 0`);
    await db.query(`CREATE INDEX service_online_idx ON service (id) WHERE is_online`);
    await db.query(`ALTER TABLE service ADD COLUMN lowest_price numeric(10, 2)`);
    // Suitability codes that limit who can come (women only, young people…), for ranking.
    await db.query(`ALTER TABLE service ADD COLUMN audiences text[] NOT NULL DEFAULT '{}'`);
    await db.query(`
      CREATE TABLE search_gap (
        id bigserial PRIMARY KEY,
        searched_at timestamptz NOT NULL DEFAULT now(),
        needs text[] NOT NULL DEFAULT '{}',
        outcode text,
        days text[] NOT NULL DEFAULT '{}',
        times text[] NOT NULL DEFAULT '{}',
        date_from date,
        date_to date,
        free_only boolean NOT NULL DEFAULT false
      )`);
    await db.query(`CREATE INDEX search_gap_searched_at_idx ON search_gap (searched_at)`);
    // Sessions are only ever read per service; the by-date index cost more on every import than it saved.
    await db.query(`DROP INDEX IF EXISTS session_occurrence_date_idx`);
    await db.query(`CREATE INDEX place_earth_idx ON place USING gist (ll_to_earth(latitude, longitude))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS place_earth_idx`);
    await db.query(`CREATE INDEX session_occurrence_date_idx ON session_occurrence (local_date, service_id)`);
    await db.query(`DROP TABLE IF EXISTS search_gap`);
    await db.query(`ALTER TABLE service DROP COLUMN IF EXISTS audiences`);
    await db.query(`ALTER TABLE service DROP COLUMN IF EXISTS lowest_price`);
    await db.query(`DROP INDEX IF EXISTS service_online_idx`);
    await db.query(`ALTER TABLE service DROP COLUMN IF EXISTS slot_mask`);
    await db.query(`ALTER TABLE service DROP COLUMN IF EXISTS next_session_at`);
  }
}
