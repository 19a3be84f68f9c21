import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { Relation } from 'typeorm';
import { AssignmentEntity } from '../assignments/assignment.entity';
import { CreatedAtColumn, TimestampColumn } from '../database/columns';
import { UserEntity } from '../users/user.entity';

/**
 * One version of a participant's work on an assignment. Resubmitting adds a version; history
 * stays. Reviewers are pinned to the version that was current when pairings were published.
 */
@Entity('submissions')
@Unique('uq_submissions_version', ['assignmentId', 'authorId', 'version'])
@Index('idx_submissions_author', ['authorId'])
// Cohort reports: who handed in what, per participant, without reading the rows.
@Index('idx_submissions_report', ['authorId', 'assignmentId', 'isLate'])
export class SubmissionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'assignment_id', type: 'uuid' })
  assignmentId: string;

  @ManyToOne(() => AssignmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assignment_id' })
  assignment?: Relation<AssignmentEntity>;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'author_id' })
  author?: Relation<UserEntity>;

  /** 1, 2, ...: the highest is the current one. */
  @Column({ type: 'integer' })
  version: number;

  /** Markdown. */
  @Column({ type: 'text' })
  body: string;

  @TimestampColumn({ name: 'submitted_at' })
  submittedAt: Date;

  /** Submitted after the assignment's due date (accepted only when the assignment allows it). */
  @Column({ name: 'is_late', type: 'boolean', default: false })
  isLate: boolean;

  @CreatedAtColumn()
  createdAt: Date;
}
