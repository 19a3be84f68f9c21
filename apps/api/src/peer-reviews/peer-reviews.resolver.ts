import { Args, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { RubricCriterion } from '../assignments/assignment.model';
import { Authenticated, CurrentActor } from '../auth/access.decorators';
import type { Actor } from '../auth/actor';
import { DomainError } from '../common/domain-error';
import { actorOf } from '../graphql/graphql-context';
import type { GraphQLContext } from '../graphql/graphql-context';
import type { RequestLoaders } from '../graphql/request-loaders';
import { buildCounterpart, buildParticipant } from './counterpart.builder';
import { Counterpart } from './counterpart.model';
import { AssignmentIdArgs, RateReviewArgs, ReviewTaskFilterArgs, SubmitReviewInput } from './peer-review.inputs';
import { PeerReviewLoaders, PeerReviewLoadersFactory } from './peer-review.loaders';
import { AssignmentReview, ReceivedReview, ReceivedReviews, ReviewedSubmission, ReviewParticipant, ReviewScore, ReviewTask } from './peer-review.model';
import { PeerReviewsService } from './peer-reviews.service';

@Resolver()
export class PeerReviewsResolver {
  constructor(private readonly service: PeerReviewsService) {}

  @Authenticated()
  @Query(() => [ReviewTask], { description: 'The work the caller has to review (or reviewed), by review due date.' })
  myReviewTasks(@CurrentActor() actor: Actor, @Args() { status }: ReviewTaskFilterArgs): Promise<ReviewTask[]> {
    return this.service.tasks(actor, status);
  }

  @Authenticated()
  @Mutation(() => ReviewTask, { description: 'Writes or rewrites the caller’s review, until the review due date.' })
  submitReview(@CurrentActor() actor: Actor, @Args('input') input: SubmitReviewInput): Promise<ReviewTask> {
    return this.service.submit(actor, input);
  }

  @Authenticated()
  @Query(() => ReceivedReviews, { description: 'The reviews of the caller’s work on an assignment, once they are released.' })
  myReceivedReviews(@CurrentActor() actor: Actor, @Args() { assignmentId }: AssignmentIdArgs): Promise<ReceivedReviews> {
    return this.service.received(actor, assignmentId);
  }

  @Authenticated()
  @Mutation(() => ReceivedReview, { description: 'The author rates how helpful a review of their work was (1 to 5).' })
  rateReview(@CurrentActor() actor: Actor, @Args() args: RateReviewArgs): Promise<ReceivedReview> {
    return this.service.rate(actor, args);
  }

  @Authenticated()
  @Query(() => [AssignmentReview], { description: 'Every review pair of an assignment with names and ratings: its coaches and admins.' })
  assignmentReviews(@CurrentActor() actor: Actor, @Args() { assignmentId }: AssignmentIdArgs): Promise<AssignmentReview[]> {
    return this.service.forAssignment(actor, assignmentId);
  }
}

/** Scores in rubric order, with their criterion. */
async function scoresOf(
  review: { peerReviewId: string; assignmentId: string },
  loaders: PeerReviewLoaders,
  requestLoaders: RequestLoaders,
): Promise<ReviewScore[]> {
  const [scores, criteria] = await Promise.all([
    loaders.scoresByReview.load(review.peerReviewId),
    requestLoaders.criteriaByAssignment.load(review.assignmentId),
  ]);
  const byCriterion = new Map(scores.map((score) => [score.criterionId, score.score]));
  return criteria
    .filter((criterion) => byCriterion.has(criterion.id))
    .map((criterion) => ({ criterion: RubricCriterion.from(criterion), score: byCriterion.get(criterion.id)! }));
}

async function reviewedSubmission(review: { submissionId: string }, loaders: PeerReviewLoaders): Promise<ReviewedSubmission> {
  const submission = (await loaders.submission.load(review.submissionId))!;
  return { version: submission.version, body: submission.body, submittedAt: submission.submittedAt, isLate: submission.isLate };
}

// Field resolvers run unguarded: each checks that the parent belongs to the caller's view.
//
// They take graphql-js's own arguments (parent, args, context) and no parameter decorators: Nest
// then hands graphql-js the method itself instead of wrapping it in its parameter pipeline, a chain
// of awaited promises per field of every item in a list (bench/api: the task list resolves two
// fields of each of its ~60 tasks).

@Resolver(() => ReviewTask)
export class ReviewTaskFieldsResolver {
  constructor(private readonly factory: PeerReviewLoadersFactory) {}

  @ResolveField(() => ReviewedSubmission, { description: 'The exact version to review.' })
  submission(task: ReviewTask, _args: unknown, context: GraphQLContext): Promise<ReviewedSubmission> {
    assertOwn(task.reviewerId, context);
    return reviewedSubmission(task, this.factory.for(context.req));
  }

  @ResolveField(() => Counterpart, { description: 'Who wrote the work, as far as the assignment’s anonymity allows.' })
  author(task: ReviewTask, _args: unknown, context: GraphQLContext): Promise<Counterpart> {
    assertOwn(task.reviewerId, context);
    return buildCounterpart(task.authorId, task, 'REVIEWER', context.loaders);
  }

  @ResolveField(() => [ReviewScore], { description: 'Empty until submitted.' })
  scores(task: ReviewTask, _args: unknown, context: GraphQLContext): Promise<ReviewScore[]> {
    assertOwn(task.reviewerId, context);
    return scoresOf(task, this.factory.for(context.req), context.loaders);
  }
}

@Resolver(() => ReceivedReview)
export class ReceivedReviewFieldsResolver {
  constructor(private readonly factory: PeerReviewLoadersFactory) {}

  @ResolveField(() => Counterpart, { description: 'Who wrote the review, as far as the assignment’s anonymity allows.' })
  reviewer(review: ReceivedReview, _args: unknown, context: GraphQLContext): Promise<Counterpart> {
    assertOwn(review.authorId, context);
    return buildCounterpart(review.reviewerId, review, 'AUTHOR', context.loaders);
  }

  @ResolveField(() => [ReviewScore])
  scores(review: ReceivedReview, _args: unknown, context: GraphQLContext): Promise<ReviewScore[]> {
    assertOwn(review.authorId, context);
    return scoresOf(review, this.factory.for(context.req), context.loaders);
  }
}

/** Only reachable through assignmentReviews, which requires managing the cohort. */
@Resolver(() => AssignmentReview)
export class AssignmentReviewFieldsResolver {
  constructor(private readonly factory: PeerReviewLoadersFactory) {}

  @ResolveField(() => ReviewParticipant)
  reviewer(review: AssignmentReview, _args: unknown, context: GraphQLContext): Promise<ReviewParticipant> {
    return buildParticipant(review.reviewerId, context.loaders);
  }

  @ResolveField(() => ReviewParticipant)
  author(review: AssignmentReview, _args: unknown, context: GraphQLContext): Promise<ReviewParticipant> {
    return buildParticipant(review.authorId, context.loaders);
  }

  @ResolveField(() => ReviewedSubmission, { description: 'The version under review.' })
  submission(review: AssignmentReview, _args: unknown, context: GraphQLContext): Promise<ReviewedSubmission> {
    return reviewedSubmission(review, this.factory.for(context.req));
  }

  @ResolveField(() => [ReviewScore])
  scores(review: AssignmentReview, _args: unknown, context: GraphQLContext): Promise<ReviewScore[]> {
    return scoresOf(review, this.factory.for(context.req), context.loaders);
  }
}

/** The caller is on this side of the pair (`actorOf`: the root operation authenticated the request). */
function assertOwn(userId: string, context: GraphQLContext): void {
  if (userId !== actorOf(context).id) throw DomainError.forbidden();
}
