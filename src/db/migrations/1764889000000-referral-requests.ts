import type { MigrationInterface, QueryRunner } from 'typeorm';

// "Someone would like to come": a link worker's request to a group that takes referrals. The person's first
// name, how to reach them and the support they need are sealed (AES-256-GCM, the key outside the database) and
// erased after the retention period; the row then keeps only the activity, the status and the dates.
export class ReferralRequests1764889000000 implements MigrationInterface {
  name = 'ReferralRequests1764889000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE referral_setting (
        organization_id text PRIMARY KEY REFERENCES organization (id) ON DELETE CASCADE,
        notify_email text NOT NULL,
        updated_by bigint REFERENCES user_account (id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE referral_request (
        id uuid PRIMARY KEY,
        service_id text NOT NULL REFERENCES service (id) ON DELETE CASCADE,
        link_worker_id bigint REFERENCES user_account (id) ON DELETE SET NULL,
        contact_method text NOT NULL,
        first_name_sealed text,
        contact_sealed text,
        support_sealed text,
        status_reason_sealed text,
        consent_wording_version text NOT NULL,
        consent_recorded_by bigint REFERENCES user_account (id) ON DELETE SET NULL,
        consent_recorded_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'new',
        created_at timestamptz NOT NULL DEFAULT now(),
        status_changed_at timestamptz NOT NULL DEFAULT now(),
        answered_at timestamptz,
        reminded_at timestamptz,
        erased_at timestamptz,
        CONSTRAINT referral_request_contact_method_check CHECK (contact_method IN ('phone', 'email', 'text')),
        CONSTRAINT referral_request_status_check CHECK (status IN ('new', 'contacted', 'joined', 'not_suitable',
          'could_not_reach', 'closed_no_answer'))
      )`);
    // The group's inbox reads by activity, the link worker's page by sender, the timed job by status and age.
    await db.query(`CREATE INDEX referral_request_service_idx ON referral_request (service_id, created_at)`);
    await db.query(
      `CREATE INDEX referral_request_link_worker_idx ON referral_request (link_worker_id, created_at)`,
    );
    await db.query(`CREATE INDEX referral_request_status_idx ON referral_request (status, created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS referral_request`);
    await db.query(`DROP TABLE IF EXISTS referral_setting`);
  }
}
