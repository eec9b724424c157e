import type { MigrationInterface, QueryRunner } from 'typeorm';

// The gazetteer at national scale: 1.7 million postcodes and 26,000 place names.
// Postcodes are looked up by exact key only, so the fuzzy and distance indexes leave them out.
export class PlaceGazetteerScale1764413000000 implements MigrationInterface {
  name = 'PlaceGazetteerScale1764413000000';

  async up(db: QueryRunner): Promise<void> {
    // Ranks places that share a name ("Clifton" is in ten counties) by how many postcode districts name them.
    await db.query(`ALTER TABLE place ADD COLUMN postcode_districts integer`);
    // Typo suggestions are for districts and place names only; keeping 1.7M postcodes out of the trigram
    // index makes their import several times cheaper.
    await db.query(`DROP INDEX place_key_trgm_idx`);
    await db.query(
      `CREATE INDEX place_key_trgm_idx ON place USING gin (key gin_trgm_ops) WHERE kind <> 'postcode'`,
    );
    // Likewise the distance index: nearest-district lookups (search gaps) never ask for postcodes, and
    // maintaining GiST entries for 1.7M postcodes took 84 of a 94 s bulk insert.
    await db.query(`DROP INDEX IF EXISTS place_earth_idx`);
    await db.query(
      `CREATE INDEX place_earth_idx ON place USING gist (ll_to_earth(latitude, longitude)) WHERE kind <> 'postcode'`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX place_earth_idx`);
    await db.query(`CREATE INDEX place_earth_idx ON place USING gist (ll_to_earth(latitude, longitude))`);
    await db.query(`DROP INDEX place_key_trgm_idx`);
    await db.query(`CREATE INDEX place_key_trgm_idx ON place USING gin (key gin_trgm_ops)`);
    await db.query(`ALTER TABLE place DROP COLUMN postcode_districts`);
  }
}
