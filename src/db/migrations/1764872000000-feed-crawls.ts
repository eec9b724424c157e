import type { MigrationInterface, QueryRunner } from 'typeorm';

// Crawls of live Open Referral UK 3.0 APIs (npm run import -- <URL> --format oruk): per feed address, the run in
// progress (so a crawl stopped part-way resumes) and the last one finished (so the next asks only for what changed);
// the pages of the run already read; and per service the content hash last imported and the record fetched in this
// run, waiting to be imported.
export class FeedCrawls1764872000000 implements MigrationInterface {
  name = 'FeedCrawls1764872000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE crawl_feed (
        url text PRIMARY KEY,
        run_started_at timestamptz,
        run_since timestamptz,
        last_run_started_at timestamptz,
        last_finished_at timestamptz,
        honours_modified_after boolean
      )`);
    await db.query(`
      CREATE TABLE crawl_page (
        url text NOT NULL,
        page integer NOT NULL,
        PRIMARY KEY (url, page)
      )`);
    await db.query(`
      CREATE TABLE crawl_service (
        url text NOT NULL,
        service_id text NOT NULL,
        stored_hash text,
        fetched_hash text,
        fetched_body jsonb,
        seen_in_run boolean NOT NULL DEFAULT false,
        PRIMARY KEY (url, service_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS crawl_service`);
    await db.query(`DROP TABLE IF EXISTS crawl_page`);
    await db.query(`DROP TABLE IF EXISTS crawl_feed`);
  }
}
