// What searches read besides the listing: expanded sessions, the search rows kept by trigger, typo words,
// searches that found nothing, and the outbox to an external search index.
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
import { Schedule, Service } from './service.js';

/** A concrete session expanded from a schedule over a rolling horizon, so time filters are plain SQL. */
@Entity('session_occurrence')
@Index('session_occurrence_service_idx', ['service_id', 'starts_at'])
// "Tuesday afternoons" from the index alone: (iso_dow, start_minute) INCLUDE (service_id, end_minute, local_date,
// starts_at).
@Index('session_occurrence_weekday_idx', { synchronize: false })
export class SessionOccurrence {
  @PrimaryColumn('text') schedule_id: string;
  @ManyToOne(() => Schedule, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'schedule_id' })
  schedule: Schedule;
  @Column('text') service_id: string;
  @ManyToOne(() => Service, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_id' })
  service: Service;
  @PrimaryColumn('timestamptz') starts_at: Date;
  @Column('timestamptz', { nullable: true }) ends_at: Date | null;
  @Column('date') local_date: string;
  @Column('smallint') iso_dow: number;
  @Column('smallint') start_minute: number;
  @Column('smallint', { nullable: true }) end_minute: number | null;
}

/**
 * A row per listed service and venue point (one without a point when it has none), rebuilt by the trigger
 * service_rebuilds_search_entries from the service's derived fields; never written any other way. The table
 * has no primary key (its rows are replaced per service), which TypeORM requires of an entity: service_id
 * stands in for one, so the schema builder is told to leave the table alone and the schema test compares it.
 */
@Entity({ name: 'search_entry', synchronize: false })
@Index('search_entry_service_idx', ['service_id'])
@Index('search_entry_earth_idx', ['earth'], { spatial: true })
// GIN with a 32 MB pending list (WITH gin_pending_list_limit), which TypeORM cannot declare.
@Index('search_entry_vector_idx', { synchronize: false })
@Index('search_entry_terms_idx', ['term_ids'], { type: 'gin' })
@Index('search_entry_online_idx', ['service_id'], { where: 'is_online AND primary_row' })
// Lists by name: the first rows in order, and the count, from the index alone.
@Index('search_entry_listed_name_idx', ['name', 'service_id'], { where: 'primary_row' })
// The rows a search near a place leaves out for having no place, counted from the index alone.
@Index('search_entry_placeless_idx', ['service_id'], {
  where: 'primary_row AND earth IS NULL AND NOT is_online',
})
// GIN WITH (fastupdate = off) over the online rows' text.
@Index('search_entry_online_vector_idx', { synchronize: false })
// The best matches by quality in index order (see the search-window migration); DESC, which TypeORM cannot declare.
@Index('search_entry_quality_idx', { synchronize: false })
@Index('search_entry_name_vector_idx', { synchronize: false })
export class SearchEntry {
  @PrimaryColumn('text') service_id: string;
  @ManyToOne(() => Service, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_id' })
  service: Service;
  @Column('text', { nullable: true }) location_id: string | null;
  /** ll_to_earth(latitude, longitude) of the venue (earthdistance). */
  @Column({ type: 'cube', nullable: true, select: false, insert: false, update: false })
  earth: number[] | null;
  @Column('boolean') primary_row: boolean;
  @Column('text') name: string;
  @Column('text') status: string;
  @Column({ type: 'tsvector', select: false, insert: false, update: false }) search_vector: string;
  @Column('text', { array: true }) term_ids: string[];
  @Column('boolean') is_free: boolean;
  @Column('boolean') is_online: boolean;
  @Column('integer') slot_mask: number;
  @Column('timestamptz', { nullable: true }) next_session_at: Date | null;
  @Column('date', { nullable: true }) assured_date: string | null;
  @Column('text', { array: true }) audiences: string[];
  /** The words of the name alone, for the name matches of a search too broad to score every match. */
  @Column({ type: 'tsvector', select: false, insert: false, update: false, default: () => "''::tsvector" })
  name_vector: string;
  /** search_quality() of the row when it was last built or refreshed: the part of its score the words do not change. */
  @Column('double precision', { default: 0 }) quality: number;
}

/** The words of listed names and terms, which mistyped search words are corrected against. */
@Entity('search_word')
// GiST (word gist_trgm_ops): an operator class TypeORM cannot declare.
@Index('search_word_trgm_idx', { synchronize: false })
export class SearchWord {
  @PrimaryColumn('text') word: string;
}

/** How many listings a search word is found in (quoted as search_lexemes() quotes it), to weigh rare words up. */
@Entity('search_lexeme')
export class SearchLexeme {
  @PrimaryColumn('text') lexeme: string;
  @Column('integer') entries: number;
}

/** A search that found nothing, without personal data, for the commissioners' gap report. */
@Entity('search_gap')
@Index('search_gap_searched_at_idx', ['searched_at'])
export class SearchGap {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: number;
  @Column('timestamptz', { default: () => 'now()' }) searched_at: Date;
  @Column('text', { array: true, default: [] }) needs: string[];
  @Column('text', { nullable: true }) outcode: string | null;
  @Column('text', { array: true, default: [] }) days: string[];
  @Column('text', { array: true, default: [] }) times: string[];
  @Column('date', { nullable: true }) date_from: string | null;
  @Column('date', { nullable: true }) date_to: string | null;
  @Column('boolean', { default: false }) free_only: boolean;
}

/** A listing change waiting to reach Meilisearch; deleted once the index has accepted it. */
@Entity('search_outbox')
@Check('search_outbox_operation_check', `operation IN ('upsert', 'delete')`)
export class SearchOutbox {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: number;
  // No foreign key: a deletion must still reach the index after the service has gone.
  @Column('text') service_id: string;
  @Column('text') operation: 'upsert' | 'delete';
  @CreateDateColumn({ type: 'timestamptz' }) created_at: Date;
  @Column('integer', { default: 0 }) attempts: number;
  @Column('text', { nullable: true }) last_error: string | null;
}

/**
 * One row: a number that moves whenever a change to what searches read commits, in that same transaction, so a
 * cached search result is reused only while it still holds. Moved by trigger (listings_change), never written here.
 */
@Entity('listings_version')
@Check('listings_version_one_row', `id`)
export class ListingsVersion {
  @PrimaryColumn('boolean', { default: true }) id: boolean;
  @Column('bigint') version: number;
}

/** A transaction that changed what searches read, until its commit moves listings_version (by trigger). */
@Entity('listings_change')
export class ListingsChange {
  @PrimaryColumn('bigint') transaction_id: number;
}
