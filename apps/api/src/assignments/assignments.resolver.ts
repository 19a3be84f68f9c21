import { Args, ID, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Authenticated, CurrentActor } from '../auth/access.decorators';
import type { Actor } from '../auth/actor';
import { mapConnection } from '../common/pagination';
import { CourseModule } from '../course-modules/course-module.model';
import type { GraphQLContext } from '../graphql/graphql-context';
import { AssignmentFilterArgs, CreateAssignmentInput, UpdateAssignmentInput } from './assignment.inputs';
import { Assignment, AssignmentConnection, RubricCriterion } from './assignment.model';
import { AssignmentsService } from './assignments.service';

@Resolver(() => Assignment)
export class AssignmentsResolver {
  constructor(private readonly service: AssignmentsService) {}

  @Authenticated()
  @Query(() => AssignmentConnection, { description: 'A cohort’s assignments by due date.' })
  async assignments(@CurrentActor() actor: Actor, @Args() args: AssignmentFilterArgs): Promise<AssignmentConnection> {
    return mapConnection(await this.service.list(actor, args, args), Assignment.from);
  }

  @Authenticated()
  @Query(() => Assignment)
  async assignment(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string): Promise<Assignment> {
    return Assignment.from((await this.service.require(actor, id, 'read')).assignment);
  }

  @Authenticated()
  @Mutation(() => Assignment, { description: 'Admins and the cohort’s coaches.' })
  async createAssignment(@CurrentActor() actor: Actor, @Args('input') input: CreateAssignmentInput): Promise<Assignment> {
    return Assignment.from(await this.service.create(actor, input));
  }

  @Authenticated()
  @Mutation(() => Assignment)
  async updateAssignment(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateAssignmentInput,
  ): Promise<Assignment> {
    return Assignment.from(await this.service.update(actor, id, input));
  }

  @Authenticated()
  @Mutation(() => Assignment)
  async archiveAssignment(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string): Promise<Assignment> {
    return Assignment.from(await this.service.archive(actor, id));
  }

  // Field resolvers take graphql-js's arguments and no parameter decorators, so that Nest hands
  // graphql-js the method itself rather than its parameter pipeline (per item of a list).

  @ResolveField(() => [RubricCriterion])
  async rubric(assignment: Assignment, _args: unknown, { loaders }: GraphQLContext): Promise<RubricCriterion[]> {
    return (await loaders.criteriaByAssignment.load(assignment.id)).map(RubricCriterion.from);
  }

  @ResolveField(() => CourseModule)
  async module(assignment: Assignment, _args: unknown, { loaders }: GraphQLContext): Promise<CourseModule> {
    return CourseModule.from((await loaders.courseModule.load(assignment.moduleId))!);
  }
}
