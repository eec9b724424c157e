// The link workers' records: referral counts and shortlists shared by link.
import 'reflect-metadata';
import {
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
import { Service } from './service.js';

/** "Referred someone here": deliberately no user and no patient, so it can only say how many, where and when. */
@Entity('referral')
@Index('referral_service_month_idx', ['service_id', 'referred_on'])
export class Referral {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: number;
  @Column('text') service_id: string;
  @ManyToOne(() => Service, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_id' })
  service: Service;
  @Column('date') referred_on: string;
  @CreateDateColumn({ type: 'timestamptz' }) created_at: Date;
}

/** A shortlist shared by link under a random id; stopping it empties the items, expired rows go daily. */
@Entity('shared_handout')
@Index('shared_handout_expires_idx', ['expires_at'])
@Index('shared_handout_created_by_idx', ['created_by'], { where: 'created_by IS NOT NULL' })
export class SharedHandout {
  @PrimaryColumn('text') id: string;
  @Column('jsonb') items: unknown;
  @Column('bigint', { nullable: true }) created_by: number | null;
  @ManyToOne(() => UserAccount, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by' })
  creator: UserAccount | null;
  @CreateDateColumn({ type: 'timestamptz' }) created_at: Date;
  @Column('timestamptz') expires_at: Date;
  @Column('timestamptz', { nullable: true }) revoked_at: Date | null;
}
