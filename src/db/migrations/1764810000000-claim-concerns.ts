import type { MigrationInterface, QueryRunner } from 'typeorm';

// A current manager of an organisation can tell the steward they do not know who asked to manage it.
export class ClaimConcerns1764810000000 implements MigrationInterface {
  name = 'ClaimConcerns1764810000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE claim_request
        ADD COLUMN concern_by bigint REFERENCES user_account(id) ON DELETE SET NULL,
        ADD COLUMN concern_at timestamptz`);
    await db.query(`CREATE INDEX claim_request_org_idx ON claim_request (organization_id, status)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS claim_request_org_idx`);
    await db.query(
      `ALTER TABLE claim_request DROP COLUMN IF EXISTS concern_by, DROP COLUMN IF EXISTS concern_at`,
    );
  }
}
