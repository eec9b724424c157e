import type { MigrationInterface, QueryRunner } from 'typeorm';

// A counter that moves whenever anything a search reads changes, so every web process can tell
// whether a cached result is still current with one cheap read.
const WATCHED = [
  'service',
  'session_occurrence',
  'attribute',
  'location',
  'service_at_location',
  'service_area',
  'taxonomy_term',
];

/** A trigger `<table>_<name>` on every watched table, running `fn()` after each statement that changes it. */
export async function watchListings(db: QueryRunner, name: string, fn: string): Promise<void> {
  for (const table of WATCHED) {
    await db.query(`
      CREATE TRIGGER ${table}_${name}
      AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
      FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
  }
}

export async function unwatchListings(db: QueryRunner, name: string): Promise<void> {
  for (const table of WATCHED) await db.query(`DROP TRIGGER IF EXISTS ${table}_${name} ON ${table}`);
}

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
    await watchListings(db, 'bumps_listings_version', 'bump_listings_version');
  }

  async down(db: QueryRunner): Promise<void> {
    await unwatchListings(db, 'bumps_listings_version');
    await db.query(`DROP FUNCTION IF EXISTS bump_listings_version()`);
    await db.query(`DROP SEQUENCE IF EXISTS listings_version`);
  }
}
