// The referral loop: groups that take referrals, and the requests link workers send them.
import 'reflect-metadata';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { UserAccount } from './account.js';
import { Organization, Service } from './service.js';

/** An organisation that takes referrals for its activities, and where to tell it of a new one. */
@Entity('referral_setting')
export class ReferralSetting {
  @PrimaryColumn('text') organization_id: string;
  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization: Organization;
  @Column('text') notify_email: string;
  @Column('bigint', { nullable: true }) updated_by: number | null;
  @ManyToOne(() => UserAccount, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'updated_by' })
  updater: UserAccount | null;
  @Column('timestamptz', { default: () => 'now()' }) updated_at: Date;
}

/** One request; the *_sealed columns are AES-256-GCM sealed and null once erased. */
@Entity('referral_request')
@Check('referral_request_contact_method_check', `contact_method IN ('phone', 'email', 'text')`)
@Check(
  'referral_request_status_check',
  `status IN ('new', 'contacted', 'joined', 'not_suitable',
          'could_not_reach', 'closed_no_answer')`,
)
@Index('referral_request_service_idx', ['service_id', 'created_at'])
@Index('referral_request_link_worker_idx', ['link_worker_id', 'created_at'])
@Index('referral_request_status_idx', ['status', 'created_at'])
export class ReferralRequest {
  @PrimaryColumn('uuid') id: string;
  @Column('text') service_id: string;
  @ManyToOne(() => Service, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_id' })
  service: Service;
  @Column('bigint', { nullable: true }) link_worker_id: number | null;
  @ManyToOne(() => UserAccount, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'link_worker_id' })
  linkWorker: UserAccount | null;
  @Column('text') contact_method: string;
  @Column('text', { nullable: true }) first_name_sealed: string | null;
  @Column('text', { nullable: true }) contact_sealed: string | null;
  @Column('text', { nullable: true }) support_sealed: string | null;
  @Column('text', { nullable: true }) status_reason_sealed: string | null;
  @Column('text') consent_wording_version: string;
  @Column('bigint', { nullable: true }) consent_recorded_by: number | null;
  @ManyToOne(() => UserAccount, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'consent_recorded_by' })
  consentRecorder: UserAccount | null;
  @Column('timestamptz') consent_recorded_at: Date;
  @Column('text', { default: 'new' }) status: string;
  @CreateDateColumn({ type: 'timestamptz' }) created_at: Date;
  @Column('timestamptz', { default: () => 'now()' }) status_changed_at: Date;
  @Column('timestamptz', { nullable: true }) answered_at: Date | null;
  @Column('timestamptz', { nullable: true }) reminded_at: Date | null;
  @Column('timestamptz', { nullable: true }) erased_at: Date | null;
}
