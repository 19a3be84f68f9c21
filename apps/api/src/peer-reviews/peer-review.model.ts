import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { AnonymityMode, AssignmentEntity } from '../assignments/assignment.entity';
import { Assignment, RubricCriterion } from '../assignments/assignment.model';
import { BusinessDomain } from '../business-domains/business-domain.model';
import { Municipality } from '../municipalities/municipality.model';
import { PeerReviewEntity, PeerReviewStatus } from './peer-review.entity';

/** The states a reviewer sees; REMOVED pairs are not theirs any more and never listed. */
export enum ReviewTaskStatus {
  ASSIGNED = 'ASSIGNED',
  SUBMITTED = 'SUBMITTED',
}

registerEnumType(ReviewTaskStatus, { name: 'ReviewTaskStatus', description: 'ASSIGNED: still to write. SUBMITTED: written (editable until the review due date).' });

/** Whether a review may still be written or changed: before the review due date of a live assignment. */
export function isReviewEditable(review: Pick<PeerReviewEntity, 'status'>, assignment: AssignmentEntity, now = new Date()): boolean {
  return review.status !== PeerReviewStatus.REMOVED && assignment.archivedAt === null && now < assignment.reviewDueAt;
}

/** Authors see the reviews of their work once the review phase ends, or at once when the assignment says so. */
export function areReviewsReleased(assignment: AssignmentEntity, now = new Date()): boolean {
  return assignment.releaseReviewsImmediately || now >= assignment.reviewDueAt;
}

@ObjectType({ description: 'A score given on one rubric criterion.' })
export class ReviewScore {
  @Field(() => RubricCriterion)
  criterion: RubricCriterion;

  @Field(() => Int)
  score: number;
}

@ObjectType({ description: 'The exact version of the work a reviewer was paired with.' })
export class ReviewedSubmission {
  @Field(() => Int)
  version: number;

  @Field({ description: 'Markdown.' })
  body: string;

  @Field()
  submittedAt: Date;

  @Field()
  isLate: boolean;
}

/** Fields shared by every view of a review; the person ids stay server-side (no @Field). */
abstract class ReviewBase {
  peerReviewId: string;
  assignmentId: string;
  authorId: string;
  reviewerId: string;
  submissionId: string;
  anonymity: AnonymityMode;
  showHiddenAffiliation: boolean;
}

@ObjectType({ description: 'A piece of work the caller has to review.' })
export class ReviewTask extends ReviewBase {
  @Field(() => ID, { description: 'The review’s own id (not a person’s).' })
  id: string;

  @Field(() => Assignment)
  assignment: Assignment;

  @Field()
  reviewDueAt: Date;

  @Field(() => ReviewTaskStatus)
  status: ReviewTaskStatus;

  @Field(() => String, { nullable: true, description: 'Markdown.' })
  comment: string | null;

  @Field(() => Date, { nullable: true, description: 'When the review was first submitted.' })
  submittedAt: Date | null;

  @Field({ description: 'Whether the review can still be submitted or changed (until reviewDueAt).' })
  editable: boolean;

  /** `model`: the assignment as a GraphQL object, when a list already has it (one per assignment, not per task). */
  static from(entity: PeerReviewEntity, assignment: AssignmentEntity, now = new Date(), model = Assignment.from(assignment)): ReviewTask {
    return Object.assign(new ReviewTask(), internals(entity, assignment), {
      id: entity.id,
      assignment: model,
      reviewDueAt: assignment.reviewDueAt,
      status: taskStatus(entity),
      comment: entity.comment,
      submittedAt: entity.submittedAt,
      editable: isReviewEditable(entity, assignment, now),
    });
  }
}

@ObjectType({ description: 'A review of the caller’s own work.' })
export class ReceivedReview extends ReviewBase {
  @Field(() => ID, { description: 'The review’s own id (a random id that maps to no person).' })
  id: string;

  @Field(() => String, { description: 'Markdown.' })
  comment: string;

  @Field()
  submittedAt: Date;

  @Field(() => Int, { nullable: true, description: 'The caller’s rating of how helpful the review was, 1 to 5.' })
  helpfulness: number | null;

  @Field(() => String, { nullable: true })
  helpfulnessComment: string | null;

  static from(entity: PeerReviewEntity, assignment: AssignmentEntity): ReceivedReview {
    return Object.assign(new ReceivedReview(), internals(entity, assignment), {
      id: entity.id,
      comment: entity.comment ?? '',
      submittedAt: entity.submittedAt!,
      helpfulness: entity.helpfulness,
      helpfulnessComment: entity.helpfulnessComment,
    });
  }
}

@ObjectType({ description: 'The reviews of the caller’s work on one assignment, once they are released.' })
export class ReceivedReviews {
  @Field({ description: 'Whether the reviews are visible now; until then `reviews` is empty.' })
  released: boolean;

  @Field(() => Date, {
    nullable: true,
    description: 'When the reviews become visible: the review due date, or null when each review is shown as soon as it is written.',
  })
  releasedAt: Date | null;

  @Field(() => [ReceivedReview], { description: 'Submitted reviews, in an order that says nothing about who wrote them.' })
  reviews: ReceivedReview[];
}

@ObjectType({ description: 'One side of a review pair, as coaches and admins see it.' })
export class ReviewParticipant {
  @Field(() => ID)
  userId: string;

  @Field()
  name: string;

  @Field(() => Municipality, { nullable: true })
  municipality: Municipality | null;

  @Field(() => BusinessDomain, { nullable: true })
  businessDomain: BusinessDomain | null;
}

@ObjectType({ description: 'A review pair of an assignment with everything about it: for coaches and admins.' })
export class AssignmentReview extends ReviewBase {
  @Field(() => ID)
  id: string;

  @Field(() => ReviewTaskStatus)
  status: ReviewTaskStatus;

  @Field(() => String, { nullable: true, description: 'Markdown.' })
  comment: string | null;

  @Field(() => Date, { nullable: true })
  submittedAt: Date | null;

  @Field(() => Int, { nullable: true, description: 'The author’s rating of the review, 1 to 5.' })
  helpfulness: number | null;

  @Field(() => String, { nullable: true })
  helpfulnessComment: string | null;

  @Field(() => Date, { nullable: true })
  ratedAt: Date | null;

  static from(entity: PeerReviewEntity, assignment: AssignmentEntity): AssignmentReview {
    return Object.assign(new AssignmentReview(), internals(entity, assignment), {
      id: entity.id,
      status: taskStatus(entity),
      comment: entity.comment,
      submittedAt: entity.submittedAt,
      helpfulness: entity.helpfulness,
      helpfulnessComment: entity.helpfulnessComment,
      ratedAt: entity.ratedAt,
    });
  }
}

// Passed to Object.assign as a source of its own: spreading it into an object literal with more
// properties after it took ~10 µs per object in V8 (20 times the copy), which a list of 60 tasks pays.
function internals(entity: PeerReviewEntity, assignment: AssignmentEntity): ReviewBase {
  return {
    peerReviewId: entity.id,
    assignmentId: entity.assignmentId,
    authorId: entity.authorId,
    reviewerId: entity.reviewerId,
    submissionId: entity.submissionId,
    anonymity: assignment.anonymity,
    showHiddenAffiliation: assignment.showHiddenAffiliation,
  };
}

const taskStatus = (entity: PeerReviewEntity): ReviewTaskStatus =>
  entity.status === PeerReviewStatus.SUBMITTED ? ReviewTaskStatus.SUBMITTED : ReviewTaskStatus.ASSIGNED;
