import type { MigrationInterface, QueryRunner } from 'typeorm';
import { REBUILD_SEARCH_ENTRIES_SQL as BEFORE } from './1764700000000-search-candidates.js';

// A search that matches a large part of the directory ("carers" across a million listings) must not score
// every match. Each search entry keeps its static quality (how soon its next session is, how recently it was
// checked: the part of the score that does not depend on the words or the place), kept current by the
// rebuild and by the hourly next-session job, and the words of its name in a vector of their own. The best
// matches by quality and the best name matches by quality are then read in index order and only they are
// scored (see docs/ranking.md).
//
// search_quality is the one definition of that static part: the rebuild stores it, and the ranking adds it
// to every score (with the session the search ranks by and the search's own "now").
const SEARCH_QUALITY_SQL = `
  CREATE OR REPLACE FUNCTION search_quality(session timestamptz, assured date, at timestamptz)
  RETURNS double precision LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT ((CASE WHEN session IS NULL THEN 0
        WHEN session < at + interval '7 days' THEN 0.3
        WHEN session < at + interval '31 days' THEN 0.15 ELSE 0.05 END)
      + (CASE WHEN assured IS NULL THEN -0.1
        WHEN assured >= (at - interval '6 months')::date THEN 0.1
        WHEN assured >= (at - interval '12 months')::date THEN 0 ELSE -0.3 END))::double precision
  $$`;

/** The rebuild with (or, going down, as it was: the search-candidates one) the entries' name vector and quality. */
export const rebuildSearchEntries = (extra: boolean): string => {
  if (!extra) return BEFORE;
  const sql = BEFORE.replace(
    `slot_mask, next_session_at, assured_date, audiences)`,
    `slot_mask, next_session_at, assured_date, audiences, name_vector, quality)`,
  ).replace(
    `s.assured_date, s.audiences
      FROM service s`,
    `s.assured_date, s.audiences,
        to_tsvector('english', directory_unaccent(s.name || ' ' || coalesce(s.alternate_name, ''))),
        search_quality(s.next_session_at, s.assured_date, now())
      FROM service s`,
  );
  if (!sql.includes('name_vector, quality)') || !sql.includes('search_quality(')) {
    throw new Error('search entries rebuild not extended');
  }
  return sql;
};

export class SearchWindow1764860000000 implements MigrationInterface {
  name = 'SearchWindow1764860000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(SEARCH_QUALITY_SQL);
    await db.query(`ALTER TABLE search_entry ADD COLUMN name_vector tsvector NOT NULL DEFAULT ''::tsvector,
      ADD COLUMN quality double precision NOT NULL DEFAULT 0`);
    await db.query(rebuildSearchEntries(true));
    await db.query(`
      UPDATE search_entry e SET
        name_vector = to_tsvector('english', directory_unaccent(s.name || ' ' || coalesce(s.alternate_name, ''))),
        quality = search_quality(e.next_session_at, e.assured_date, now())
      FROM service s WHERE s.id = e.service_id`);
    // The best matches by quality, in index order; ties broken by id, as every order is.
    await db.query(
      `CREATE INDEX search_entry_quality_idx ON search_entry (quality DESC, service_id) WHERE primary_row`,
    );
    await db.query(
      `CREATE INDEX search_entry_name_vector_idx ON search_entry USING gin (name_vector) WHERE primary_row`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(rebuildSearchEntries(false));
    await db.query('DROP INDEX IF EXISTS search_entry_name_vector_idx');
    await db.query('DROP INDEX IF EXISTS search_entry_quality_idx');
    await db.query(
      'ALTER TABLE search_entry DROP COLUMN IF EXISTS name_vector, DROP COLUMN IF EXISTS quality',
    );
    await db.query('DROP FUNCTION IF EXISTS search_quality(timestamptz, date, timestamptz)');
  }
}
