// What stewards decide and what they can trace: drafts, claims, problem reports, review flags, "still
// accurate" confirmations and the audit log.
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
  PrimaryGeneratedColumn,
} from 'typeorm';
import { UserAccount } from './account.js';
import { Organization, Service } from './service.js';

/** A request that waits for a steward: drafts and claims, each with its own CHECK on status. */
abstract class AwaitingSteward {
  @Column('text', { default: 'pending' }) status: 'pending' | 'approved' | 'rejected';
  @Column('text', { nullable: true }) reason: string | null;
  @Column('bigint', { nullable: true }) decided_by: number | null;
  @ManyToOne(() => UserAccount, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'decided_by' })
  decider: UserAccount | null;
  @Column('timestamptz', { nullable: true }) decided_at: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) created_at: Date;
}

/** A proposed activity (new or edited) as an HSDS service document, until a steward decides. */
@Entity('listing_draft')
@Check('listing_draft_status_check', `status IN ('pending', 'approved', 'rejected')`)
@Index('listing_draft_org_idx', ['organization_id', 'status'])
@Index('listing_draft_service_idx', ['service_id', 'created_at'])
export class ListingDraft extends AwaitingSteward {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: number;
  // No foreign key: a draft of a new activity names a service that does not exist yet.
  @Column('text') service_id: string;
  @Column('text') organization_id: string;
  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization: Organization;
  @Column('bigint', { nullable: true }) author_id: number | null;
  @ManyToOne(() => UserAccount, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'author_id' })
  author: UserAccount | null;
  @Column('jsonb') document: unknown;
  @Column('jsonb') form: unknown;
  @Column('timestamptz', { default: () => 'now()' }) updated_at: Date;
}

/** A change to an organisation's profile by an organiser not yet trusted, until a steward decides. */
@Entity('organization_draft')
@Check('organization_draft_status_check', `status IN ('pending', 'approved', 'rejected')`)
@Index('organization_draft_org_idx', ['organization_id', 'status'])
export class OrganizationDraft extends AwaitingSteward {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: number;
  @Column('text') organization_id: string;
  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization: Organization;
  @Column('bigint', { nullable: true }) author_id: number | null;
  @ManyToOne(() => UserAccount, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'author_id' })
  author: UserAccount | null;
  @Column('jsonb') proposed: unknown;
}

/** An organisation not yet in the directory, asked for by an organiser; on approval it is created and they manage it. */
@Entity('organization_request')
@Check('organization_request_status_check', `status IN ('pending', 'approved', 'rejected')`)
@Index('organization_request_author_idx', ['author_id', 'status'])
@Index('organization_request_status_idx', ['status', 'id'])
export class OrganizationRequest extends AwaitingSteward {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: number;
  @Column('bigint') author_id: number;
  @ManyToOne(() => UserAccount, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'author_id' })
  author: UserAccount;
  /** The profile as typed: name, description, email, website. */
  @Column('jsonb') proposed: unknown;
  /** The organisation made from it, once approved. */
  @Column('text', { nullable: true }) organization_id: string | null;
  @ManyToOne(() => Organization, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'organization_id' })
  organization: Organization | null;
}

/** A request to manage an imported organisation; its current managers may say they do not know who asked. */
@Entity('claim_request')
@Check('claim_request_status_check', `status IN ('pending', 'approved', 'rejected')`)
@Index('claim_request_org_idx', ['organization_id', 'status'])
export class ClaimRequest extends AwaitingSteward {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: number;
  @Column('bigint') user_id: number;
  @ManyToOne(() => UserAccount, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: UserAccount;
  @Column('text') organization_id: string;
  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization: Organization;
  @Column('text', { nullable: true }) message: string | null;
  @Column('bigint', { nullable: true }) concern_by: number | null;
  @ManyToOne(() => UserAccount, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'concern_by' })
  concerned: UserAccount | null;
  @Column('timestamptz', { nullable: true }) concern_at: Date | null;
}

@Entity('problem_report')
@Check('problem_report_status_check', `status IN ('open', 'resolved')`)
export class ProblemReport {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: number;
  @Column('text') service_id: string;
  @ManyToOne(() => Service, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_id' })
  service: Service;
  @Column('text') problem: string;
  @Column('text', { nullable: true }) reporter_email: string | null;
  @Column('text', { default: 'open' }) status: 'open' | 'resolved';
  @Column('bigint', { nullable: true }) resolved_by: number | null;
  @ManyToOne(() => UserAccount, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'resolved_by' })
  resolver: UserAccount | null;
  @Column('timestamptz', { nullable: true }) resolved_at: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) created_at: Date;
}

/** A listing due a review, and when its organisers were last reminded. */
@Entity('freshness_flag')
export class FreshnessFlag {
  @PrimaryColumn('text') service_id: string;
  @ManyToOne(() => Service, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_id' })
  service: Service;
  @Column('timestamptz', { default: () => 'now()' }) flagged_at: Date;
  @Column('timestamptz', { nullable: true }) reminded_at: Date | null;
}

/** One "still accurate" link used, with the review date it replaced, so a second visit or an undo agree. */
@Entity('review_confirmation')
export class ReviewConfirmation {
  @PrimaryColumn('text') token_id: string;
  @Column('text') service_id: string;
  @ManyToOne(() => Service, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_id' })
  service: Service;
  @Column('date') reviewed_on: string;
  @Column('date', { nullable: true }) previous_assured_date: string | null;
  @Column('timestamptz', { default: () => 'now()' }) confirmed_at: Date;
  @Column('timestamptz', { nullable: true }) undone_at: Date | null;
}

/** Every change: who, when, which fields, before and after. */
@Entity('audit_log')
@Index('audit_log_entity_idx', ['entity', 'entity_id', 'created_at'])
export class AuditLog {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: number;
  @Column('bigint', { nullable: true }) user_id: number | null;
  @ManyToOne(() => UserAccount, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'user_id' })
  user: UserAccount | null;
  @Column('text') actor: string;
  @Column('text') action: string;
  @Column('text') entity: string;
  @Column('text') entity_id: string;
  @Column('text', { array: true, default: [] }) fields: string[];
  @Column('jsonb', { nullable: true }) before: unknown;
  @Column('jsonb', { nullable: true }) after: unknown;
  @CreateDateColumn({ type: 'timestamptz' }) created_at: Date;
}

/** A steward's word on the times read from a listing's description, and the words it was about. */
@Entity('described_times_decision')
@Check('described_times_decision_check', `decision IN ('confirmed', 'rejected')`)
export class DescribedTimesDecision {
  @PrimaryColumn('text') service_id: string;
  @ManyToOne(() => Service, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_id' })
  service: Service;
  /** Each proposed schedule's words, one a line, in the proposals' order. */
  @Column('text') evidence: string;
  @Column('text') decision: 'confirmed' | 'rejected';
  @Column('bigint', { nullable: true }) decided_by: number | null;
  @ManyToOne(() => UserAccount, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'decided_by' })
  decider: UserAccount | null;
  @Column('timestamptz', { default: () => 'now()' }) decided_at: Date;
}
