import { AnonymityMode } from '../assignments/assignment.entity';
import { BusinessDomain } from '../business-domains/business-domain.model';
import type { CohortEntity } from '../cohorts/cohort.entity';
import { Municipality } from '../municipalities/municipality.model';
import {
  AssignmentReport,
  AtRiskReason,
  CohortReport,
  CohortReportTotals,
  CollaborationNetwork,
  CriterionReport,
  DomainMatrixCell,
  MunicipalityMatrixCell,
  NetworkSummary,
  ParticipantReport,
} from './report.model';
import type {
  AssignmentRow,
  MatrixCellRow,
  NetworkRows,
  ParticipantRow,
  ReferenceRows,
  ReviewsByAssignmentRow,
  ReviewsByParticipantRow,
  RubricRow,
  SubmissionsByAssignmentRow,
  SubmissionsByParticipantRow,
} from './reports.queries';

/** At risk: this many assignments past due without any submission... */
export const AT_RISK_MISSING_SUBMISSIONS = 2;
/** ...or this many assigned reviews not written by the review due date. */
export const AT_RISK_OVERDUE_REVIEWS = 1;

/** What the report queries returned: a bounded number of already aggregated rows. */
export interface ReportRows {
  assignments: AssignmentRow[];
  participants: ParticipantRow[];
  submissionsByAssignment: SubmissionsByAssignmentRow[];
  submissionsByParticipant: SubmissionsByParticipantRow[];
  reviewsByAssignment: ReviewsByAssignmentRow[];
  reviewsByParticipant: ReviewsByParticipantRow[];
  rubric: RubricRow[];
  network: NetworkRows;
  /** Every cell of the municipality matrix for the exports; empty for the API, which pages it (CollaborationNetworkResolver). */
  municipalityMatrix: MatrixCellRow[];
  reference: ReferenceRows;
}

const byKey = <T, K>(rows: T[], key: (row: T) => K): Map<K, T> => new Map(rows.map((row) => [key(row), row]));

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** Mean and population standard deviation from COUNT, SUM and SUM of squares. */
export function meanAndDeviation(count: number, sum: number, sumOfSquares: number): { mean: number | null; standardDeviation: number | null } {
  if (count === 0) return { mean: null, standardDeviation: null };
  const mean = sum / count;
  // Rounding can leave a tiny negative variance when all scores are equal.
  const variance = Math.max(0, sumOfSquares / count - mean * mean);
  return { mean, standardDeviation: Math.sqrt(variance) };
}

/** Names codes from the reference lists (a code missing from them keeps the code as its name). */
export class Names {
  private readonly municipalities: Map<string, ReferenceRows['municipalities'][number]>;
  private readonly domains: Map<string, ReferenceRows['domains'][number]>;

  constructor(reference: ReferenceRows) {
    this.municipalities = byKey(reference.municipalities, (row) => row.code);
    this.domains = byKey(reference.domains, (row) => row.code);
  }

  municipality(code: string | null): Municipality | null {
    if (!code) return null;
    const row = this.municipalities.get(code);
    return Object.assign(new Municipality(), { code, name: row?.name ?? code, province: row?.province ?? '' });
  }

  domain(code: string | null): BusinessDomain | null {
    if (!code) return null;
    const row = this.domains.get(code);
    return Object.assign(new BusinessDomain(), {
      code,
      nameNl: row?.nameNl ?? code,
      nameEn: row?.nameEn ?? code,
      descriptionNl: row?.descriptionNl ?? '',
    });
  }
}

