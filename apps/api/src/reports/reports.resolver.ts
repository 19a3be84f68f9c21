import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AdminOnly, Authenticated, CurrentActor } from '../auth/access.decorators';
import type { Actor } from '../auth/actor';
import { CohortComparisonArgs, CohortReportArgs, MunicipalityMatrixArgs } from './report.inputs';
import { CohortComparisonRow, CohortReport, CollaborationNetwork, MunicipalityMatrixCell } from './report.model';
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
    return this.service.cohortReport(actor, cohortId, { municipalityMatrix: 'none' });
  }

  @AdminOnly()
  @Query(() => [CohortComparisonRow], { description: 'Admins: the totals and network summary of several cohorts side by side.' })
  cohortComparison(@Args() { cohortIds }: CohortComparisonArgs): Promise<CohortComparisonRow[]> {
    return this.service.cohortComparison(cohortIds);
  }
}

/** The municipality matrix of a report, a page at a time; reachable only through cohortReport, which authorised it. */
@Resolver(() => CollaborationNetwork)
export class CollaborationNetworkResolver {
  constructor(private readonly service: ReportsService) {}

  @ResolveField(() => [MunicipalityMatrixCell], {
    description:
      'Sparse: cells with at least one review, the busiest first (then by codes). A large cohort has tens of thousands: ' +
      'summary.municipalityCells says how many; the CSV and xlsx exports hold all of them.',
  })
  municipalityMatrix(@Parent() network: CollaborationNetwork, @Args() args: MunicipalityMatrixArgs): Promise<MunicipalityMatrixCell[]> {
    return this.service.municipalityMatrix(network, args);
  }
}
