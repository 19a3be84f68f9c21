import { Args, ID, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Assignment } from '../assignments/assignment.model';
import { Authenticated, CurrentActor } from '../auth/access.decorators';
import type { Actor } from '../auth/actor';
import { Cohort } from '../cohorts/cohort.model';
import { mapConnection } from '../common/pagination';
import type { GraphQLContext } from '../graphql/graphql-context';
import { CourseModuleFilterArgs, CreateCourseModuleInput, UpdateCourseModuleInput } from './course-module.inputs';
import { CourseModule, CourseModuleConnection } from './course-module.model';
import { CourseModulesService } from './course-modules.service';

@Resolver(() => CourseModule)
export class CourseModulesResolver {
  constructor(private readonly modules: CourseModulesService) {}

  @Authenticated()
  @Query(() => CourseModuleConnection, { description: 'Modules of a cohort in course order.' })
  async courseModules(@CurrentActor() actor: Actor, @Args() args: CourseModuleFilterArgs): Promise<CourseModuleConnection> {
    return mapConnection(await this.modules.list(actor, args, args), CourseModule.from);
  }

  @Authenticated()
  @Query(() => CourseModule)
  async courseModule(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string): Promise<CourseModule> {
    return CourseModule.from((await this.modules.require(actor, id, 'read')).module);
  }

  @Authenticated()
  @Mutation(() => CourseModule, { description: 'Admins and the cohort’s coaches.' })
  async createCourseModule(@CurrentActor() actor: Actor, @Args('input') input: CreateCourseModuleInput): Promise<CourseModule> {
    return CourseModule.from(await this.modules.create(actor, input));
  }

  @Authenticated()
  @Mutation(() => CourseModule)
  async updateCourseModule(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateCourseModuleInput,
  ): Promise<CourseModule> {
    return CourseModule.from(await this.modules.update(actor, id, input));
  }

  @Authenticated()
  @Mutation(() => CourseModule)
  async archiveCourseModule(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string): Promise<CourseModule> {
    return CourseModule.from(await this.modules.archive(actor, id));
  }

  // Field resolvers take graphql-js's arguments and no parameter decorators, so that Nest hands
  // graphql-js the method itself rather than its parameter pipeline (per item of a list).

  @ResolveField(() => Cohort)
  async cohort(module: CourseModule, _args: unknown, { loaders }: GraphQLContext): Promise<Cohort> {
    const cohort = await loaders.cohort.load(module.cohortId);
    return Cohort.from(cohort!);
  }

  @ResolveField(() => [Assignment], { description: 'Live assignments by due date.' })
  async assignments(module: CourseModule, _args: unknown, { loaders }: GraphQLContext): Promise<Assignment[]> {
    return (await loaders.assignmentsByModule.load(module.id)).map(Assignment.from);
  }
}
