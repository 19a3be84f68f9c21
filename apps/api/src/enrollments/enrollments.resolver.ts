import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Authenticated, CurrentActor } from '../auth/access.decorators';
import type { Actor } from '../auth/actor';
import { Cohort } from '../cohorts/cohort.model';
import { mapConnection } from '../common/pagination';
import { Loaders } from '../graphql/graphql-context';
import type { RequestLoaders } from '../graphql/request-loaders';
import { User } from '../users/user.model';
import { EnrollmentFilterArgs, EnrollUserInput, ImportEnrollmentsArgs } from './enrollment.inputs';
import { Enrollment, EnrollmentConnection, EnrollmentImportResult } from './enrollment.model';
import { EnrollmentsService } from './enrollments.service';

@Resolver(() => Enrollment)
export class EnrollmentsResolver {
  constructor(private readonly service: EnrollmentsService) {}

  @Authenticated()
  @Query(() => EnrollmentConnection, { description: 'The people in a cohort; for its members, coaches and admins.' })
  async enrollments(@CurrentActor() actor: Actor, @Args() args: EnrollmentFilterArgs): Promise<EnrollmentConnection> {
    return mapConnection(await this.service.list(actor, args, args), Enrollment.from);
  }

  @Authenticated()
  @Mutation(() => Enrollment, { description: 'Admins and the cohort’s coaches.' })
  async enrollUser(@CurrentActor() actor: Actor, @Args('input') input: EnrollUserInput): Promise<Enrollment> {
    return Enrollment.from(await this.service.enrol(actor, input));
  }

  @Authenticated()
  @Mutation(() => Boolean)
  unenrollUser(
    @CurrentActor() actor: Actor,
    @Args('cohortId', { type: () => ID }) cohortId: string,
    @Args('userId', { type: () => ID }) userId: string,
  ): Promise<boolean> {
    return this.service.unenrol(actor, cohortId, userId);
  }

  @Authenticated()
  @Mutation(() => EnrollmentImportResult, {
    description: 'Enrols everyone in a CSV (name,email,municipality_code,domain_code,role): all rows or none.',
  })
  async importEnrollments(@CurrentActor() actor: Actor, @Args() { cohortId, csv }: ImportEnrollmentsArgs): Promise<EnrollmentImportResult> {
    const outcome = await this.service.importCsv(actor, cohortId, csv);
    return { ...outcome, enrollments: outcome.enrollments.map(Enrollment.from) };
  }

  /** Members of a cohort may see each other's profile; private fields are checked on User. */
  @ResolveField(() => User)
  async user(@Parent() enrollment: Enrollment, @Loaders() loaders: RequestLoaders): Promise<User> {
    return User.from((await loaders.user.load(enrollment.userId))!);
  }

  @ResolveField(() => Cohort)
  async cohort(@Parent() enrollment: Enrollment, @Loaders() loaders: RequestLoaders): Promise<Cohort> {
    return Cohort.from((await loaders.cohort.load(enrollment.cohortId))!);
  }
}
