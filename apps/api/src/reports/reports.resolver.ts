import { Args, Query, Resolver } from '@nestjs/graphql';
import { AdminOnly, Authenticated, CurrentActor } from '../auth/access.decorators';
import type { Actor } from '../auth/actor';
import { CohortComparisonArgs, CohortReportArgs } from './report.inputs';
import { CohortComparisonRow, CohortReport } from './report.model';
import { ReportsService } from './reports.service';

@Resolver()
export class ReportsResolver {
  constructor(private readonly service: ReportsService) {}

  @Authenticated()
  @Query(() => CohortReport, {
    description:
      'Progress and collaboration report of a cohort, for admins and the cohort’s coaches. Names are shown whatever the ' +
      'assignments’ anonymity. Also as CSV: GET /reports/cohorts/{id}/{table}.csv.',
  })
  cohortReport(@CurrentActor() actor: Actor, @Args() { cohortId }: CohortReportArgs): Promise<CohortReport> {
    return this.service.cohortReport(actor, cohortId);
  }

  @AdminOnly()
  @Query(() => [CohortComparisonRow], { description: 'Admins: the totals and network summary of several cohorts side by side.' })
  cohortComparison(@Args() { cohortIds }: CohortComparisonArgs): Promise<CohortComparisonRow[]> {
    return this.service.cohortComparison(cohortIds);
  }
}
