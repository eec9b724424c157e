import type { MigrationInterface, QueryRunner } from 'typeorm';

// Accounts, sessions and the moderation trail that let community groups keep their own listings.
export class GroupsAccounts1764100000000 implements MigrationInterface {
  name = 'GroupsAccounts1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE user_account (
        id bigserial PRIMARY KEY,
        email text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL DEFAULT 'organiser',
        trusted boolean NOT NULL DEFAULT false,
        email_verified boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT user_account_role_check CHECK (role IN ('organiser', 'link_worker', 'steward'))
      )`);
    await db.query(`CREATE UNIQUE INDEX user_account_email_idx ON user_account (lower(email))`);

    await db.query(`
      CREATE TABLE organization_member (
        user_id bigint NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
        organization_id text NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, organization_id)
      )`);
    await db.query(`CREATE INDEX organization_member_org_idx ON organization_member (organization_id)`);

    // The connect-pg-simple store's table, created here so the web process never runs DDL.
    await db.query(`
      CREATE TABLE http_session (
        sid varchar NOT NULL PRIMARY KEY,
        sess json NOT NULL,
        expire timestamp(6) NOT NULL
      )`);
    await db.query(`CREATE INDEX http_session_expire_idx ON http_session (expire)`);

    await db.query(`
      CREATE TABLE sign_in_failure (
        key text NOT NULL,
        failed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX sign_in_failure_key_idx ON sign_in_failure (key, failed_at)`);

    // A proposed activity (new or edited) as an HSDS service document, until a steward decides.
    await db.query(`
      CREATE TABLE listing_draft (
        id bigserial PRIMARY KEY,
        service_id text NOT NULL,
        organization_id text NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
        author_id bigint REFERENCES user_account(id) ON DELETE SET NULL,
        document jsonb NOT NULL,
        form jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        reason text,
        decided_by bigint REFERENCES user_account(id) ON DELETE SET NULL,
        decided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT listing_draft_status_check CHECK (status IN ('pending', 'approved', 'rejected'))
      )`);
    await db.query(`CREATE INDEX listing_draft_org_idx ON listing_draft (organization_id, status)`);
    await db.query(`CREATE INDEX listing_draft_service_idx ON listing_draft (service_id, created_at)`);

    await db.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        user_id bigint REFERENCES user_account(id) ON DELETE SET NULL,
        actor text NOT NULL,
        action text NOT NULL,
        entity text NOT NULL,
        entity_id text NOT NULL,
        fields text[] NOT NULL DEFAULT '{}',
        before jsonb,
        after jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id, created_at)`);

    await db.query(`
      CREATE TABLE claim_request (
        id bigserial PRIMARY KEY,
        user_id bigint NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
        organization_id text NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
        message text,
        status text NOT NULL DEFAULT 'pending',
        reason text,
        decided_by bigint REFERENCES user_account(id) ON DELETE SET NULL,
        decided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT claim_request_status_check CHECK (status IN ('pending', 'approved', 'rejected'))
      )`);

    await db.query(`
      CREATE TABLE problem_report (
        id bigserial PRIMARY KEY,
        service_id text NOT NULL REFERENCES service(id) ON DELETE CASCADE,
        problem text NOT NULL,
        reporter_email text,
        status text NOT NULL DEFAULT 'open',
        resolved_by bigint REFERENCES user_account(id) ON DELETE SET NULL,
        resolved_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT problem_report_status_check CHECK (status IN ('open', 'resolved'))
      )`);

    // Listings flagged as due a review, and when their organisers were last reminded.
    await db.query(`
      CREATE TABLE freshness_flag (
        service_id text PRIMARY KEY REFERENCES service(id) ON DELETE CASCADE,
        flagged_at timestamptz NOT NULL DEFAULT now(),
        reminded_at timestamptz
      )`);

    // Every mail the directory sends is kept here; it is the development mailbox when SMTP is not set.
    await db.query(`
      CREATE TABLE mail_outbox (
        id bigserial PRIMARY KEY,
        to_address text NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        sent_at timestamptz,
        error text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    // Signed links (password reset, still accurate) may be used once: their ids are recorded here.
    await db.query(`
      CREATE TABLE used_token (
        token_id text PRIMARY KEY,
        used_at timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`
      ALTER TABLE service ADD COLUMN capacity_status text
        CONSTRAINT service_capacity_status_check CHECK (capacity_status IN ('spaces', 'full', 'waiting_list'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE service DROP COLUMN IF EXISTS capacity_status`);
    for (const table of [
      'used_token',
      'mail_outbox',
      'freshness_flag',
      'problem_report',
      'claim_request',
      'audit_log',
      'listing_draft',
      'sign_in_failure',
      'http_session',
      'organization_member',
      'user_account',
    ]) {
      await db.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
    }
  }
}