/** Shapes the aggregated rows into the report; no further database access. */
export function buildReport(cohort: Pick<CohortEntity, 'id' | 'name' | 'status'>, rows: ReportRows, now: Date): CohortReport {
  const names = new Names(rows.reference);
  const enrolled = rows.participants.length;
  const submissions = byKey(rows.submissionsByAssignment, (row) => row.assignmentId);
  const reviews = byKey(rows.reviewsByAssignment, (row) => row.assignmentId);
  const criteria = new Map<string, CriterionReport[]>();
  for (const row of rows.rubric) {
    const list = criteria.get(row.assignmentId) ?? [];
    list.push(
      Object.assign(new CriterionReport(), {
        criterionId: row.criterionId,
        title: row.title,
        position: row.position,
        minScore: row.minScore,
        maxScore: row.maxScore,
        scores: row.scores,
        ...meanAndDeviation(row.scores, row.sum, row.sumOfSquares),
      }),
    );
    criteria.set(row.assignmentId, list);
  }

  const assignments = rows.assignments.map((assignment) => {
    const handedIn = submissions.get(assignment.id) ?? { submitted: 0, late: 0 };
    const review = reviews.get(assignment.id) ?? { assigned: 0, done: 0, overdue: 0, helpfulnessRatings: 0, helpfulnessSum: 0 };
    const outstanding = enrolled - handedIn.submitted;
    const pastDue = assignment.dueAt.getTime() < now.getTime();
    return Object.assign(new AssignmentReport(), {
      assignmentId: assignment.id,
      title: assignment.title,
      moduleId: assignment.moduleId,
      moduleTitle: assignment.moduleTitle,
      dueAt: assignment.dueAt,
      reviewDueAt: assignment.reviewDueAt,
      anonymity: assignment.anonymity as AnonymityMode,
      enrolled,
      submitted: handedIn.submitted,
      onTime: handedIn.submitted - handedIn.late,
      late: handedIn.late,
      missing: pastDue ? outstanding : 0,
      pending: pastDue ? 0 : outstanding,
      reviewsAssigned: review.assigned,
      reviewsDone: review.done,
      reviewsOverdue: review.overdue,
      helpfulnessRatings: review.helpfulnessRatings,
      helpfulnessMean: ratio(review.helpfulnessSum, review.helpfulnessRatings),
      rubric: criteria.get(assignment.id) ?? [],
    });
  });

  const pastDueAssignments = rows.assignments.filter((assignment) => assignment.dueAt.getTime() < now.getTime()).length;
  const futureAssignments = rows.assignments.length - pastDueAssignments;
  const handedInBy = byKey(rows.submissionsByParticipant, (row) => row.userId);
  const reviewsBy = byKey(rows.reviewsByParticipant, (row) => row.userId);
  const exchangeBy = byKey(rows.network.exchange, (row) => row.userId);
  const participants = rows.participants.map((person) => {
    const handedIn = handedInBy.get(person.userId) ?? { submitted: 0, late: 0, submittedPastDue: 0 };
    const review = reviewsBy.get(person.userId) ?? { assigned: 0, done: 0, overdue: 0, received: 0 };
    const exchange = exchangeBy.get(person.userId) ?? { municipalities: 0, domains: 0 };
    const missing = pastDueAssignments - handedIn.submittedPastDue;
    const reasons: AtRiskReason[] = [];
    if (missing >= AT_RISK_MISSING_SUBMISSIONS) reasons.push(AtRiskReason.MISSING_SUBMISSIONS);
    if (review.overdue >= AT_RISK_OVERDUE_REVIEWS) reasons.push(AtRiskReason.OVERDUE_REVIEWS);
    return Object.assign(new ParticipantReport(), {
      userId: person.userId,
      name: person.name,
      municipality: names.municipality(person.municipalityCode),
      businessDomain: names.domain(person.businessDomainCode),
      submissions: handedIn.submitted,
      late: handedIn.late,
      missing,
      pending: futureAssignments - (handedIn.submitted - handedIn.submittedPastDue),
      reviewsAssigned: review.assigned,
      reviewsDone: review.done,
      reviewsOverdue: review.overdue,
      reviewsReceived: review.received,
      distinctMunicipalities: exchange.municipalities,
      distinctDomains: exchange.domains,
      atRisk: reasons.length > 0,
      atRiskReasons: reasons,
    });
  });

  const network = buildNetwork(cohort.id, rows, names, participants);
  const sum = (pick: (row: AssignmentReport) => number) => assignments.reduce((total, row) => total + pick(row), 0);
  const helpfulnessSum = rows.reviewsByAssignment.reduce((total, row) => total + row.helpfulnessSum, 0);
  const helpfulnessRatings = sum((row) => row.helpfulnessRatings);
  const totals = Object.assign(new CohortReportTotals(), {
    participants: enrolled,
    assignments: assignments.length,
    expectedSubmissions: enrolled * assignments.length,
    submitted: sum((row) => row.submitted),
    onTime: sum((row) => row.onTime),
    late: sum((row) => row.late),
    missing: sum((row) => row.missing),
    pending: sum((row) => row.pending),
    reviewsAssigned: sum((row) => row.reviewsAssigned),
    reviewsDone: sum((row) => row.reviewsDone),
    reviewsOverdue: sum((row) => row.reviewsOverdue),
    helpfulnessRatings,
    helpfulnessMean: ratio(helpfulnessSum, helpfulnessRatings),
    atRiskParticipants: participants.filter((row) => row.atRisk).length,
  });
  return Object.assign(new CohortReport(), {
    cohortId: cohort.id,
    cohortName: cohort.name,
    cohortStatus: cohort.status,
    generatedAt: now,
    totals,
    assignments,
    participants,
    network,
  });
}

