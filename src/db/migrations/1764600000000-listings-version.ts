import type { MigrationInterface, QueryRunner } from 'typeorm';

// A counter that moves whenever anything a search reads changes, so every web process can tell
// whether a cached result is still current with one cheap read.
export const WATCHED = [
  'service',
  'session_occurrence',
  'attribute',
  'location',
  'service_at_location',
  'service_area',
  'taxonomy_term',
];

export class ListingsVersion1764600000000 implements MigrationInterface {
  name = 'ListingsVersion1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SEQUENCE listings_version`);
    await db.query(`
      CREATE FUNCTION bump_listings_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM nextval('listings_version');
        RETURN NULL;
      END $$`);
    for (const table of WATCHED) {
      await db.query(`
        CREATE TRIGGER ${table}_bumps_listings_version
        AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION bump_listings_version()`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of WATCHED)
      await db.query(`DROP TRIGGER IF EXISTS ${table}_bumps_listings_version ON ${table}`);
    await db.query(`DROP FUNCTION IF EXISTS bump_listings_version()`);
    await db.query(`DROP SEQUENCE IF EXISTS listings_version`);
  }
}
