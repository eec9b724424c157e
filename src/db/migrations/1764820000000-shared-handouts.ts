import type { MigrationInterface, QueryRunner } from 'typeorm';

// A handout shared by link: the shortlist (activity ids and notes) kept here under a random id, so the link
// is short, and can be stopped. Stopping it empties the items at once; expired rows are deleted daily.
export class SharedHandouts1764820000000 implements MigrationInterface {
  name = 'SharedHandouts1764820000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE shared_handout (
        id text PRIMARY KEY,
        items jsonb NOT NULL,
        created_by bigint REFERENCES user_account(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await db.query(`CREATE INDEX shared_handout_expires_idx ON shared_handout (expires_at)`);
    await db.query(
      `CREATE INDEX shared_handout_created_by_idx ON shared_handout (created_by) WHERE created_by IS NOT NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS shared_handout`);
  }
}
