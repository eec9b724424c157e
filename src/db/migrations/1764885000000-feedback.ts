import type { MigrationInterface, QueryRunner } from 'typeorm';

// Feedback sent from the contact page: it waits in the steward queue until a steward marks it handled.
export class Feedback1764885000000 implements MigrationInterface {
  name = 'Feedback1764885000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE feedback (
        id bigserial PRIMARY KEY,
        topic text NOT NULL,
        message text NOT NULL,
        reply_email text,
        status text NOT NULL DEFAULT 'open',
        handled_by bigint REFERENCES user_account(id) ON DELETE SET NULL,
        handled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT feedback_status_check CHECK (status IN ('open', 'handled'))
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS feedback`);
  }
}
