import type { MigrationInterface, QueryRunner } from 'typeorm';

// Postcode sectors ("BS5 6") beside districts, both derived from the postcodes an import brings; and a places
// version that moves when a gazetteer change commits, so no web process answers a place from before an import.
// The version is kept as the listings version is: each changing transaction notes itself once in places_change,
// and a deferred trigger on that row moves the one-row places_version just before commit.
export class PlaceSectorsVersion1764860000000 implements MigrationInterface {
  name = 'PlaceSectorsVersion1764860000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE place DROP CONSTRAINT place_kind_check`);
    await db.query(
      `ALTER TABLE place ADD CONSTRAINT place_kind_check CHECK (kind IN ('postcode', 'sector', 'outcode', 'place'))`,
    );
    await db.query(`
      CREATE TABLE places_version (
        id boolean PRIMARY KEY DEFAULT true CONSTRAINT places_version_one_row CHECK (id),
        version bigint NOT NULL
      )`);
    await db.query(`INSERT INTO places_version (version) VALUES (1)`);
    await db.query(`CREATE TABLE places_change (transaction_id bigint PRIMARY KEY)`);
    await db.query(`
      CREATE FUNCTION note_places_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO places_change VALUES (pg_current_xact_id()::text::bigint) ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE FUNCTION bump_places_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE places_version SET version = version + 1;
        DELETE FROM places_change WHERE transaction_id = NEW.transaction_id;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE CONSTRAINT TRIGGER places_change_bumps_version AFTER INSERT ON places_change
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_places_version()`);
    await db.query(`
      CREATE TRIGGER place_notes_places_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON place
      FOR EACH STATEMENT EXECUTE FUNCTION note_places_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER IF EXISTS place_notes_places_change ON place`);
    await db.query(`DROP TABLE IF EXISTS places_change`);
    await db.query(`DROP TABLE IF EXISTS places_version`);
    await db.query(`DROP FUNCTION IF EXISTS note_places_change()`);
    await db.query(`DROP FUNCTION IF EXISTS bump_places_version()`);
    await db.query(`DELETE FROM place WHERE kind = 'sector'`);
    await db.query(`ALTER TABLE place DROP CONSTRAINT place_kind_check`);
    await db.query(
      `ALTER TABLE place ADD CONSTRAINT place_kind_check CHECK (kind IN ('postcode', 'outcode', 'place'))`,
    );
  }
}
