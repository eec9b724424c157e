// Accounts, who manages which organisation, and the signed links already used.
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
import { Organization } from './service.js';

@Entity('user_account')
@Check('user_account_role_check', `role IN ('organiser', 'link_worker', 'steward')`)
// UNIQUE over lower(email): one account per address whatever its case; an expression TypeORM cannot declare.
@Index('user_account_email_idx', { synchronize: false })
export class UserAccount {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: number;
  @Column('text') email: string;
  @Column('text') password_hash: string;
  @Column('text', { default: 'organiser' }) role: 'organiser' | 'link_worker' | 'steward';
  @Column('boolean', { default: false }) trusted: boolean;
  @Column('boolean', { default: false }) email_verified: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) created_at: Date;
  /** Raised on every password change: sessions and reset links carry the version they were made under. */
  @Column('integer', { default: 0 }) credential_version: number;
}

@Entity('organization_member')
@Index('organization_member_org_idx', ['organization_id'])
export class OrganizationMember {
  @PrimaryColumn('bigint') user_id: number;
  @ManyToOne(() => UserAccount, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user: UserAccount;
  @PrimaryColumn('text') organization_id: string;
  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization: Organization;
  @CreateDateColumn({ type: 'timestamptz' }) created_at: Date;
}

/** A signed link (password reset, e-mail confirmation) works once: its id is kept here when used. */
@Entity('used_token')
export class UsedToken {
  @PrimaryColumn('text') token_id: string;
  @Column('timestamptz', { default: () => 'now()' }) used_at: Date;
}
