// Handouts sent to a person by email or text message: the full address or number only until the status is final.
import 'reflect-metadata';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One handout sent by email (through mail_outbox, mail_id) or text message (through GOV.UK Notify, notify_id). */
@Entity('handout_message')
@Check('handout_message_channel_check', `channel IN ('email', 'sms')`)
@Check(
  'handout_message_status_check',
  `status IN ('waiting', 'sending', 'sent', 'delivered',
          'failed', 'permanent-failure', 'temporary-failure', 'technical-failure')`,
)
@Index('handout_message_status_idx', ['status', 'id'])
@Index('handout_message_created_at_idx', ['created_at'])
export class HandoutMessage {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: number;
  @Column('text') channel: string;
  @Column('text', { default: 'waiting' }) status: string;
  /** The full address or number; null once the status is final. */
  @Column('text', { nullable: true }) recipient: string | null;
  @Column('text') recipient_masked: string;
  @Column('text') body: string;
  @Column('text') share_link: string;
  @Column('bigint', { nullable: true }) mail_id: number | null;
  @Column('text', { nullable: true }) notify_id: string | null;
  @Column('integer', { default: 0 }) attempts: number;
  @Column('text', { nullable: true }) error: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) created_at: Date;
  @Column('timestamptz', { default: () => 'now()' }) updated_at: Date;
}