/** Municipality matrix cells with the municipalities named. */
export function municipalityCells(rows: MatrixCellRow[], names: Names): MunicipalityMatrixCell[] {
  return rows.map((cell) =>
    Object.assign(new MunicipalityMatrixCell(), {
      reviewerMunicipality: names.municipality(cell.reviewerCode),
      authorMunicipality: names.municipality(cell.authorCode),
      reviews: cell.reviews,
    }),
  );
}

function buildNetwork(cohortId: string, rows: ReportRows, names: Names, participants: ParticipantReport[]): CollaborationNetwork {
  const { municipalitySummary, domainMatrix: domainCells } = rows.network;
  const domainMatrix = domainCells.map((cell) =>
    Object.assign(new DomainMatrixCell(), {
      reviewerDomain: names.domain(cell.reviewerCode),
      authorDomain: names.domain(cell.authorCode),
      reviews: cell.reviews,
    }),
  );
  const crossDomainReviews = domainCells
    .filter((cell) => cell.reviewerCode && cell.authorCode && cell.reviewerCode !== cell.authorCode)
    .reduce((total, cell) => total + cell.reviews, 0);
  const domains = new Set(domainCells.flatMap((cell) => [cell.reviewerCode, cell.authorCode]).filter((code): code is string => code !== null)).size;
  const mean = (pick: (row: ParticipantReport) => number) =>
    ratio(participants.reduce((total, row) => total + pick(row), 0), participants.length);
  // Both matrices partition the same SUBMITTED reviews; the municipality one is summed in the database.
  const reviews = municipalitySummary.reviews;
  const summary = Object.assign(new NetworkSummary(), {
    reviews,
    crossDomainReviews,
    crossDomainShare: ratio(crossDomainReviews, reviews),
    crossMunicipalityReviews: municipalitySummary.crossReviews,
    crossMunicipalityShare: ratio(municipalitySummary.crossReviews, reviews),
    municipalities: municipalitySummary.municipalities,
    municipalityCells: municipalitySummary.cells,
    domains,
    meanDistinctMunicipalities: mean((row) => row.distinctMunicipalities),
    meanDistinctDomains: mean((row) => row.distinctDomains),
  });
  return Object.assign(new CollaborationNetwork(), {
    cohortId,
    names,
    summary,
    municipalityMatrix: municipalityCells(rows.municipalityMatrix, names),
    domainMatrix,
  });
}
