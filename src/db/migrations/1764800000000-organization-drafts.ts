import type { MigrationInterface, QueryRunner } from 'typeorm';

// A change to an organisation's profile (name, description, email, website) by an organiser not yet
// trusted, kept here until a steward decides; the organization row keeps what is live meanwhile.
export class OrganizationDrafts1764800000000 implements MigrationInterface {
  name = 'OrganizationDrafts1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE organization_draft (
        id bigserial PRIMARY KEY,
        organization_id text NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
        author_id bigint REFERENCES user_account(id) ON DELETE SET NULL,
        proposed jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        reason text,
        decided_by bigint REFERENCES user_account(id) ON DELETE SET NULL,
        decided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT organization_draft_status_check CHECK (status IN ('pending', 'approved', 'rejected'))
      )`);
    await db.query(`CREATE INDEX organization_draft_org_idx ON organization_draft (organization_id, status)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS organization_draft`);
  }
}
