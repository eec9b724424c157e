// Where each listing came from: one row per listing and source (a feed, a file, or the group's own edits).
import 'reflect-metadata';
import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Service } from './service.js';

/**
 * A listing as one source gave it. `fetched_at` is when the content this row's hash describes arrived: an import
 * that finds the record unchanged keeps it and moves only `last_seen_at`.
 */
@Entity('listing_source')
@Check('listing_source_kind_check', `kind IN ('feed', 'file', 'editor')`)
export class ListingSource {
  @PrimaryColumn('text') service_id: string;
  @ManyToOne(() => Service, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_id' })
  service: Service;
  /** feed (a live API), file (a file or folder imported), editor (the group's own edits). */
  @PrimaryColumn('text') kind: string;
  /** The feed's address or the file's name; empty for the editor. */
  @PrimaryColumn('text') address: string;
  /** The source's name as people know it: "Bristol Community Directory", "the group itself". */
  @Column('text') name: string;
  /** The listing's id in that source. */
  @Column('text') source_id: string;
  @Column('timestamptz') fetched_at: Date;
  @Column('timestamptz') last_seen_at: Date;
  /** SHA-256 (hex) of the record as received, before the directory added anything to it. */
  @Column('text') content_hash: string;
  /** The publisher's own last-reviewed date, when the record has one (assured_date, else last_modified). */
  @Column('date', { nullable: true }) reviewed_on: string | null;
}
