import { Check, Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { CourseModuleEntity } from '../course-modules/course-module.entity';
import { CreatedAtColumn, TimestampColumn, UpdatedAtColumn } from '../database/columns';
import { RubricCriterionEntity } from './rubric-criterion.entity';

export enum AnonymityMode {
  /** Names visible both ways. */
  OPEN = 'OPEN',
  /** The author does not learn who reviewed. */
  SINGLE_BLIND = 'SINGLE_BLIND',
  /** Neither side learns the other's name. */
  DOUBLE_BLIND = 'DOUBLE_BLIND',
}

@Entity('assignments')
@Check('chk_assignments_reviews_per_submission', `"reviews_per_submission" >= 1 AND "reviews_per_submission" <= 10`)
@Check('chk_assignments_review_after_due', `"review_due_at" > "due_at"`)
@Check('chk_assignments_anonymity', `"anonymity" = 'OPEN' OR "anonymity" = 'SINGLE_BLIND' OR "anonymity" = 'DOUBLE_BLIND'`)
export class AssignmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('idx_assignments_module')
  @Column({ name: 'module_id', type: 'uuid' })
  moduleId: string;

  @ManyToOne(() => CourseModuleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'module_id' })
  module?: Relation<CourseModuleEntity>;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  /** Markdown. */
  @Column({ type: 'text', default: '' })
  instructions: string;

  @TimestampColumn({ name: 'due_at' })
  dueAt: Date;

  @TimestampColumn({ name: 'review_due_at' })
  reviewDueAt: Date;

  @Column({ name: 'reviews_per_submission', type: 'integer', default: 2 })
  reviewsPerSubmission: number;

  @Column({ type: 'varchar', length: 12, default: AnonymityMode.DOUBLE_BLIND })
  anonymity: AnonymityMode;

  /** Under a blind mode, still show the hidden person's municipality and business domain. */
  @Column({ name: 'show_hidden_affiliation', type: 'boolean', default: true })
  showHiddenAffiliation: boolean;

  @Column({ name: 'allow_late_submissions', type: 'boolean', default: true })
  allowLateSubmissions: boolean;

  /** Authors see their reviews as soon as they are written, instead of after reviewDueAt. */
  @Column({ name: 'release_reviews_immediately', type: 'boolean', default: false })
  releaseReviewsImmediately: boolean;

  @TimestampColumn({ name: 'archived_at', nullable: true })
  archivedAt: Date | null;

  @OneToMany(() => RubricCriterionEntity, (criterion) => criterion.assignment, { cascade: ['insert'] })
  criteria?: RubricCriterionEntity[];

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
