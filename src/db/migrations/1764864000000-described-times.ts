import type { MigrationInterface, QueryRunner } from 'typeorm';

// Times read from a listing's description are schedules like any other, so search, the calendar and the API find
// them; `from_description` holds the words they were read from for as long as nobody has confirmed them. A
// steward's decision is kept per listing with the words it was about, so the next import of the same words
// neither proposes again what was rejected nor asks again about what was confirmed.
export class DescribedTimes1764864000000 implements MigrationInterface {
  name = 'DescribedTimes1764864000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE schedule ADD COLUMN from_description text`);
    await db.query(
      `CREATE INDEX schedule_from_description_idx ON schedule (service_id) WHERE from_description IS NOT NULL`,
    );
    await db.query(`
      CREATE TABLE described_times_decision (
        service_id text PRIMARY KEY REFERENCES service(id) ON DELETE CASCADE,
        evidence text NOT NULL,
        decision text NOT NULL CONSTRAINT described_times_decision_check CHECK (decision IN ('confirmed', 'rejected')),
        decided_by bigint REFERENCES user_account(id) ON DELETE SET NULL,
        decided_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE IF EXISTS described_times_decision');
    await db.query('DROP INDEX IF EXISTS schedule_from_description_idx');
    await db.query('ALTER TABLE schedule DROP COLUMN IF EXISTS from_description');
  }
}
