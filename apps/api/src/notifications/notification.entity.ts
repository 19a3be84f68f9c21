import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { Relation } from 'typeorm';
import { CreatedAtColumn, TimestampColumn } from '../database/columns';
import { UserEntity } from '../users/user.entity';

export enum NotificationKind {
  PAIRINGS_PUBLISHED = 'PAIRINGS_PUBLISHED',
  REVIEW_RECEIVED = 'REVIEW_RECEIVED',
  SUBMISSION_DUE_SOON = 'SUBMISSION_DUE_SOON',
  REVIEW_DUE_SOON = 'REVIEW_DUE_SOON',
}

/**
 * A stored notification. Deadline reminders are computed when asked for; marking one read
 * stores a row under the same `key`, which is unique per user.
 */
@Entity('notifications')
@Unique('uq_notifications_user_key', ['userId', 'key'])
@Index('idx_notifications_user_created', ['userId', 'createdAt'])
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<UserEntity>;

  @Column({ type: 'varchar', length: 24 })
  kind: NotificationKind;

  /** Identifies what the notification is about, e.g. `review-due:<assignmentId>`. */
  @Column({ type: 'varchar', length: 120 })
  key: string;

  @Column({ type: 'varchar', length: 300 })
  message: string;

  @Column({ name: 'assignment_id', type: 'uuid', nullable: true })
  assignmentId: string | null;

  @TimestampColumn({ name: 'read_at', nullable: true })
  readAt: Date | null;

  @CreatedAtColumn()
  createdAt: Date;
}
