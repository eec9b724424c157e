import type { MigrationInterface, QueryRunner } from 'typeorm';

// Merged listings: the same activity from two sources becomes one listing. Each pair the matcher found is kept with
// its score and reasons; a merged duplicate keeps its row and its sources but is no longer listed, whatever its
// source later says (the trigger below), until a steward splits the pair.
export class ListingMerges1764886000000 implements MigrationInterface {
  name = 'ListingMerges1764886000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE listing_merge (
        id bigserial PRIMARY KEY,
        kept_service_id text NOT NULL REFERENCES service(id) ON DELETE CASCADE,
        merged_service_id text NOT NULL REFERENCES service(id) ON DELETE CASCADE,
        score double precision NOT NULL,
        verdict text NOT NULL,
        reasons jsonb NOT NULL,
        held text,
        status text NOT NULL,
        source_status text,
        decided_by text,
        decided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT listing_merge_verdict_check CHECK (verdict IN ('certain', 'uncertain')),
        CONSTRAINT listing_merge_status_check CHECK (status IN ('merged', 'waiting', 'kept-apart', 'split')),
        CONSTRAINT listing_merge_two_listings_check CHECK (kept_service_id <> merged_service_id)
      )`);
    // One row per pair of listings, whichever way round; a listing is merged into one other at most.
    await db.query(
      `CREATE UNIQUE INDEX listing_merge_pair_idx
         ON listing_merge (least(kept_service_id, merged_service_id), greatest(kept_service_id, merged_service_id))`,
    );
    await db.query(
      `CREATE UNIQUE INDEX listing_merge_merged_once_idx ON listing_merge (merged_service_id) WHERE status = 'merged'`,
    );
    await db.query(
      `CREATE INDEX listing_merge_kept_idx ON listing_merge (kept_service_id) WHERE status = 'merged'`,
    );
    await db.query(
      `CREATE INDEX listing_merge_waiting_idx ON listing_merge (created_at) WHERE status = 'waiting'`,
    );

    // The one place that keeps a merged duplicate unlisted: whatever writes its status (a re-import, a feed sync
    // bringing it back, an organiser), the status its source gave is kept for a split and the row stays inactive.
    await db.query(`
      CREATE FUNCTION service_stays_merged() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status IS DISTINCT FROM 'inactive' THEN
          UPDATE listing_merge SET source_status = NEW.status
            WHERE merged_service_id = NEW.id AND status = 'merged';
          IF FOUND THEN NEW.status := 'inactive'; END IF;
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER service_stays_merged BEFORE INSERT OR UPDATE OF status ON service
      FOR EACH ROW EXECUTE FUNCTION service_stays_merged()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER IF EXISTS service_stays_merged ON service`);
    await db.query(`DROP FUNCTION IF EXISTS service_stays_merged()`);
    await db.query(`DROP TABLE IF EXISTS listing_merge`);
  }
}
