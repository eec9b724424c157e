// Registered feeds: live sources the directory pulls on a schedule, and the listings each one gave.
import 'reflect-metadata';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A feed: what to read and how often, and its last run. */
@Entity('feed')
@Index('feed_url_idx', ['url'], { unique: true })
@Index('feed_due_idx', ['next_due_at'], { where: 'enabled' })
export class Feed {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  /** Shown to people: "Bristol Community Directory". */
  @Column('text') name: string;
  @Column('text') url: string;
  /** 'oruk' (a live ORUK 3.0 API) or 'oruk-v1' (a v1 JSON document fetched by its address). */
  @Column('text') format: string;
  /** The places the feed covers (as --covers takes them). */
  @Column('text', { array: true, default: () => "'{}'" }) covers: string[];
  @Column('integer') every_hours: number;
  @Column('boolean', { default: true }) enabled: boolean;
  @Column('timestamptz', { default: () => 'now()' }) created_at: Date;
  @Column('timestamptz', { default: () => 'now()' }) next_due_at: Date;
  /** "Sync now": the next run of the feed-sync job takes it whatever its due time. */
  @Column('timestamptz', { nullable: true }) sync_requested_at: Date | null;
  /** Set while a sync runs, so no two run at once. */
  @Column('timestamptz', { nullable: true }) running_since: Date | null;
  @Column('timestamptz', { nullable: true }) last_started_at: Date | null;
  @Column('timestamptz', { nullable: true }) last_finished_at: Date | null;
  @Column('text', { nullable: true }) last_outcome: string | null;
  @Column('text', { nullable: true }) last_outcome_words: string | null;
  @Column('text', { nullable: true }) last_summary: string | null;
  @Column('integer', { nullable: true }) last_faults: number | null;
}

/** A listing a feed gave: how many full syncs in a row it was missing from, and its withdrawal. */
@Entity('feed_listing')
@Index('feed_listing_service_idx', ['service_id'])
export class FeedListing {
  @PrimaryColumn('bigint') feed_id: string;
  @ManyToOne(() => Feed, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'feed_id' })
  feed: Feed;
  @PrimaryColumn('text') service_id: string;
  @Column('integer', { default: 0 }) missed_syncs: number;
  @Column('timestamptz', { nullable: true }) missing_since: Date | null;
  @Column('timestamptz', { nullable: true }) withdrawn_at: Date | null;
  @Column('text', { nullable: true }) withdrawn_reason: string | null;
  /** The status the listing had when withdrawn, given back when the feed lists it again. */
  @Column('text', { nullable: true }) status_before: string | null;
}

export const feedEntities = [Feed, FeedListing];
