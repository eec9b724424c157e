import type { MigrationInterface, QueryRunner } from 'typeorm';
import { rebuildSearchWords } from '../search-words.js';

// What a search reads, in one place: a row per listed service and venue point (or one row when it has no
// point) carrying the service's search fields and its weighted text (name A; needs, types and suitability
// with their synonyms B; organisation and description C), so that a search near a place intersects the venue index
// with the text and term indexes of the same table, and touches only the rows that match both. The rows
// follow every UPDATE of a service (every write path ends with one: refreshSearchFields), by trigger.
// Typos are corrected against search_word, the words of listed names and terms, instead of a trigram
// scan of every listing.
// Set-based, for a whole import batch at once, and planned for each call with the ids in hand: a plan
// made once for "some ids" expects one service, and its nested loop costs seconds on a batch of 2,000.
export const REBUILD_SEARCH_ENTRIES_SQL = `
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
        term_ids, is_free, is_online, slot_mask, next_session_at, assured_date, audiences)
      SELECT s.id, p.location_id, p.earth, coalesce(p.n = 1, true), s.name, s.status,
        setweight(to_tsvector('english', directory_unaccent(s.name || ' ' || coalesce(s.alternate_name, ''))), 'A') ||
        setweight(to_tsvector('english', directory_unaccent(s.search_terms)), 'B') ||
        setweight(to_tsvector('english', directory_unaccent(coalesce(o.name, '') || ' ' ||
          regexp_replace(coalesce(s.description, ''), '<[^>]*>', ' ', 'g'))), 'C'),
        s.term_ids, s.is_free, s.is_online, s.slot_mask, s.next_session_at, s.assured_date, s.audiences
      FROM service s
      LEFT JOIN organization o ON o.id = s.organization_id
      LEFT JOIN numbered p ON p.service_id = s.id
      WHERE s.id = ANY($1) AND s.status IN ('active', 'temporarily closed')
    $sql$ USING ids;
  END
  $$`;

export class SearchCandidates1764700000000 implements MigrationInterface {
  name = 'SearchCandidates1764700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE service ADD COLUMN term_ids text[] NOT NULL DEFAULT '{}'`);
    await db.query(`
      UPDATE service s SET term_ids = t.ids
      FROM (SELECT link_id, array_agg(DISTINCT taxonomy_term_id ORDER BY taxonomy_term_id) AS ids
            FROM attribute WHERE link_entity = 'service' GROUP BY link_id) t
      WHERE t.link_id = s.id`);

    await db.query(`
      CREATE TABLE search_entry (
        service_id text NOT NULL REFERENCES service(id) ON DELETE CASCADE,
        location_id text,
        earth cube,
        primary_row boolean NOT NULL,
        name text NOT NULL,
        status text NOT NULL,
        search_vector tsvector NOT NULL,
        term_ids text[] NOT NULL,
        is_free boolean NOT NULL,
        is_online boolean NOT NULL,
        slot_mask integer NOT NULL,
        next_session_at timestamptz,
        assured_date date,
        audiences text[] NOT NULL
      )`);
    await db.query(REBUILD_SEARCH_ENTRIES_SQL);
    await db.query(`SELECT rebuild_search_entries(ARRAY(SELECT id FROM service))`);
    await db.query(`CREATE INDEX search_entry_service_idx ON search_entry (service_id)`);
    await db.query(`CREATE INDEX search_entry_earth_idx ON search_entry USING gist (earth)`);
    // Two import batches write at once: a pending list of 32 MB (instead of 4 MB) lets them append rather
    // than take turns merging it into the index every batch; imports merge it when they finish.
    await db.query(
      `CREATE INDEX search_entry_vector_idx ON search_entry USING gin (search_vector) WITH (gin_pending_list_limit = 32768)`,
    );
    await db.query(`CREATE INDEX search_entry_terms_idx ON search_entry USING gin (term_ids)`);
    // Online services join every place search: their own indexes keep that to the online rows that match.
    // The online text index is small, so it takes its entries straight away, never into a pending list.
    await db.query(
      `CREATE INDEX search_entry_online_idx ON search_entry (service_id) WHERE is_online AND primary_row`,
    );
    await db.query(
      `CREATE INDEX search_entry_online_vector_idx ON search_entry USING gin (search_vector) WITH (fastupdate = off) WHERE is_online AND primary_row`,
    );
    await db.query(`
      CREATE FUNCTION search_entries_follow_service() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM rebuild_search_entries(ARRAY(SELECT id FROM changed));
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER service_rebuilds_search_entries AFTER UPDATE ON service
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION search_entries_follow_service()`);

    // Whether any listing matches the words, from the text index: with LIMIT 1 the planner would rather
    // read the table until it finds a row, which for words that match nothing means reading all of it.
    await db.query(`
      CREATE FUNCTION listings_match(q tsquery) RETURNS boolean LANGUAGE sql STABLE
      SET enable_seqscan = off AS $$
        SELECT EXISTS (SELECT 1 FROM search_entry WHERE search_vector @@ q)
      $$`);

    await db.query(`CREATE TABLE search_word (word text PRIMARY KEY)`);
    await rebuildSearchWords(db);
    await db.query(`CREATE INDEX search_word_trgm_idx ON search_word USING gist (word gist_trgm_ops)`);

    // Searches and the API's text filter read search_entry; nothing reads these any more.
    await db.query(`DROP INDEX IF EXISTS service_search_words_trgm_idx`);
    await db.query(`DROP INDEX IF EXISTS service_search_vector_idx`);
    await db.query(`DROP INDEX IF EXISTS service_online_idx`);
    // The weighted text lives in search_entry only, written once per change.
    await db.query(`ALTER TABLE service DROP COLUMN search_vector`);
    // Search words come from names and terms directly (see search-words); nothing reads this any more.
    await db.query(`ALTER TABLE service DROP COLUMN search_words`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX IF NOT EXISTS service_online_idx ON service (id) WHERE is_online`);
    await db.query(
      `ALTER TABLE service ADD COLUMN IF NOT EXISTS search_vector tsvector NOT NULL DEFAULT ''::tsvector`,
    );
    await db.query(
      `CREATE INDEX IF NOT EXISTS service_search_vector_idx ON service USING gin (search_vector)`,
    );
    // Emptied: the next refresh of the derived data fills both again.
    await db.query(`ALTER TABLE service ADD COLUMN IF NOT EXISTS search_words text NOT NULL DEFAULT ''`);
    await db.query(
      `CREATE INDEX IF NOT EXISTS service_search_words_trgm_idx ON service USING gin (search_words gin_trgm_ops)`,
    );
    await db.query(`DROP TABLE IF EXISTS search_word`);
    await db.query(`DROP FUNCTION IF EXISTS listings_match(tsquery)`);
    await db.query(`DROP TRIGGER IF EXISTS service_rebuilds_search_entries ON service`);
    await db.query(`DROP FUNCTION IF EXISTS search_entries_follow_service()`);
    await db.query(`DROP TABLE IF EXISTS search_entry`);
    await db.query(`DROP FUNCTION IF EXISTS rebuild_search_entries(text[])`);
    await db.query(`ALTER TABLE service DROP COLUMN IF EXISTS term_ids`);
  }
}
