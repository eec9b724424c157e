// Feedback from the contact page, kept until a steward has handled it and then for the retention period.
import 'reflect-metadata';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { UserAccount } from './account.js';

@Entity('feedback')
@Check('feedback_status_check', `status IN ('open', 'handled')`)
export class Feedback {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: number;
  @Column('text') topic: string;
  @Column('text') message: string;
  @Column('text', { nullable: true }) reply_email: string | null;
  @Column('text', { default: 'open' }) status: 'open' | 'handled';
  @Column('bigint', { nullable: true }) handled_by: number | null;
  @ManyToOne(() => UserAccount, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'handled_by' })
  handler: UserAccount | null;
  @Column('timestamptz', { nullable: true }) handled_at: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) created_at: Date;
}
