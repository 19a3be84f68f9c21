import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { RubricCriterion } from '../assignments/assignment.model';
import { Authenticated, CurrentActor } from '../auth/access.decorators';
import type { Actor } from '../auth/actor';
import { DomainError } from '../common/domain-error';
import { actorOf, FieldActor, Loaders } from '../graphql/graphql-context';
import type { GraphQLContext } from '../graphql/graphql-context';
import type { RequestLoaders } from '../graphql/request-loaders';
import { buildCounterpart, buildParticipant } from './counterpart.builder';
import { Counterpart } from './counterpart.model';
import { AssignmentIdArgs, RateReviewArgs, ReviewTaskFilterArgs, SubmitReviewInput } from './peer-review.inputs';
import { PeerReviewLoadersFactory } from './peer-review.loaders';
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
  request: object,
  factory: PeerReviewLoadersFactory,
  loaders: RequestLoaders,
): Promise<ReviewScore[]> {
  const [scores, criteria] = await Promise.all([
    factory.for(request).scoresByReview.load(review.peerReviewId),
    loaders.criteriaByAssignment.load(review.assignmentId),
  ]);
  const byCriterion = new Map(scores.map((score) => [score.criterionId, score.score]));
  return criteria
    .filter((criterion) => byCriterion.has(criterion.id))
    .map((criterion) => ({ criterion: RubricCriterion.from(criterion), score: byCriterion.get(criterion.id)! }));
}

// Field resolvers run unguarded: each checks that the parent belongs to the caller's view.

@Resolver(() => ReviewTask)
export class ReviewTaskFieldsResolver {
  constructor(private readonly factory: PeerReviewLoadersFactory) {}

  // The two fields of every task in a list take the whole context as one parameter (see actorOf).

  @ResolveField(() => ReviewedSubmission, { description: 'The exact version to review.' })
  async submission(@Parent() task: ReviewTask, @Context() context: GraphQLContext): Promise<ReviewedSubmission> {
    assertOwn(task.reviewerId, actorOf(context));
    const submission = (await this.factory.for(context.req).submission.load(task.submissionId))!;
    return { version: submission.version, body: submission.body, submittedAt: submission.submittedAt, isLate: submission.isLate };
  }

  @ResolveField(() => Counterpart, { description: 'Who wrote the work, as far as the assignment’s anonymity allows.' })
  author(@Parent() task: ReviewTask, @Context() context: GraphQLContext): Promise<Counterpart> {
    assertOwn(task.reviewerId, actorOf(context));
    return buildCounterpart(task.authorId, task, 'REVIEWER', context.loaders);
  }

  @ResolveField(() => [ReviewScore], { description: 'Empty until submitted.' })
  scores(@Parent() task: ReviewTask, @FieldActor() actor: Actor, @Context('req') request: object, @Loaders() loaders: RequestLoaders): Promise<ReviewScore[]> {
    assertOwn(task.reviewerId, actor);
    return scoresOf(task, request, this.factory, loaders);
  }
}

@Resolver(() => ReceivedReview)
export class ReceivedReviewFieldsResolver {
  constructor(private readonly factory: PeerReviewLoadersFactory) {}

  @ResolveField(() => Counterpart, { description: 'Who wrote the review, as far as the assignment’s anonymity allows.' })
  reviewer(@Parent() review: ReceivedReview, @FieldActor() actor: Actor, @Loaders() loaders: RequestLoaders): Promise<Counterpart> {
    assertOwn(review.authorId, actor);
    return buildCounterpart(review.reviewerId, review, 'AUTHOR', loaders);
  }

  @ResolveField(() => [ReviewScore])
  scores(@Parent() review: ReceivedReview, @FieldActor() actor: Actor, @Context('req') request: object, @Loaders() loaders: RequestLoaders): Promise<ReviewScore[]> {
    assertOwn(review.authorId, actor);
    return scoresOf(review, request, this.factory, loaders);
  }
}

/** Only reachable through assignmentReviews, which requires managing the cohort. */
@Resolver(() => AssignmentReview)
export class AssignmentReviewFieldsResolver {
  constructor(private readonly factory: PeerReviewLoadersFactory) {}

  @ResolveField(() => ReviewParticipant)
  reviewer(@Parent() review: AssignmentReview, @Loaders() loaders: RequestLoaders): Promise<ReviewParticipant> {
    return buildParticipant(review.reviewerId, loaders);
  }

  @ResolveField(() => ReviewParticipant)
  author(@Parent() review: AssignmentReview, @Loaders() loaders: RequestLoaders): Promise<ReviewParticipant> {
    return buildParticipant(review.authorId, loaders);
  }

  @ResolveField(() => ReviewedSubmission, { description: 'The version under review.' })
  async submission(@Parent() review: AssignmentReview, @Context('req') request: object): Promise<ReviewedSubmission> {
    const submission = (await this.factory.for(request).submission.load(review.submissionId))!;
    return { version: submission.version, body: submission.body, submittedAt: submission.submittedAt, isLate: submission.isLate };
  }

  @ResolveField(() => [ReviewScore])
  scores(@Parent() review: AssignmentReview, @Context('req') request: object, @Loaders() loaders: RequestLoaders): Promise<ReviewScore[]> {
    return scoresOf(review, request, this.factory, loaders);
  }
}

function assertOwn(userId: string, actor: Actor): void {
  if (userId !== actor.id) throw DomainError.forbidden();
}
