import type { MigrationInterface, QueryRunner } from 'typeorm';

// Indexes for the lists the search engine answers now that the API asks it too.
export class SearchListIndexes1764852000000 implements MigrationInterface {
  name = 'SearchListIndexes1764852000000';

  async up(db: QueryRunner): Promise<void> {
    // Lists by name (the API's plain lists, and every list sorted by name) come from search_entry: the first
    // rows in order and the count from the index alone. The service index served the API's own list query,
    // which is gone.
    await db.query(
      `CREATE INDEX search_entry_listed_name_idx ON search_entry (name, service_id) WHERE primary_row`,
    );
    await db.query('DROP INDEX IF EXISTS service_listed_name_idx');
    // "A session on Tuesday between 13:00 and 17:00 from now on" from the index alone: the start instant joins
    // the columns it carries.
    await db.query('DROP INDEX IF EXISTS session_occurrence_weekday_idx');
    await db.query(
      `CREATE INDEX session_occurrence_weekday_idx ON session_occurrence (iso_dow, start_minute)
       INCLUDE (service_id, end_minute, local_date, starts_at)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX IF EXISTS session_occurrence_weekday_idx');
    await db.query(
      `CREATE INDEX session_occurrence_weekday_idx ON session_occurrence (iso_dow, start_minute)
       INCLUDE (service_id, end_minute, local_date)`,
    );
    await db.query(
      `CREATE INDEX IF NOT EXISTS service_listed_name_idx ON service (name, id) WHERE status IN ('active', 'temporarily closed')`,
    );
    await db.query('DROP INDEX IF EXISTS search_entry_listed_name_idx');
  }
}
