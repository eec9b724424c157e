// Lists of activities link workers keep under a name of their own: activity ids, never notes or patients.
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

/** A named list; it goes with its owner's account. */
@Entity('saved_list')
@Check('saved_list_name_length_check', `char_length(name) BETWEEN 1 AND 60`)
// One name per owner whatever the capitals: an expression index, made by the migration.
@Index('saved_list_owner_name_idx', { synchronize: false })
export class SavedList {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column('bigint') owner_id: string;
  @ManyToOne(() => UserAccount, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'owner_id' })
  owner: UserAccount;
  @Column('text') name: string;
  @CreateDateColumn({ type: 'timestamptz' }) created_at: Date;
  @Column('timestamptz', { default: () => 'now()' }) updated_at: Date;
}

/**
 * An activity on a saved list, with the listing's content hash and status when it was added. No reference to service: an
 * activity taken off the directory stays on the list, shown as no longer listed.
 */
@Entity('saved_list_item')
export class SavedListItem {
  @PrimaryColumn('bigint') saved_list_id: string;
  @ManyToOne(() => SavedList, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'saved_list_id' })
  list: SavedList;
  @PrimaryColumn('text') service_id: string;
  @Column('integer') position: number;
  @Column('timestamptz', { default: () => 'now()' }) added_at: Date;
  @Column('text') listing_hash: string;
  /** The listing's status then: an organiser pausing it changes the status, not the content hash. */
  @Column('text') listing_status: string;
}
