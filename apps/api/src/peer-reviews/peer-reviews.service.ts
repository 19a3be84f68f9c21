import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { activePairsOfReviewer } from './active-pairs';
import { AnonymityMode, AssignmentEntity } from '../assignments/assignment.entity';
import { AssignmentsService } from '../assignments/assignments.service';
import { RubricCriterionEntity } from '../assignments/rubric-criterion.entity';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { DomainError, FieldProblem } from '../common/domain-error';
import { TransactionService } from '../common/transaction.service';
import { NotificationKind } from '../notifications/notification.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { UserEntity } from '../users/user.entity';
import { PeerReviewScoreEntity } from './peer-review-score.entity';
import { PeerReviewEntity, PeerReviewStatus } from './peer-review.entity';
import { RateReviewArgs, SubmitReviewInput } from './peer-review.inputs';
import { ReviewTasksQuery } from './review-tasks.query';
import { areReviewsReleased, AssignmentReview, isReviewEditable, ReceivedReview, ReceivedReviews, ReviewTask, ReviewTaskStatus } from './peer-review.model';

const deadline = (date: Date): string => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/**
 * Writing, reading and rating peer reviews. Every "not yours" answer is the same NOT_FOUND as
 * "does not exist", so probing ids tells a caller nothing about other people's pairs.
 */
@Injectable()
export class PeerReviewsService {
  constructor(
    private readonly assignments: AssignmentsService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly transactions: TransactionService,
    private readonly taskQuery: ReviewTasksQuery,
  ) {}

  /** The caller's review tasks by review due date. */
  tasks(actor: Actor, status?: ReviewTaskStatus): Promise<ReviewTask[]> {
    return this.taskQuery.tasks(this.transactions.manager, actor.id, status);
  }

  submit(actor: Actor, input: SubmitReviewInput): Promise<ReviewTask> {
    return this.transactions.run(async (manager) => {
      const review = await activePairsOfReviewer(manager, actor.id).andWhere('pair.id = :id', { id: input.peerReviewId }).getOne();
      if (!review) {
        throw notFound('Review task', input.peerReviewId, 'input.peerReviewId');
      }
      const assignment = await manager.findOneOrFail(AssignmentEntity, { where: { id: review.assignmentId } });
      const now = new Date();
      if (assignment.archivedAt) throw DomainError.badInput('input.peerReviewId', 'the assignment is archived');
      if (!isReviewEditable(review, assignment, now)) {
        throw DomainError.badInput('input.peerReviewId', `the review due date (${deadline(assignment.reviewDueAt)}) has passed`);
      }
      const criteria = await manager.find(RubricCriterionEntity, { where: { assignmentId: assignment.id }, order: { position: 'ASC' } });
      assertScores(input, criteria);
      const comment = input.comment.trim();
      if (!comment) throw DomainError.badInput('input.comment', 'must not be blank');

      const first = review.submittedAt === null;
      await manager.update(PeerReviewEntity, { id: review.id }, { status: PeerReviewStatus.SUBMITTED, comment, submittedAt: review.submittedAt ?? now });
      await manager.delete(PeerReviewScoreEntity, { peerReviewId: review.id });
      await manager.insert(
        PeerReviewScoreEntity,
        input.scores.map((score) => ({ peerReviewId: review.id, criterionId: score.criterionId, score: score.score })),
      );
      if (first) await this.notifyAuthor(manager, review, assignment, now);
      await this.audit.record(actor.id, first ? 'peer-review.submitted' : 'peer-review.edited', 'PeerReview', review.id, {
        assignmentId: assignment.id,
      });
      const updated = await manager.findOneOrFail(PeerReviewEntity, { where: { id: review.id } });
      return ReviewTask.from(updated, assignment, now);
    });
  }

  /** The submitted reviews of the caller's work on an assignment, once released. */
  async received(actor: Actor, assignmentId: string): Promise<ReceivedReviews> {
    const { assignment } = await this.assignments.require(actor, assignmentId, 'read', 'assignmentId');
    const releasedAt = assignment.releaseReviewsImmediately ? null : assignment.reviewDueAt;
    if (!areReviewsReleased(assignment)) return { released: false, releasedAt, reviews: [] };
    // Ordered by the review's random id: not by reviewer, name or time, which could identify them.
    const rows = await this.transactions.manager.find(PeerReviewEntity, {
      where: { assignmentId, authorId: actor.id, status: PeerReviewStatus.SUBMITTED },
      order: { id: 'ASC' },
    });
    return { released: true, releasedAt, reviews: rows.map((row) => ReceivedReview.from(row, assignment)) };
  }

