import type { MigrationInterface, QueryRunner } from 'typeorm';

// "Referred someone here": one row per referral a link worker records. Deliberately no user id and no
// patient fields, so the table can only ever say how many, where and when.
export class Referrals1764500000000 implements MigrationInterface {
  name = 'Referrals1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE referral (
        id bigserial PRIMARY KEY,
        service_id text NOT NULL REFERENCES service (id) ON DELETE CASCADE,
        referred_on date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX referral_service_month_idx ON referral (service_id, referred_on)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS referral`);
  }
}
