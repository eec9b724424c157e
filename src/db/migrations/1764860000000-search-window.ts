import type { MigrationInterface, QueryRunner } from 'typeorm';

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

/** The rebuild with (or, going down, without) the entries' name vector and quality. */
export const rebuildSearchEntries = (extra: boolean) => `
  CREATE OR REPLACE FUNCTION rebuild_search_entries(ids text[]) RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    EXECUTE 'DELETE FROM search_entry WHERE service_id = ANY($1)' USING ids;
    EXECUTE $sql$
      WITH points AS (
        SELECT DISTINCT sal.service_id, l.id AS location_id, ll_to_earth(l.latitude, l.longitude) AS earth
        FROM service_at_location sal JOIN location l ON l.id = sal.location_id
        WHERE sal.service_id = ANY($1) AND l.latitude IS NOT NULL AND l.longitude IS NOT NULL
      ), numbered AS (
        SELECT points.*, row_number() OVER (PARTITION BY service_id ORDER BY location_id) AS n FROM points
      )
      INSERT INTO search_entry (service_id, location_id, earth, primary_row, name, status, search_vector,
        term_ids, is_free, is_online, slot_mask, next_session_at, assured_date, audiences${extra ? ', name_vector, quality' : ''})
      SELECT s.id, p.location_id, p.earth, coalesce(p.n = 1, true), s.name, s.status,
        setweight(to_tsvector('english', directory_unaccent(s.name || ' ' || coalesce(s.alternate_name, ''))), 'A') ||
        setweight(to_tsvector('english', directory_unaccent(s.search_terms)), 'B') ||
        setweight(to_tsvector('english', directory_unaccent(coalesce(o.name, '') || ' ' ||
          regexp_replace(coalesce(s.description, ''), '<[^>]*>', ' ', 'g'))), 'C'),
        s.term_ids, s.is_free, s.is_online, s.slot_mask, s.next_session_at, s.assured_date, s.audiences${
          extra
            ? `,
        to_tsvector('english', directory_unaccent(s.name || ' ' || coalesce(s.alternate_name, ''))),
        search_quality(s.next_session_at, s.assured_date, now())`
            : ''
        }
      FROM service s
      LEFT JOIN organization o ON o.id = s.organization_id
      LEFT JOIN numbered p ON p.service_id = s.id
      WHERE s.id = ANY($1) AND s.status IN ('active', 'temporarily closed')
    $sql$ USING ids;
  END
  $$`;

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
