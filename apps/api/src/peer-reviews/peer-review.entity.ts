import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { Relation } from 'typeorm';
import { AssignmentEntity } from '../assignments/assignment.entity';
import { CreatedAtColumn, TimestampColumn, UpdatedAtColumn } from '../database/columns';
import { SubmissionEntity } from '../submissions/submission.entity';
import { UserEntity } from '../users/user.entity';

export enum PeerReviewStatus {
  /** Paired; the reviewer has not submitted yet. */
  ASSIGNED = 'ASSIGNED',
  SUBMITTED = 'SUBMITTED',
  /** Taken off the pairing by a coach or a repair; kept for the record. */
  REMOVED = 'REMOVED',
}

export enum PairOrigin {
  MATCHED = 'MATCHED',
  PINNED = 'PINNED',
  SWAPPED = 'SWAPPED',
  REPAIRED = 'REPAIRED',
}

/**
 * A published pair (reviewer -> author) and the review written for it. One row per pair and
 * assignment: the unique constraint is what makes "no pair twice" hold in the database.
 */
@Entity('peer_reviews')
@Unique('uq_peer_reviews_pair', ['assignmentId', 'reviewerId', 'authorId'])
@Index('idx_peer_reviews_reviewer', ['reviewerId'])
@Index('idx_peer_reviews_author', ['assignmentId', 'authorId'])
// A person's reviewed work across assignments (their data export, erasure).
@Index('idx_peer_reviews_by_author', ['authorId'])
@Check('chk_peer_reviews_not_self', `"reviewer_id" <> "author_id"`)
@Check('chk_peer_reviews_status', `"status" = 'ASSIGNED' OR "status" = 'SUBMITTED' OR "status" = 'REMOVED'`)
@Check('chk_peer_reviews_helpfulness', `"helpfulness" IS NULL OR "helpfulness" >= 1 AND "helpfulness" <= 5`)
export class PeerReviewEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'assignment_id', type: 'uuid' })
  assignmentId: string;

  @ManyToOne(() => AssignmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assignment_id' })
  assignment?: Relation<AssignmentEntity>;

  @Column({ name: 'reviewer_id', type: 'uuid' })
  reviewerId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'reviewer_id' })
  reviewer?: Relation<UserEntity>;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'author_id' })
  author?: Relation<UserEntity>;

  /*
   * Both sides' affiliation AT THE TIME the pair was made (or got this reviewer), copied from
   * users by whoever writes the pair: the cohort report's network counts a review under the
   * municipality and domain people had then, and reads them without joining users twice.
   * Nullable for rows written before the PairAffiliations migration (it backfills them).
   */
  @Column({ name: 'reviewer_municipality_code', type: 'varchar', length: 6, nullable: true })
  reviewerMunicipalityCode: string | null;

  @Column({ name: 'reviewer_domain_code', type: 'varchar', length: 8, nullable: true })
  reviewerDomainCode: string | null;

  @Column({ name: 'author_municipality_code', type: 'varchar', length: 6, nullable: true })
  authorMunicipalityCode: string | null;

  @Column({ name: 'author_domain_code', type: 'varchar', length: 8, nullable: true })
  authorDomainCode: string | null;

  /** The version the reviewer sees: fixed when the pair is published. */
  @Column({ name: 'submission_id', type: 'uuid' })
  submissionId: string;

  @ManyToOne(() => SubmissionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'submission_id' })
  submission?: Relation<SubmissionEntity>;

  @Column({ type: 'varchar', length: 10, default: PeerReviewStatus.ASSIGNED })
  status: PeerReviewStatus;

  @Column({ type: 'varchar', length: 10, default: PairOrigin.MATCHED })
  origin: PairOrigin;

  /** Who created or last changed the pair (a coach), null when the engine did. */
  @Column({ name: 'changed_by', type: 'uuid', nullable: true })
  changedBy: string | null;

  /** Markdown. */
  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @TimestampColumn({ name: 'submitted_at', nullable: true })
  submittedAt: Date | null;

  /** The author's rating of how helpful the review was, 1 to 5. */
  @Column({ type: 'integer', nullable: true })
  helpfulness: number | null;

  @Column({ name: 'helpfulness_comment', type: 'text', nullable: true })
  helpfulnessComment: string | null;

  @TimestampColumn({ name: 'rated_at', nullable: true })
  ratedAt: Date | null;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
