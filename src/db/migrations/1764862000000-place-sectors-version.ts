import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createVersionAtCommit, dropVersionAtCommit } from './version-at-commit.js';

// Postcode sectors ("BS5 6") beside districts, both derived from the postcodes an import brings; and a places
// version that moves when a gazetteer change commits, so no web process answers a place from before an import.
// The version is kept as the listings version is (version-at-commit.ts), noted by a trigger on place.
export class PlaceSectorsVersion1764862000000 implements MigrationInterface {
  name = 'PlaceSectorsVersion1764862000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE place DROP CONSTRAINT place_kind_check`);
    await db.query(
      `ALTER TABLE place ADD CONSTRAINT place_kind_check CHECK (kind IN ('postcode', 'sector', 'outcode', 'place'))`,
    );
    await createVersionAtCommit(db, 'places');
    await db.query(`
      CREATE TRIGGER place_notes_places_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON place
      FOR EACH STATEMENT EXECUTE FUNCTION note_places_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER IF EXISTS place_notes_places_change ON place`);
    await dropVersionAtCommit(db, 'places');
    await db.query(`DELETE FROM place WHERE kind = 'sector'`);
    await db.query(`ALTER TABLE place DROP CONSTRAINT place_kind_check`);
    await db.query(
      `ALTER TABLE place ADD CONSTRAINT place_kind_check CHECK (kind IN ('postcode', 'outcode', 'place'))`,
    );
  }
}
