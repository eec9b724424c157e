import type { MigrationInterface, QueryRunner } from 'typeorm';

// Feeds the directory pulls on a schedule (managed by stewards at /steward/feeds and by `npm run feeds`): what to
// read and how often, the last run and its outcome; and per feed the listings it gave, so a listing the feed stops
// listing is withdrawn after two missed full syncs, with its reason, and comes back when the feed lists it again.
export class RegisteredFeeds1764873000000 implements MigrationInterface {
  name = 'RegisteredFeeds1764873000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE feed (
        id bigserial PRIMARY KEY,
        name text NOT NULL,
        url text NOT NULL,
        format text NOT NULL,
        covers text[] NOT NULL DEFAULT '{}',
        every_hours integer NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        next_due_at timestamptz NOT NULL DEFAULT now(),
        sync_requested_at timestamptz,
        running_since timestamptz,
        last_started_at timestamptz,
        last_finished_at timestamptz,
        last_outcome text,
        last_outcome_words text,
        last_summary text,
        last_faults integer
      )`);
    await db.query(`CREATE UNIQUE INDEX feed_url_idx ON feed (url)`);
    await db.query(`CREATE INDEX feed_due_idx ON feed (next_due_at) WHERE enabled`);
    await db.query(`
      CREATE TABLE feed_listing (
        feed_id bigint NOT NULL REFERENCES feed (id) ON DELETE CASCADE,
        service_id text NOT NULL,
        missed_syncs integer NOT NULL DEFAULT 0,
        missing_since timestamptz,
        withdrawn_at timestamptz,
        withdrawn_reason text,
        status_before text,
        PRIMARY KEY (feed_id, service_id)
      )`);
    await db.query(`CREATE INDEX feed_listing_service_idx ON feed_listing (service_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS feed_listing`);
    await db.query(`DROP TABLE IF EXISTS feed`);
  }
}
