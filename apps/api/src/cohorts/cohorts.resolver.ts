import { Args, ID, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AdminOnly, Authenticated, CurrentActor } from '../auth/access.decorators';
import type { Actor } from '../auth/actor';
import { mapConnection } from '../common/pagination';
import { CourseModule } from '../course-modules/course-module.model';
import type { GraphQLContext } from '../graphql/graphql-context';
import { CohortFilterArgs, CreateCohortInput, UpdateCohortInput } from './cohort.inputs';
import { Cohort, CohortConnection, EnrollmentCountsModel } from './cohort.model';
import { CohortsService } from './cohorts.service';

@Resolver(() => Cohort)
export class CohortsResolver {
  constructor(private readonly service: CohortsService) {}

  @Authenticated()
  @Query(() => CohortConnection, { description: 'Newest first. Admins see all, others the cohorts they are in.' })
  async cohorts(@CurrentActor() actor: Actor, @Args() args: CohortFilterArgs): Promise<CohortConnection> {
    return mapConnection(await this.service.list(actor, args, args), Cohort.from);
  }

  @Authenticated()
  @Query(() => Cohort)
  async cohort(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string): Promise<Cohort> {
    return Cohort.from(await this.service.get(actor, id));
  }

  @AdminOnly()
  @Mutation(() => Cohort)
  async createCohort(@CurrentActor() actor: Actor, @Args('input') input: CreateCohortInput): Promise<Cohort> {
    return Cohort.from(await this.service.create(actor, input));
  }

  @Authenticated()
  @Mutation(() => Cohort, { description: 'Admins and the cohort’s coaches.' })
  async updateCohort(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateCohortInput,
  ): Promise<Cohort> {
    return Cohort.from(await this.service.update(actor, id, input));
  }

  @AdminOnly()
  @Mutation(() => Cohort)
  async archiveCohort(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string): Promise<Cohort> {
    return Cohort.from(await this.service.archive(actor, id));
  }

  // Field resolvers take graphql-js's arguments and no parameter decorators, so that Nest hands
  // graphql-js the method itself rather than its parameter pipeline (per item of a list).

  /** The parent cohort was access-checked by the query that returned it. */
  @ResolveField(() => [CourseModule], { description: 'Live modules in course order.' })
  async modules(cohort: Cohort, _args: unknown, { loaders }: GraphQLContext): Promise<CourseModule[]> {
    return (await loaders.modulesByCohort.load(cohort.id)).map(CourseModule.from);
  }

  @ResolveField(() => EnrollmentCountsModel)
  enrollmentCounts(cohort: Cohort, _args: unknown, { loaders }: GraphQLContext): Promise<EnrollmentCountsModel> {
    return loaders.enrollmentCounts.load(cohort.id);
  }
}
