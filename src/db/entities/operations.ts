// The directory's own records: mail sent (or kept, without SMTP) and facts it keeps about itself.
import 'reflect-metadata';
import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** Every mail the directory sends; the development mailbox when SMTP is not set. */
@Entity('mail_outbox')
export class MailOutbox {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: number;
  @Column('text') to_address: string;
  @Column('text') subject: string;
  @Column('text') body: string;
  @Column('timestamptz', { nullable: true }) sent_at: Date | null;
  @Column('text', { nullable: true }) error: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) created_at: Date;
}

/** Small facts the directory keeps about itself (the day sessions were last rolled, its public address). */
@Entity('directory_metadata')
export class DirectoryMetadata {
  @PrimaryColumn('text') key: string;
  @Column('jsonb') value: unknown;
  @Column('timestamptz', { default: () => 'now()' }) updated_at: Date;
}
