import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { RubricCriterionEntity } from '../assignments/rubric-criterion.entity';
import { PeerReviewEntity } from './peer-review.entity';

/** A review's score on one rubric criterion (checked against the criterion's scale in code). */
@Entity('peer_review_scores')
// Deleting a rubric criterion cascades to its scores; this finds them.
@Index('idx_peer_review_scores_report', ['criterionId', 'score'])
export class PeerReviewScoreEntity {
  @PrimaryColumn({ name: 'peer_review_id', type: 'uuid' })
  peerReviewId: string;

  @ManyToOne(() => PeerReviewEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'peer_review_id' })
  peerReview?: Relation<PeerReviewEntity>;

  @PrimaryColumn({ name: 'criterion_id', type: 'uuid' })
  criterionId: string;

  @ManyToOne(() => RubricCriterionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'criterion_id' })
  criterion?: Relation<RubricCriterionEntity>;

  @Column({ type: 'integer' })
  score: number;
}
