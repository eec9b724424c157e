import type { MigrationInterface, QueryRunner } from 'typeorm';

// Lists of activities a link worker keeps by a name of their own ("Tues clinic 3"): activity ids only, no notes and
// nothing about a patient. Each activity keeps the listing's content hash and status from when it was added, so the
// list can say which ones changed or closed since. A list goes when its owner deletes it, or with the owner's account.
export class SavedLists1764887000000 implements MigrationInterface {
  name = 'SavedLists1764887000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE saved_list (
        id bigserial PRIMARY KEY,
        owner_id bigint NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT saved_list_name_length_check CHECK (char_length(name) BETWEEN 1 AND 60)
      )`);
    // One list of each name per owner, whatever the capitals, so "add to a list" names one list.
    await db.query(`CREATE UNIQUE INDEX saved_list_owner_name_idx ON saved_list (owner_id, lower(name))`);
    // No reference to service: an activity taken off the directory stays on the list, shown as no longer listed.
    await db.query(`
      CREATE TABLE saved_list_item (
        saved_list_id bigint NOT NULL REFERENCES saved_list(id) ON DELETE CASCADE,
        service_id text NOT NULL,
        position integer NOT NULL,
        added_at timestamptz NOT NULL DEFAULT now(),
        listing_hash text NOT NULL,
        listing_status text NOT NULL,
        PRIMARY KEY (saved_list_id, service_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS saved_list_item`);
    await db.query(`DROP TABLE IF EXISTS saved_list`);
  }
}