  /** The author rates a review they can see; they may change the rating later. */
  rate(actor: Actor, args: RateReviewArgs): Promise<ReceivedReview> {
    return this.transactions.run(async (manager) => {
      const review = await manager.findOne(PeerReviewEntity, { where: { id: args.peerReviewId } });
      const assignment = review && (await manager.findOneOrFail(AssignmentEntity, { where: { id: review.assignmentId } }));
      // A review the author cannot see yet does not exist for them.
      if (!review || !assignment || review.authorId !== actor.id || review.status !== PeerReviewStatus.SUBMITTED || !areReviewsReleased(assignment)) {
        throw notFound('Review', args.peerReviewId, 'peerReviewId');
      }
      const comment = args.comment?.trim() || null;
      await manager.update(PeerReviewEntity, { id: review.id }, { helpfulness: args.helpfulness, helpfulnessComment: comment, ratedAt: new Date() });
      await this.audit.record(actor.id, 'peer-review.rated', 'PeerReview', review.id, { helpfulness: args.helpfulness });
      return ReceivedReview.from(await manager.findOneOrFail(PeerReviewEntity, { where: { id: review.id } }), assignment);
    });
  }

  /** Every live pair of an assignment, for its coaches and admins, by author and reviewer name. */
  async forAssignment(actor: Actor, assignmentId: string): Promise<AssignmentReview[]> {
    const { assignment } = await this.assignments.require(actor, assignmentId, 'manage', 'assignmentId');
    const rows = await this.transactions.manager
      .createQueryBuilder(PeerReviewEntity, 'review')
      .innerJoin(UserEntity, 'author', 'author.id = review.author_id')
      .innerJoin(UserEntity, 'reviewer', 'reviewer.id = review.reviewer_id')
      .where('review.assignment_id = :assignmentId AND review.status <> :removed', { assignmentId, removed: PeerReviewStatus.REMOVED })
      .orderBy('author.name', 'ASC')
      .addOrderBy('reviewer.name', 'ASC')
      .addOrderBy('review.id', 'ASC')
      .getMany();
    return rows.map((row) => AssignmentReview.from(row, assignment));
  }

  private async notifyAuthor(manager: EntityManager, review: PeerReviewEntity, assignment: AssignmentEntity, now: Date): Promise<void> {
    // Only OPEN assignments name the reviewer; under blind modes the message must not.
    const reviewer =
      assignment.anonymity === AnonymityMode.OPEN ? await manager.findOne(UserEntity, { where: { id: review.reviewerId }, select: { id: true, name: true } }) : null;
    const who = reviewer ? `${reviewer.name} reviewed your work` : 'Your work received a review';
    const when = areReviewsReleased(assignment, now) ? '' : ` You can read it from ${deadline(assignment.reviewDueAt)}.`;
    await this.notifications.notify([
      {
        userId: review.authorId,
        kind: NotificationKind.REVIEW_RECEIVED,
        key: `review-received:${review.id}`,
        message: `${who} on “${assignment.title}”.${when}`,
        assignmentId: assignment.id,
      },
    ]);
  }
}

function notFound(what: string, id: string, field: string): DomainError {
  return new DomainError('NOT_FOUND', `${what} ${id} does not exist`, [{ field, message: 'does not exist' }]);
}

/** One integer score per rubric criterion, each within its scale; every problem is reported. */
function assertScores(input: SubmitReviewInput, criteria: RubricCriterionEntity[]): void {
  const byId = new Map(criteria.map((criterion) => [criterion.id, criterion]));
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  input.scores.forEach((score, index) => {
    const criterion = byId.get(score.criterionId);
    if (!criterion) {
      problems.push({ field: `input.scores.${index}.criterionId`, message: 'is not a criterion of this assignment’s rubric' });
      return;
    }
    if (seen.has(criterion.id)) {
      problems.push({ field: `input.scores.${index}.criterionId`, message: `scores “${criterion.title}” a second time` });
      return;
    }
    seen.add(criterion.id);
    if (score.score < criterion.minScore || score.score > criterion.maxScore) {
      problems.push({
        field: `input.scores.${index}.score`,
        message: `must be from ${criterion.minScore} to ${criterion.maxScore} for “${criterion.title}”`,
      });
    }
  });
  const missing = criteria.filter((criterion) => !seen.has(criterion.id));
  if (missing.length) {
    problems.push({ field: 'input.scores', message: `needs a score for ${missing.map((criterion) => `“${criterion.title}”`).join(', ')}` });
  }
  if (problems.length) {
    throw new DomainError('BAD_USER_INPUT', problems.map((problem) => `${problem.field}: ${problem.message}`).join('; '), problems);
  }
}
