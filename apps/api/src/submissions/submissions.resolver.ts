import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Authenticated, CurrentActor } from '../auth/access.decorators';
import type { Actor } from '../auth/actor';
import { mapConnection } from '../common/pagination';
import { FieldActor, Loaders } from '../graphql/graphql-context';
import type { GraphQLContext } from '../graphql/graphql-context';
import type { RequestLoaders } from '../graphql/request-loaders';
import { Counterpart } from '../peer-reviews/counterpart.model';
import { AddSubmissionFeedbackArgs, SubmissionListArgs, SubmitAssignmentInput } from './submission.inputs';
import { SubmissionLoadersFactory } from './submission-loaders';
import { Attachment, Submission, SubmissionConnection, SubmissionFeedback } from './submission.model';
import { SubmissionViewService } from './submission-view.service';
import { SubmissionsService } from './submissions.service';

@Resolver(() => Submission)
export class SubmissionsResolver {
  constructor(
    private readonly service: SubmissionsService,
    private readonly view: SubmissionViewService,
    private readonly loaders: SubmissionLoadersFactory,
  ) {}

  @Authenticated()
  @Mutation(() => Submission, {
    description: 'Participants of the cohort: hands in work (a new version on every call). Late only when the assignment allows it.',
  })
  async submitAssignment(@CurrentActor() actor: Actor, @Args('input') input: SubmitAssignmentInput): Promise<Submission> {
    return Submission.from(await this.service.submit(actor, input));
  }

  @Authenticated()
  @Query(() => [Submission], { description: 'Your own versions of an assignment, newest first.' })
  async mySubmissions(@CurrentActor() actor: Actor, @Args('assignmentId', { type: () => ID }) assignmentId: string): Promise<Submission[]> {
    return (await this.service.mine(actor, assignmentId)).map(Submission.from);
  }

  @Authenticated()
  @Query(() => Submission, { description: 'For its author, the cohort’s coaches and admins, and reviewers paired with this version.' })
  async submission(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string): Promise<Submission> {
    return Submission.from(await this.service.get(actor, id));
  }

  @Authenticated()
  @Query(() => SubmissionConnection, { description: 'Coaches and admins: the current version of every author.' })
  async submissions(@CurrentActor() actor: Actor, @Args() args: SubmissionListArgs): Promise<SubmissionConnection> {
    return mapConnection(await this.service.listCurrent(actor, args), Submission.from);
  }

  @Authenticated()
  @Mutation(() => SubmissionFeedback, { description: 'The cohort’s coaches and admins: feedback the author sees.' })
  async addSubmissionFeedback(@CurrentActor() actor: Actor, @Args() { submissionId, body }: AddSubmissionFeedbackArgs): Promise<SubmissionFeedback> {
    const { feedback, coachName } = await this.service.addFeedback(actor, submissionId, body);
    return SubmissionFeedback.from(feedback, coachName);
  }

  @ResolveField(() => Boolean, { description: 'The newest version of this author’s work.' })
  isCurrent(@Parent() submission: Submission, @Context('req') req: GraphQLContext['req']): Promise<boolean> {
    return this.view.isCurrent(submission, this.loaders.for(req));
  }

  @ResolveField(() => [Attachment])
  attachments(
    @Parent() submission: Submission,
    @FieldActor() actor: Actor,
    @Loaders() shared: RequestLoaders,
    @Context('req') req: GraphQLContext['req'],
  ): Promise<Attachment[]> {
    return this.view.attachments(actor, submission, shared, this.loaders.for(req));
  }

  @ResolveField(() => Counterpart, { description: 'Who wrote it, as the assignment’s anonymity lets you see.' })
  author(
    @Parent() submission: Submission,
    @FieldActor() actor: Actor,
    @Loaders() shared: RequestLoaders,
    @Context('req') req: GraphQLContext['req'],
  ): Promise<Counterpart> {
    return this.view.author(actor, submission, shared, this.loaders.for(req));
  }

  @ResolveField(() => [SubmissionFeedback], { description: 'Coach feedback; for the author and the cohort’s coaches and admins.' })
  feedback(
    @Parent() submission: Submission,
    @FieldActor() actor: Actor,
    @Loaders() shared: RequestLoaders,
    @Context('req') req: GraphQLContext['req'],
  ): Promise<SubmissionFeedback[]> {
    return this.view.feedback(actor, submission, shared, this.loaders.for(req));
  }
}
