import type { MigrationInterface, QueryRunner } from 'typeorm';

// An organiser whose group is not in the directory asks for it to be added: the request waits for a steward, and on
// approval becomes an organisation they manage. Organisation and activity names get trigram indexes, so the claim
// search finds an organisation by its own name or any of its activities' names, typos and all (pg_trgm's <% and
// ILIKE, read through the index).
export class OrganisationRequests1764871500000 implements MigrationInterface {
  name = 'OrganisationRequests1764871500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE organization_request (
        id bigserial PRIMARY KEY,
        author_id bigint NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
        proposed jsonb NOT NULL,
        organization_id text REFERENCES organization(id) ON DELETE SET NULL,
        status text NOT NULL DEFAULT 'pending',
        reason text,
        decided_by bigint REFERENCES user_account(id) ON DELETE SET NULL,
        decided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT organization_request_status_check CHECK (status IN ('pending', 'approved', 'rejected'))
      )`);
    await db.query(
      `CREATE INDEX organization_request_author_idx ON organization_request (author_id, status)`,
    );
    await db.query(`CREATE INDEX organization_request_status_idx ON organization_request (status, id)`);
    await db.query(`CREATE INDEX organization_name_trgm_idx ON organization USING gin (name gin_trgm_ops)`);
    await db.query(`CREATE INDEX service_name_trgm_idx ON service USING gin (name gin_trgm_ops)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS service_name_trgm_idx`);
    await db.query(`DROP INDEX IF EXISTS organization_name_trgm_idx`);
    await db.query(`DROP TABLE IF EXISTS organization_request`);
  }
}
