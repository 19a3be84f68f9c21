import type { CohortReport } from './report.model';

export const REPORT_TABLES = ['assignments', 'participants', 'rubric', 'municipality-matrix', 'domain-matrix'] as const;
export type ReportTable = (typeof REPORT_TABLES)[number];

export const isReportTable = (name: string): name is ReportTable => (REPORT_TABLES as readonly string[]).includes(name);

type Cell = string | number | boolean | Date | null;

/**
 * One CSV field. Text that a spreadsheet program would read as a formula (starting with = + - @,
 * a tab or a carriage return) gets a leading single quote (OWASP "CSV injection"); then RFC 4180
 * quoting for fields with a comma, quote, CR or LF. Numbers are written as numbers: they are never
 * negative in a report, so they never start with a formula character.
 */
export function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Math.round(value * 10000) / 10000);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let text = value instanceof Date ? value.toISOString() : value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole file: UTF-8 byte order mark (Excel reads UTF-8 only with it), header row, CRLF line ends. */
export function toCsv(header: string[], rows: Cell[][]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** The rows of one report table as CSV. */
export function reportCsv(report: CohortReport, table: ReportTable): string {
  switch (table) {
    case 'assignments':
      return toCsv(
        [
          'module', 'assignment', 'due_at', 'review_due_at', 'anonymity', 'enrolled', 'submitted', 'on_time', 'late', 'missing', 'pending',
          'reviews_assigned', 'reviews_done', 'reviews_overdue', 'helpfulness_ratings', 'helpfulness_mean',
        ],
        report.assignments.map((row) => [
          row.moduleTitle, row.title, row.dueAt, row.reviewDueAt, row.anonymity, row.enrolled, row.submitted, row.onTime, row.late,
          row.missing, row.pending, row.reviewsAssigned, row.reviewsDone, row.reviewsOverdue, row.helpfulnessRatings, row.helpfulnessMean,
        ]),
      );
    case 'participants':
      return toCsv(
        [
          'name', 'municipality_code', 'municipality', 'business_domain_code', 'business_domain', 'submissions', 'late', 'missing',
          'pending', 'reviews_assigned', 'reviews_done', 'reviews_overdue', 'reviews_received',
          'distinct_municipalities', 'distinct_domains', 'at_risk', 'at_risk_reasons',
        ],
        report.participants.map((row) => [
          row.name, row.municipality?.code ?? null, row.municipality?.name ?? null, row.businessDomain?.code ?? null,
          row.businessDomain?.nameNl ?? null, row.submissions, row.late, row.missing, row.pending, row.reviewsAssigned, row.reviewsDone,
          row.reviewsOverdue, row.reviewsReceived, row.distinctMunicipalities, row.distinctDomains, row.atRisk,
          row.atRiskReasons.join(' '),
        ]),
      );
    case 'rubric':
      return toCsv(
        ['module', 'assignment', 'criterion', 'position', 'min_score', 'max_score', 'scores', 'mean', 'standard_deviation'],
        report.assignments.flatMap((assignment) =>
          assignment.rubric.map((row) => [
            assignment.moduleTitle, assignment.title, row.title, row.position, row.minScore, row.maxScore, row.scores, row.mean,
            row.standardDeviation,
          ]),
        ),
      );
    case 'municipality-matrix':
      return toCsv(
        ['reviewer_municipality_code', 'reviewer_municipality', 'author_municipality_code', 'author_municipality', 'reviews'],
        report.network.municipalityMatrix.map((cell) => [
          cell.reviewerMunicipality?.code ?? null, cell.reviewerMunicipality?.name ?? null, cell.authorMunicipality?.code ?? null,
          cell.authorMunicipality?.name ?? null, cell.reviews,
        ]),
      );
    case 'domain-matrix':
      return toCsv(
        ['reviewer_domain_code', 'reviewer_domain', 'author_domain_code', 'author_domain', 'reviews'],
        report.network.domainMatrix.map((cell) => [
          cell.reviewerDomain?.code ?? null, cell.reviewerDomain?.nameNl ?? null, cell.authorDomain?.code ?? null,
          cell.authorDomain?.nameNl ?? null, cell.reviews,
        ]),
      );
  }
}

/** `academy-<cohort name as ASCII letters, digits and dashes>-<table>.csv`; never a quote, slash or control character. */
export function csvFileName(cohortName: string, table: ReportTable): string {
  const slug = cohortName
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 60);
  return `academy-${slug || 'cohort'}-${table}.csv`;
}
