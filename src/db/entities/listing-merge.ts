// Two listings of one activity from different sources: merged into one, waiting for a steward, or kept apart.
import 'reflect-metadata';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Service } from './service.js';

/**
 * A pair the matcher found. `merged` hides the merged listing behind the kept one (its row and sources stay);
 * `waiting` is for a steward; `kept-apart` and `split` are a steward's word that the two differ. While merged, a
 * trigger keeps the merged listing's status inactive and records here the status its source gives.
 */
@Entity('listing_merge')
@Check('listing_merge_verdict_check', `verdict IN ('certain', 'uncertain')`)
@Check('listing_merge_status_check', `status IN ('merged', 'waiting', 'kept-apart', 'split')`)
@Check('listing_merge_two_listings_check', `kept_service_id <> merged_service_id`)
// Expression and partial indexes, made by the migration.
@Index('listing_merge_pair_idx', { synchronize: false })
@Index('listing_merge_merged_once_idx', { synchronize: false })
@Index('listing_merge_kept_idx', { synchronize: false })
@Index('listing_merge_waiting_idx', { synchronize: false })
export class ListingMerge {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: number;
  /** The listing that stays listed: the group's own if one side is, else the one reviewed most recently. */
  @Column('text') kept_service_id: string;
  @ManyToOne(() => Service, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'kept_service_id' })
  kept: Service;
  @Column('text') merged_service_id: string;
  @ManyToOne(() => Service, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'merged_service_id' })
  merged: Service;
  @Column('double precision') score: number;
  /** The matcher's verdict when the pair was found. */
  @Column('text') verdict: 'certain' | 'uncertain';
  /** The matcher's evidence, each with its detail in words. */
  @Column('jsonb') reasons: unknown[];
  /** Why a pair that scored high enough to merge was left to a steward. */
  @Column('text', { nullable: true }) held: string | null;
  @Column('text') status: 'merged' | 'waiting' | 'kept-apart' | 'split';
  /** The status the merged listing's source last gave, restored when the pair is split. */
  @Column('text', { nullable: true }) source_status: string | null;
  /** The steward's e-mail address, or "automatic" for a certain pair merged by an import. */
  @Column('text', { nullable: true }) decided_by: string | null;
  @Column('timestamptz', { nullable: true }) decided_at: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) created_at: Date;
}
