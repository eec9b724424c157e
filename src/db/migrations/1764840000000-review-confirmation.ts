import type { MigrationInterface, QueryRunner } from 'typeorm';

// A "still accurate" link confirms when it is opened, so a second visit must show the same result and an undo
// must know what to put back: one row per link used, with the review date it replaced.
export class ReviewConfirmation1764840000000 implements MigrationInterface {
  name = 'ReviewConfirmation1764840000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE review_confirmation (
        token_id text PRIMARY KEY,
        service_id text NOT NULL REFERENCES service (id) ON DELETE CASCADE,
        reviewed_on date NOT NULL,
        previous_assured_date date,
        confirmed_at timestamptz NOT NULL DEFAULT now(),
        undone_at timestamptz
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS review_confirmation`);
  }
}
