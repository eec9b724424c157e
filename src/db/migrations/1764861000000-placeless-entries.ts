import type { MigrationInterface, QueryRunner } from 'typeorm';

// A search near a place counts the matches it leaves out for having no place: those rows from this index alone,
// however many listings the directory holds (a council v1 dump has nothing but them).
export class PlacelessEntries1764861000000 implements MigrationInterface {
  name = 'PlacelessEntries1764861000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX search_entry_placeless_idx ON search_entry (service_id)
       WHERE primary_row AND earth IS NULL AND NOT is_online`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX IF EXISTS search_entry_placeless_idx');
  }
}
