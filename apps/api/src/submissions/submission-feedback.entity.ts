import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { CreatedAtColumn } from '../database/columns';
import { UserEntity } from '../users/user.entity';
import { SubmissionEntity } from './submission.entity';

/** A coach's own feedback on a submission, visible to its author. */
@Entity('submission_feedback')
export class SubmissionFeedbackEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('idx_submission_feedback_submission')
  @Column({ name: 'submission_id', type: 'uuid' })
  submissionId: string;

  @ManyToOne(() => SubmissionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'submission_id' })
  submission?: Relation<SubmissionEntity>;

  @Column({ name: 'coach_id', type: 'uuid' })
  coachId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'coach_id' })
  coach?: Relation<UserEntity>;

  /** Markdown. */
  @Column({ type: 'text' })
  body: string;

  @CreatedAtColumn()
  createdAt: Date;
}
