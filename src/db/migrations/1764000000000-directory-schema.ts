import type { MigrationInterface, QueryRunner } from 'typeorm';

// HSDS 3.0 tables (ids are text: real feeds do not always use UUIDs), plus the directory's own
// derived columns and tables for search: session occurrences, place gazetteer and metadata.
export class DirectorySchema1764000000000 implements MigrationInterface {
  name = 'DirectorySchema1764000000000';

  async up(db: QueryRunner): Promise<void> {
    for (const extension of ['pg_trgm', 'unaccent', 'cube', 'earthdistance', 'btree_gist']) {
      await db.query(`CREATE EXTENSION IF NOT EXISTS ${extension}`);
    }
    // unaccent() is only STABLE; an immutable wrapper lets it appear in indexes and generated columns.
    await db.query(`
      CREATE FUNCTION directory_unaccent(text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT public.unaccent('public.unaccent', $1) $$`);

    await db.query(`
      CREATE TABLE organization (
        id text PRIMARY KEY,
        name text NOT NULL,
        alternate_name text,
        description text,
        email text,
        website text,
        tax_status text,
        tax_id text,
        year_incorporated integer,
        legal_status text,
        logo text,
        uri text,
        parent_organization_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`
      CREATE TABLE service (
        id text PRIMARY KEY,
        organization_id text REFERENCES organization(id) ON DELETE CASCADE,
        program_id text,
        name text NOT NULL,
        alternate_name text,
        description text,
        url text,
        email text,
        status text NOT NULL DEFAULT 'active',
        interpretation_services text,
        application_process text,
        fees_description text,
        wait_time text,
        fees text,
        accreditations text,
        eligibility_description text,
        minimum_age integer,
        maximum_age integer,
        assured_date date,
        assurer_email text,
        licenses text,
        alert text,
        last_modified timestamptz,
        content_hash text NOT NULL DEFAULT '',
        source text NOT NULL DEFAULT 'hsds',
        is_free boolean NOT NULL DEFAULT false,
        is_online boolean NOT NULL DEFAULT false,
        search_terms text NOT NULL DEFAULT '',
        search_words text NOT NULL DEFAULT '',
        search_vector tsvector NOT NULL DEFAULT ''::tsvector,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX service_organization_idx ON service (organization_id)`);
    await db.query(`CREATE INDEX service_search_vector_idx ON service USING gin (search_vector)`);
    await db.query(
      `CREATE INDEX service_search_words_trgm_idx ON service USING gin (search_words gin_trgm_ops)`,
    );

    await db.query(`
      CREATE TABLE location (
        id text PRIMARY KEY,
        location_type text NOT NULL DEFAULT 'physical',
        url text,
        organization_id text REFERENCES organization(id) ON DELETE SET NULL,
        name text,
        alternate_name text,
        description text,
        transportation text,
        latitude double precision,
        longitude double precision,
        external_identifier text,
        external_identifier_type text,
        CONSTRAINT location_latitude_range CHECK (latitude BETWEEN -90 AND 90),
        CONSTRAINT location_longitude_range CHECK (longitude BETWEEN -180 AND 180)
      )`);
    await db.query(`
      CREATE INDEX location_earth_idx ON location USING gist (ll_to_earth(latitude, longitude))
      WHERE latitude IS NOT NULL AND longitude IS NOT NULL`);

    await db.query(`
      CREATE TABLE address (
        id text PRIMARY KEY,
        location_id text NOT NULL REFERENCES location(id) ON DELETE CASCADE,
        attention text,
        address_1 text,
        address_2 text,
        city text,
        region text,
        state_province text,
        postal_code text,
        country text,
        address_type text NOT NULL DEFAULT 'physical'
      )`);
    await db.query(`CREATE INDEX address_location_idx ON address (location_id)`);

    await db.query(`
      CREATE TABLE accessibility (
        id text PRIMARY KEY,
        location_id text NOT NULL REFERENCES location(id) ON DELETE CASCADE,
        description text,
        details text,
        url text
      )`);
    await db.query(`CREATE INDEX accessibility_location_idx ON accessibility (location_id)`);

    await db.query(`
      CREATE TABLE service_at_location (
        id text PRIMARY KEY,
        service_id text NOT NULL REFERENCES service(id) ON DELETE CASCADE,
        location_id text NOT NULL REFERENCES location(id) ON DELETE CASCADE,
        description text
      )`);
    await db.query(`CREATE INDEX service_at_location_service_idx ON service_at_location (service_id)`);
    await db.query(`CREATE INDEX service_at_location_location_idx ON service_at_location (location_id)`);

    await db.query(`
      CREATE TABLE schedule (
        id text PRIMARY KEY,
        service_id text REFERENCES service(id) ON DELETE CASCADE,
        location_id text REFERENCES location(id) ON DELETE CASCADE,
        service_at_location_id text REFERENCES service_at_location(id) ON DELETE CASCADE,
        valid_from date,
        valid_to date,
        dtstart date,
        timezone text,
        until date,
        count integer,
        wkst text,
        freq text,
        interval integer,
        byday text,
        byweekno text,
        bymonthday text,
        byyearday text,
        description text,
        opens_at time,
        closes_at time,
        schedule_link text,
        attending_type text,
        notes text,
        CONSTRAINT schedule_freq_check CHECK (freq IS NULL OR freq IN ('WEEKLY', 'MONTHLY'))
      )`);
    await db.query(`CREATE INDEX schedule_service_idx ON schedule (service_id)`);
    await db.query(`CREATE INDEX schedule_service_at_location_idx ON schedule (service_at_location_id)`);

    // Holiday closures of a recurring schedule; carried into occurrences and calendars.
    await db.query(`
      CREATE TABLE schedule_cancellation (
        schedule_id text NOT NULL REFERENCES schedule(id) ON DELETE CASCADE,
        date date NOT NULL,
        reason text,
        PRIMARY KEY (schedule_id, date)
      )`);

    await db.query(`
      CREATE TABLE taxonomy (
        id text PRIMARY KEY,
        name text NOT NULL,
        description text,
        uri text,
        version text
      )`);
    await db.query(`
      CREATE TABLE taxonomy_term (
        id text PRIMARY KEY,
        code text,
        name text NOT NULL,
        description text,
        parent_id text REFERENCES taxonomy_term(id) ON DELETE SET NULL,
        taxonomy text,
        taxonomy_id text REFERENCES taxonomy(id) ON DELETE CASCADE,
        language text,
        term_uri text,
        synonyms text[] NOT NULL DEFAULT '{}'
      )`);
    await db.query(`CREATE INDEX taxonomy_term_taxonomy_idx ON taxonomy_term (taxonomy_id, code)`);

    await db.query(`
      CREATE TABLE attribute (
        id text PRIMARY KEY,
        link_id text NOT NULL,
        taxonomy_term_id text NOT NULL REFERENCES taxonomy_term(id) ON DELETE CASCADE,
        link_type text,
        link_entity text NOT NULL DEFAULT 'service',
        value text
      )`);
    await db.query(`CREATE INDEX attribute_link_idx ON attribute (link_entity, link_id)`);
    await db.query(`CREATE INDEX attribute_term_idx ON attribute (taxonomy_term_id, link_id)`);

    await db.query(`
      CREATE TABLE contact (
        id text PRIMARY KEY,
        organization_id text REFERENCES organization(id) ON DELETE CASCADE,
        service_id text REFERENCES service(id) ON DELETE CASCADE,
        service_at_location_id text REFERENCES service_at_location(id) ON DELETE CASCADE,
        location_id text REFERENCES location(id) ON DELETE CASCADE,
        name text,
        title text,
        department text,
        email text
      )`);
    await db.query(`CREATE INDEX contact_service_idx ON contact (service_id)`);

    await db.query(`
      CREATE TABLE phone (
        id text PRIMARY KEY,
        location_id text REFERENCES location(id) ON DELETE CASCADE,
        service_id text REFERENCES service(id) ON DELETE CASCADE,
        organization_id text REFERENCES organization(id) ON DELETE CASCADE,
        contact_id text REFERENCES contact(id) ON DELETE CASCADE,
        service_at_location_id text REFERENCES service_at_location(id) ON DELETE CASCADE,
        number text NOT NULL,
        extension integer,
        type text,
        description text
      )`);
    await db.query(`CREATE INDEX phone_service_idx ON phone (service_id)`);

    await db.query(`
      CREATE TABLE cost_option (
        id text PRIMARY KEY,
        service_id text NOT NULL REFERENCES service(id) ON DELETE CASCADE,
        valid_from date,
        valid_to date,
        option text,
        currency text,
        amount numeric(10, 2),
        amount_description text
      )`);
    await db.query(`CREATE INDEX cost_option_service_idx ON cost_option (service_id)`);

    await db.query(`
      CREATE TABLE service_area (
        id text PRIMARY KEY,
        service_id text NOT NULL REFERENCES service(id) ON DELETE CASCADE,
        name text,
        description text,
        extent text,
        extent_type text,
        uri text,
        area polygon
      )`);
    await db.query(`CREATE INDEX service_area_service_idx ON service_area (service_id)`);
    await db.query(`CREATE INDEX service_area_area_idx ON service_area USING gist (area)`);

    // Concrete sessions expanded from schedules over a rolling horizon, so time filters are plain SQL.
    await db.query(`
      CREATE TABLE session_occurrence (
        schedule_id text NOT NULL REFERENCES schedule(id) ON DELETE CASCADE,
        service_id text NOT NULL REFERENCES service(id) ON DELETE CASCADE,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz,
        local_date date NOT NULL,
        iso_dow smallint NOT NULL,
        start_minute smallint NOT NULL,
        end_minute smallint,
        PRIMARY KEY (schedule_id, starts_at)
      )`);
    await db.query(
      `CREATE INDEX session_occurrence_service_idx ON session_occurrence (service_id, starts_at)`,
    );
    await db.query(`CREATE INDEX session_occurrence_date_idx ON session_occurrence (local_date, service_id)`);

    // Postcodes, postcode districts and place names with their centre points.
    await db.query(`
      CREATE TABLE place (
        kind text NOT NULL,
        key text NOT NULL,
        name text NOT NULL,
        area text,
        latitude double precision NOT NULL,
        longitude double precision NOT NULL,
        PRIMARY KEY (kind, key),
        CONSTRAINT place_kind_check CHECK (kind IN ('postcode', 'outcode', 'place'))
      )`);
    await db.query(`CREATE INDEX place_key_trgm_idx ON place USING gin (key gin_trgm_ops)`);

    await db.query(`
      CREATE TABLE directory_metadata (
        key text PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'directory_metadata',
      'place',
      'session_occurrence',
      'service_area',
      'cost_option',
      'phone',
      'contact',
      'attribute',
      'taxonomy_term',
      'taxonomy',
      'schedule_cancellation',
      'schedule',
      'service_at_location',
      'accessibility',
      'address',
      'location',
      'service',
      'organization',
    ]) {
      await db.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
    }
    await db.query(`DROP FUNCTION IF EXISTS directory_unaccent(text)`);
  }
}
