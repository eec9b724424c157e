import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  ListingsVersion1764600000000,
  unwatchListings,
  watchListings,
} from './1764600000000-listings-version.js';

// The listings version moves when a change commits, in the same transaction, so whoever sees the version also
// sees the change: a web process reading a read replica, or a search that ran while an import batch was still
// open. (A sequence moved at the first statement, before the change could be seen, and a replica replays a
// sequence only every 32 values.) Each changing transaction records itself once in listings_change; a deferred
// trigger on that row bumps the one-row listings_version just before commit, so its row lock is held only then.
export class ListingsVersionAtCommit1764850000000 implements MigrationInterface {
  name = 'ListingsVersionAtCommit1764850000000';

  async up(db: QueryRunner): Promise<void> {
    await new ListingsVersion1764600000000().down(db);
    await db.query(`
      CREATE TABLE listings_version (
        id boolean PRIMARY KEY DEFAULT true CONSTRAINT listings_version_one_row CHECK (id),
        version bigint NOT NULL
      )`);
    await db.query(`INSERT INTO listings_version (version) VALUES (1)`);
    await db.query(`CREATE TABLE listings_change (transaction_id bigint PRIMARY KEY)`);
    await db.query(`
      CREATE FUNCTION note_listings_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO listings_change VALUES (pg_current_xact_id()::text::bigint) ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE FUNCTION bump_listings_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE listings_version SET version = version + 1;
        DELETE FROM listings_change WHERE transaction_id = NEW.transaction_id;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE CONSTRAINT TRIGGER listings_change_bumps_version AFTER INSERT ON listings_change
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_listings_version()`);
    await watchListings(db, 'notes_listings_change', 'note_listings_change');
  }

  async down(db: QueryRunner): Promise<void> {
    await unwatchListings(db, 'notes_listings_change');
    await db.query(`DROP TABLE IF EXISTS listings_change`);
    await db.query(`DROP TABLE IF EXISTS listings_version`);
    await db.query(`DROP FUNCTION IF EXISTS note_listings_change()`);
    await db.query(`DROP FUNCTION IF EXISTS bump_listings_version()`);
    await new ListingsVersion1764600000000().up(db);
  }
}
