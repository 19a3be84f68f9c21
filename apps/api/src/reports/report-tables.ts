import type { AssignmentReport, CohortReport, CriterionReport, DomainMatrixCell, MunicipalityMatrixCell, ParticipantReport } from './report.model';

/**
 * The flat tables of a cohort report, defined once for every export format (CSV files, the
 * workbook). When the report model changes shape, only this file follows.
 */
export const REPORT_TABLES = ['assignments', 'participants', 'rubric', 'municipality-matrix', 'domain-matrix'] as const;
export type ReportTable = (typeof REPORT_TABLES)[number];

export const isReportTable = (name: string): name is ReportTable => (REPORT_TABLES as readonly string[]).includes(name);

export type Cell = string | number | boolean | Date | null;

/**
 * What a column holds. CSV writes every cell as text and ignores it; the workbook uses it for
 * number formats and column widths, so a column looks the same whatever its first value is.
 */
export type ColumnKind = 'text' | 'count' | 'fraction' | 'instant' | 'flag';

export interface ReportTableData {
  header: string[];
  kinds: ColumnKind[];
  rows: Cell[][];
}

interface Column<Row> {
  name: string;
  kind: ColumnKind;
  cell: (row: Row) => Cell;
}

const column = <Row>(name: string, kind: ColumnKind, cell: (row: Row) => Cell): Column<Row> => ({ name, kind, cell });

const ASSIGNMENTS: Column<AssignmentReport>[] = [
  column('module', 'text', (row) => row.moduleTitle),
  column('assignment', 'text', (row) => row.title),
  column('due_at', 'instant', (row) => row.dueAt),
  column('review_due_at', 'instant', (row) => row.reviewDueAt),
  column('anonymity', 'text', (row) => row.anonymity),
  column('enrolled', 'count', (row) => row.enrolled),
  column('submitted', 'count', (row) => row.submitted),
  column('on_time', 'count', (row) => row.onTime),
  column('late', 'count', (row) => row.late),
  column('missing', 'count', (row) => row.missing),
  column('pending', 'count', (row) => row.pending),
  column('reviews_assigned', 'count', (row) => row.reviewsAssigned),
  column('reviews_done', 'count', (row) => row.reviewsDone),
  column('reviews_overdue', 'count', (row) => row.reviewsOverdue),
  column('helpfulness_ratings', 'count', (row) => row.helpfulnessRatings),
  column('helpfulness_mean', 'fraction', (row) => row.helpfulnessMean),
];

const PARTICIPANTS: Column<ParticipantReport>[] = [
  column('name', 'text', (row) => row.name),
  column('municipality_code', 'text', (row) => row.municipality?.code ?? null),
  column('municipality', 'text', (row) => row.municipality?.name ?? null),
  column('business_domain_code', 'text', (row) => row.businessDomain?.code ?? null),
  column('business_domain', 'text', (row) => row.businessDomain?.nameNl ?? null),
  column('submissions', 'count', (row) => row.submissions),
  column('late', 'count', (row) => row.late),
  column('missing', 'count', (row) => row.missing),
  column('pending', 'count', (row) => row.pending),
  column('reviews_assigned', 'count', (row) => row.reviewsAssigned),
  column('reviews_done', 'count', (row) => row.reviewsDone),
  column('reviews_overdue', 'count', (row) => row.reviewsOverdue),
  column('reviews_received', 'count', (row) => row.reviewsReceived),
  column('distinct_municipalities', 'count', (row) => row.distinctMunicipalities),
  column('distinct_domains', 'count', (row) => row.distinctDomains),
  column('at_risk', 'flag', (row) => row.atRisk),
  column('at_risk_reasons', 'text', (row) => row.atRiskReasons.join(' ')),
];

/** One row per criterion of each assignment, named by its assignment. */
interface RubricRow {
  assignment: AssignmentReport;
  criterion: CriterionReport;
}

const RUBRIC: Column<RubricRow>[] = [
  column('module', 'text', (row) => row.assignment.moduleTitle),
  column('assignment', 'text', (row) => row.assignment.title),
  column('criterion', 'text', (row) => row.criterion.title),
  column('position', 'count', (row) => row.criterion.position),
  column('min_score', 'count', (row) => row.criterion.minScore),
  column('max_score', 'count', (row) => row.criterion.maxScore),
  column('scores', 'count', (row) => row.criterion.scores),
  column('mean', 'fraction', (row) => row.criterion.mean),
  column('standard_deviation', 'fraction', (row) => row.criterion.standardDeviation),
];

const MUNICIPALITY_MATRIX: Column<MunicipalityMatrixCell>[] = [
  column('reviewer_municipality_code', 'text', (cell) => cell.reviewerMunicipality?.code ?? null),
  column('reviewer_municipality', 'text', (cell) => cell.reviewerMunicipality?.name ?? null),
  column('author_municipality_code', 'text', (cell) => cell.authorMunicipality?.code ?? null),
  column('author_municipality', 'text', (cell) => cell.authorMunicipality?.name ?? null),
  column('reviews', 'count', (cell) => cell.reviews),
];

const DOMAIN_MATRIX: Column<DomainMatrixCell>[] = [
  column('reviewer_domain_code', 'text', (cell) => cell.reviewerDomain?.code ?? null),
  column('reviewer_domain', 'text', (cell) => cell.reviewerDomain?.nameNl ?? null),
  column('author_domain_code', 'text', (cell) => cell.authorDomain?.code ?? null),
  column('author_domain', 'text', (cell) => cell.authorDomain?.nameNl ?? null),
  column('reviews', 'count', (cell) => cell.reviews),
];

function tabulate<Row>(columns: Column<Row>[], rows: Row[]): ReportTableData {
  return {
    header: columns.map((col) => col.name),
    kinds: columns.map((col) => col.kind),
    rows: rows.map((row) => columns.map((col) => col.cell(row))),
  };
}

/** One table of the report: header names, column kinds, and the rows in the report's order. */
export function reportTable(report: CohortReport, table: ReportTable): ReportTableData {
  switch (table) {
    case 'assignments':
      return tabulate(ASSIGNMENTS, report.assignments);
    case 'participants':
      return tabulate(PARTICIPANTS, report.participants);
    case 'rubric':
      return tabulate(
        RUBRIC,
        report.assignments.flatMap((assignment) => assignment.rubric.map((criterion) => ({ assignment, criterion }))),
      );
    case 'municipality-matrix':
      return tabulate(MUNICIPALITY_MATRIX, report.network.municipalityMatrix);
    case 'domain-matrix':
      return tabulate(DOMAIN_MATRIX, report.network.domainMatrix);
  }
}

/** The cohort name as ASCII letters, digits and dashes for file names; never a quote, slash or control character. */
export function cohortSlug(cohortName: string): string {
  const slug = cohortName
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 60);
  return slug || 'cohort';
}
