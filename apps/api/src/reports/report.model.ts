import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { AnonymityMode } from '../assignments/assignment.entity';
import { BusinessDomain } from '../business-domains/business-domain.model';
import { CohortStatus } from '../cohorts/cohort.entity';
import { Municipality } from '../municipalities/municipality.model';
import type { Names } from './report-builder';
// The enums used below are registered with GraphQL by these models.
import '../assignments/assignment.model';
import '../cohorts/cohort.model';

export enum AtRiskReason {
  MISSING_SUBMISSIONS = 'MISSING_SUBMISSIONS',
  OVERDUE_REVIEWS = 'OVERDUE_REVIEWS',
}

registerEnumType(AtRiskReason, {
  name: 'AtRiskReason',
  description:
    'Why a participant is flagged. MISSING_SUBMISSIONS: 2 or more assignments past their due date without any submission. ' +
    'OVERDUE_REVIEWS: 1 or more assigned reviews not submitted by the review due date.',
});

@ObjectType({ description: 'Statistics of one rubric criterion over the scores of SUBMITTED reviews.' })
export class CriterionReport {
  @Field(() => ID)
  criterionId: string;

  @Field()
  title: string;

  @Field(() => Int)
  position: number;

  @Field(() => Int)
  minScore: number;

  @Field(() => Int)
  maxScore: number;

  @Field(() => Int, { description: 'Number of scores (one per SUBMITTED review).' })
  scores: number;

  @Field(() => Float, { nullable: true, description: 'Mean score; null without scores.' })
  mean: number | null;

  @Field(() => Float, { nullable: true, description: 'Population standard deviation of the scores; null without scores.' })
  standardDeviation: number | null;
}

@ObjectType({
  description:
    'One assignment of the cohort (archived assignments and modules are left out). Submission counts are over the cohort’s ' +
    'current PARTICIPANT enrollments; review counts over all pairs of the assignment.',
})
export class AssignmentReport {
  @Field(() => ID)
  assignmentId: string;

  @Field()
  title: string;

  @Field(() => ID)
  moduleId: string;

  @Field()
  moduleTitle: string;

  @Field()
  dueAt: Date;

  @Field()
  reviewDueAt: Date;

  @Field(() => AnonymityMode)
  anonymity: AnonymityMode;

  @Field(() => Int, { description: 'Current PARTICIPANT enrollments of the cohort.' })
  enrolled: number;

  @Field(() => Int, { description: 'Participants with at least one submission (any version).' })
  submitted: number;

  @Field(() => Int, { description: 'Participants with at least one version that was not late.' })
  onTime: number;

  @Field(() => Int, { description: 'Participants who submitted, but only late versions.' })
  late: number;

  @Field(() => Int, { description: 'Participants without a submission when the due date has passed (0 before it).' })
  missing: number;

  @Field(() => Int, { description: 'Participants without a submission while the due date is still ahead (0 after it).' })
  pending: number;

  @Field(() => Int, { description: 'Review pairs that are not REMOVED.' })
  reviewsAssigned: number;

  @Field(() => Int, { description: 'SUBMITTED reviews.' })
  reviewsDone: number;

  @Field(() => Int, { description: 'ASSIGNED reviews whose review due date has passed.' })
  reviewsOverdue: number;

  @Field(() => Int, { description: 'Helpfulness ratings given to SUBMITTED reviews.' })
  helpfulnessRatings: number;

  @Field(() => Float, { nullable: true, description: 'Mean helpfulness rating (1 to 5) of the non-null ratings; null without ratings.' })
  helpfulnessMean: number | null;

  @Field(() => [CriterionReport])
  rubric: CriterionReport[];
}

@ObjectType({
  description:
    'One current participant of the cohort, named whatever the assignments’ anonymity (reports are for coaches and admins). ' +
    'Counted over the cohort’s assignments.',
})
export class ParticipantReport {
  @Field(() => ID)
  userId: string;

  @Field()
  name: string;

  @Field(() => Municipality, { nullable: true })
  municipality: Municipality | null;

  @Field(() => BusinessDomain, { nullable: true })
  businessDomain: BusinessDomain | null;

  @Field(() => Int, { description: 'Assignments with at least one submission.' })
  submissions: number;

  @Field(() => Int, { description: 'Assignments submitted with only late versions.' })
  late: number;

  @Field(() => Int, { description: 'Assignments past their due date without a submission.' })
  missing: number;

  @Field(() => Int, { description: 'Assignments not yet due and not yet submitted.' })
  pending: number;

  @Field(() => Int, { description: 'Review pairs as reviewer that are not REMOVED.' })
  reviewsAssigned: number;

  @Field(() => Int, { description: 'SUBMITTED reviews written.' })
  reviewsDone: number;

  @Field(() => Int, { description: 'ASSIGNED reviews past the review due date.' })
  reviewsOverdue: number;

  @Field(() => Int, { description: 'SUBMITTED reviews of their work.' })
  reviewsReceived: number;

  @Field(() => Int, {
    description:
      'Distinct municipalities of the people they exchanged a SUBMITTED review with, in either direction (their own ' +
      'municipality counts when such a partner is from it; partners without a municipality add nothing).',
  })
  distinctMunicipalities: number;

  @Field(() => Int, { description: 'Distinct business domains of those partners (their own counts when a partner shares it).' })
  distinctDomains: number;

  @Field({ description: 'True when atRiskReasons is not empty.' })
  atRisk: boolean;

  @Field(() => [AtRiskReason])
  atRiskReasons: AtRiskReason[];
}

