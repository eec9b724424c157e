import type { MigrationInterface, QueryRunner } from 'typeorm';

// Handouts sent to the person a link worker is helping, by email (through mail_outbox) or text message (through
// GOV.UK Notify). The full address or number is kept only until the delivery status is final, then cleared;
// the masked form ("07*** ***982") stays with the status until the daily clean-up deletes the row.
export class HandoutMessages1764888000000 implements MigrationInterface {
  name = 'HandoutMessages1764888000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE handout_message (
        id bigserial PRIMARY KEY,
        channel text NOT NULL,
        status text NOT NULL DEFAULT 'waiting',
        recipient text,
        recipient_masked text NOT NULL,
        body text NOT NULL,
        share_link text NOT NULL,
        mail_id bigint,
        notify_id text,
        attempts integer NOT NULL DEFAULT 0,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT handout_message_channel_check CHECK (channel IN ('email', 'sms')),
        CONSTRAINT handout_message_status_check CHECK (status IN ('waiting', 'sending', 'sent', 'delivered',
          'failed', 'permanent-failure', 'temporary-failure', 'technical-failure'))
      )`);
    // The timed job reads the messages still waiting or sending; the clean-up reads by age.
    await db.query(`CREATE INDEX handout_message_status_idx ON handout_message (status, id)`);
    await db.query(`CREATE INDEX handout_message_created_at_idx ON handout_message (created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS handout_message`);
  }
}
