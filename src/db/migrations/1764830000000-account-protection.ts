import type { MigrationInterface, QueryRunner } from 'typeorm';

// Request limits shared by every web process, confirmed e-mail addresses and a credential version per account.
export class AccountProtection1764830000000 implements MigrationInterface {
  name = 'AccountProtection1764830000000';

  async up(db: QueryRunner): Promise<void> {
    // The shape rate-limiter-flexible's RateLimiterPostgres reads and writes (it inserts by column
    // position: key, points, expire in epoch milliseconds); made here so no web process runs DDL.
    await db.query(`
      CREATE TABLE rate_limit (
        key varchar(255) PRIMARY KEY,
        points integer NOT NULL DEFAULT 0,
        expire bigint
      )`);
    await db.query(`CREATE INDEX rate_limit_expire_idx ON rate_limit (expire)`);
    // Sign-in failures are counted in rate_limit now.
    await db.query(`DROP TABLE IF EXISTS sign_in_failure`);

    // Raised on every password change: sessions and reset links carry the version they were made under.
    await db.query(`ALTER TABLE user_account ADD COLUMN credential_version integer NOT NULL DEFAULT 0`);
    // Accounts made before addresses were confirmed have been in use under the old rules: they stay able to act.
    await db.query(`UPDATE user_account SET email_verified = true`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE user_account DROP COLUMN IF EXISTS credential_version`);
    await db.query(`
      CREATE TABLE IF NOT EXISTS sign_in_failure (
        key text NOT NULL,
        failed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX IF NOT EXISTS sign_in_failure_key_idx ON sign_in_failure (key, failed_at)`);
    await db.query(`DROP TABLE IF EXISTS rate_limit`);
  }
}