@ObjectType({ description: 'SUBMITTED reviews written by people of one municipality about work of people of another (or the same).' })
export class MunicipalityMatrixCell {
  @Field(() => Municipality, { nullable: true, description: 'Null for reviewers without a municipality.' })
  reviewerMunicipality: Municipality | null;

  @Field(() => Municipality, { nullable: true, description: 'Null for authors without a municipality.' })
  authorMunicipality: Municipality | null;

  @Field(() => Int)
  reviews: number;
}

@ObjectType({ description: 'SUBMITTED reviews written by people of one business domain about work of people of another (or the same).' })
export class DomainMatrixCell {
  @Field(() => BusinessDomain, { nullable: true })
  reviewerDomain: BusinessDomain | null;

  @Field(() => BusinessDomain, { nullable: true })
  authorDomain: BusinessDomain | null;

  @Field(() => Int)
  reviews: number;
}

@ObjectType({ description: 'Summary of the collaboration network over SUBMITTED reviews (people’s current municipality and domain).' })
export class NetworkSummary {
  @Field(() => Int, { description: 'SUBMITTED reviews of the cohort’s assignments (by anyone, also people no longer enrolled).' })
  reviews: number;

  @Field(() => Int, { description: 'Of those, reviews whose reviewer and author both have a business domain and the domains differ.' })
  crossDomainReviews: number;

  @Field(() => Float, { nullable: true, description: 'crossDomainReviews / reviews, 0 to 1; null without reviews.' })
  crossDomainShare: number | null;

  @Field(() => Int, { description: 'Reviews whose reviewer and author both have a municipality and the municipalities differ.' })
  crossMunicipalityReviews: number;

  @Field(() => Float, { nullable: true, description: 'crossMunicipalityReviews / reviews, 0 to 1; null without reviews.' })
  crossMunicipalityShare: number | null;

  @Field(() => Int, { description: 'Distinct municipalities on either side of a SUBMITTED review.' })
  municipalities: number;

  @Field(() => Int, { description: 'Cells of the municipality matrix with at least one review (the matrix field pages through them).' })
  municipalityCells: number;

  @Field(() => Int, { description: 'Distinct business domains on either side of a SUBMITTED review.' })
  domains: number;

  @Field(() => Float, { nullable: true, description: 'Mean of the participants’ distinctMunicipalities; null without participants.' })
  meanDistinctMunicipalities: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean of the participants’ distinctDomains; null without participants.' })
  meanDistinctDomains: number | null;
}

@ObjectType({ description: 'The collaboration network the course exists for: who reviewed whom, by municipality and by domain.' })
export class CollaborationNetwork {
  @Field(() => NetworkSummary)
  summary: NetworkSummary;

  /**
   * Resolved by CollaborationNetworkResolver (a page of it, with arguments); the exports fill it
   * with every cell. A large cohort's matrix has tens of thousands of cells.
   */
  municipalityMatrix: MunicipalityMatrixCell[];

  /** Which cohort the network is of, and the names of its codes, for the matrix resolver; not GraphQL fields. */
  cohortId: string;
  names: Names;

  @Field(() => [DomainMatrixCell], { description: 'Sparse: only cells with at least one review.' })
  domainMatrix: DomainMatrixCell[];
}

@ObjectType({ description: 'Cohort-wide sums of the assignment and participant rows.' })
export class CohortReportTotals {
  @Field(() => Int, { description: 'Current PARTICIPANT enrollments.' })
  participants: number;

  @Field(() => Int, { description: 'Assignments covered (not archived).' })
  assignments: number;

  @Field(() => Int, { description: 'participants × assignments.' })
  expectedSubmissions: number;

  @Field(() => Int)
  submitted: number;

  @Field(() => Int)
  onTime: number;

  @Field(() => Int)
  late: number;

  @Field(() => Int)
  missing: number;

  @Field(() => Int)
  pending: number;

  @Field(() => Int)
  reviewsAssigned: number;

  @Field(() => Int)
  reviewsDone: number;

  @Field(() => Int)
  reviewsOverdue: number;

  @Field(() => Int)
  helpfulnessRatings: number;

  @Field(() => Float, { nullable: true, description: 'Mean of all helpfulness ratings; null without ratings.' })
  helpfulnessMean: number | null;

  @Field(() => Int)
  atRiskParticipants: number;
}

@ObjectType({ description: 'A cohort’s progress and collaboration report, computed when asked.' })
export class CohortReport {
  @Field(() => ID)
  cohortId: string;

  @Field()
  cohortName: string;

  @Field(() => CohortStatus)
  cohortStatus: CohortStatus;

  @Field({ description: 'The instant "missing", "pending" and "overdue" were judged against.' })
  generatedAt: Date;

  @Field(() => CohortReportTotals)
  totals: CohortReportTotals;

  @Field(() => [AssignmentReport], { description: 'In course order: module position, then due date.' })
  assignments: AssignmentReport[];

  @Field(() => [ParticipantReport], { description: 'By name.' })
  participants: ParticipantReport[];

  @Field(() => CollaborationNetwork)
  network: CollaborationNetwork;
}

@ObjectType({ description: 'One cohort in a comparison: its totals and network summary.' })
export class CohortComparisonRow {
  @Field(() => ID)
  cohortId: string;

  @Field()
  cohortName: string;

  @Field(() => CohortStatus)
  cohortStatus: CohortStatus;

  @Field(() => CohortReportTotals)
  totals: CohortReportTotals;

  @Field(() => NetworkSummary)
  network: NetworkSummary;
}
