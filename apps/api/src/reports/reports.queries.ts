import type { EntityManager } from 'typeorm';

/*
 * The SQL of the cohort report: one exported function per aggregate, each ONE statement that
 * groups in the database and returns a number of rows bounded by the number of assignments,
 * criteria, participants, municipality or domain pairs and reference rows, never by the number
 * of submissions or reviews. The statements group the report tallies, running totals that
 * triggers keep in the same transaction as the rows they summarise (the ReportTallies migration,
 * database/migrations/shared/report-tallies.ts): one row per assignment and person, per rubric
 * criterion, per network cell and per person's exchange partners, instead of the raw submissions,
 * reviews and scores. The benchmark (bench/reports) times these same functions.
 *
 * Every statement is plain SQL that SQLite and PostgreSQL both accept: booleans are only tested
 * (`CASE WHEN s.is_late`), never compared with a literal; timestamps are compared with a bound
 * parameter, which TypeORM writes as UTC text on SQLite and as a timestamptz on PostgreSQL; the
 * standard deviation is left to the caller (SQLite has no STDDEV), from COUNT, SUM and the sum of
 * squares. `CROSS JOIN ... WHERE` fixes SQLite's join order (it never reorders a CROSS JOIN) so
 * that each statement walks the tallies by their primary keys; PostgreSQL plans it as a join.
 */

/**
 * The assignments a report covers: those of the cohort's modules, archived assignments and
 * modules left out (an archived assignment is withdrawn; nobody owes work on it).
 */
const COHORT_ASSIGNMENTS = `
  ca AS MATERIALIZED (
    SELECT a.id, a.due_at, a.review_due_at
    FROM course_modules m
    CROSS JOIN assignments a
    WHERE m.cohort_id = :cohortId AND a.module_id = m.id AND a.archived_at IS NULL AND m.archived_at IS NULL
  )`;

/** The cohort's current PARTICIPANT enrollments (idx_enrollments_report covers the test). */
const PARTICIPANTS = `e.cohort_id = :cohortId AND e.role = 'PARTICIPANT'`;

/** Runs one statement with named parameters (`:cohortId`), bound the way each driver wants them. */
async function select<T>(manager: EntityManager, sql: string, parameters: Record<string, unknown>): Promise<T[]> {
  const [query, values] = manager.connection.driver.escapeQueryWithParameters(sql, parameters);
  return (await manager.query(query, values)) as T[];
}

/** PostgreSQL hands COUNT and SUM back as text (bigint, numeric); SQLite as numbers; SUM over nothing is NULL. */
export const toNumber = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

const toText = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

const toDate = (value: unknown): Date => (value instanceof Date ? value : new Date(`${String(value).replace(' ', 'T')}Z`));

export interface AssignmentRow {
  id: string;
  title: string;
  moduleId: string;
  moduleTitle: string;
  modulePosition: number;
  dueAt: Date;
  reviewDueAt: Date;
  anonymity: string;
  reviewsPerSubmission: number;
}

/** The covered assignments in course order (module position, due date). */
export async function selectAssignments(manager: EntityManager, cohortId: string): Promise<AssignmentRow[]> {
  const rows = await select<Record<string, unknown>>(
    manager,
    `SELECT a.id AS "id", a.title AS "title", m.id AS "moduleId", m.title AS "moduleTitle", m.position AS "modulePosition",
            a.due_at AS "dueAt", a.review_due_at AS "reviewDueAt", a.anonymity AS "anonymity",
            a.reviews_per_submission AS "reviewsPerSubmission"
     FROM assignments a
     JOIN course_modules m ON m.id = a.module_id
     WHERE m.cohort_id = :cohortId AND a.archived_at IS NULL AND m.archived_at IS NULL
     ORDER BY m.position, a.due_at, a.title, a.id`,
    { cohortId },
  );
  return rows.map((row) => ({
    id: String(row.id),
    title: String(row.title),
    moduleId: String(row.moduleId),
    moduleTitle: String(row.moduleTitle),
    modulePosition: toNumber(row.modulePosition),
    dueAt: toDate(row.dueAt),
    reviewDueAt: toDate(row.reviewDueAt),
    anonymity: String(row.anonymity),
    reviewsPerSubmission: toNumber(row.reviewsPerSubmission),
  }));
}

export interface ParticipantRow {
  userId: string;
  name: string;
  municipalityCode: string | null;
  businessDomainCode: string | null;
}

/** The cohort's current PARTICIPANT enrollments with their affiliation codes, by name. */
export async function selectParticipants(manager: EntityManager, cohortId: string): Promise<ParticipantRow[]> {
  const rows = await select<Record<string, unknown>>(
    manager,
    `SELECT u.id AS "userId", u.name AS "name", u.municipality_code AS "municipalityCode", u.business_domain_code AS "businessDomainCode"
     FROM enrollments e
     CROSS JOIN users u
     WHERE ${PARTICIPANTS} AND u.id = e.user_id
     ORDER BY u.name, u.id`,
    { cohortId },
  );
  return rows.map((row) => ({
    userId: String(row.userId),
    name: String(row.name),
    municipalityCode: toText(row.municipalityCode),
    businessDomainCode: toText(row.businessDomainCode),
  }));
}

export interface ReferenceRows {
  municipalities: { code: string; name: string; province: string }[];
  domains: { code: string; nameNl: string; nameEn: string; descriptionNl: string }[];
}

/** The reference lists (a few hundred rows), to name the codes of the other statements. */
export async function selectReferenceData(manager: EntityManager): Promise<ReferenceRows> {
  const rows = await select<Record<string, unknown>>(
    manager,
    `SELECT 'municipality' AS "kind", code AS "code", name AS "name", province AS "extra", NULL AS "description" FROM municipalities
     UNION ALL
     SELECT 'domain', code, name_nl, name_en, description_nl FROM business_domains`,
    {},
  );
  const result: ReferenceRows = { municipalities: [], domains: [] };
  for (const row of rows) {
    if (row.kind === 'municipality') result.municipalities.push({ code: String(row.code), name: String(row.name), province: String(row.extra) });
    else result.domains.push({ code: String(row.code), nameNl: String(row.name), nameEn: String(row.extra), descriptionNl: String(row.description) });
  }
  return result;
}

export interface SubmissionsByAssignmentRow {
  assignmentId: string;
  submitted: number;
  late: number;
}

export interface SubmissionsByParticipantRow {
  userId: string;
  submitted: number;
  late: number;
  /** Of `submitted`, how many are for assignments already past their due date. */
  submittedPastDue: number;
}

export interface ReviewsByAssignmentRow {
  assignmentId: string;
  assigned: number;
  done: number;
  overdue: number;
  helpfulnessRatings: number;
  helpfulnessSum: number;
}

export interface ReviewsByParticipantRow {
  userId: string;
  assigned: number;
  done: number;
  overdue: number;
  received: number;
}

export interface StatusRows {
  submissionsByAssignment: SubmissionsByAssignmentRow[];
  submissionsByParticipant: SubmissionsByParticipantRow[];
  reviewsByAssignment: ReviewsByAssignmentRow[];
  reviewsByParticipant: ReviewsByParticipantRow[];
}

/**
 * Who handed in and reviewed what, from report_assignment_tallies: per assignment (submissions
 * counted over the current participants; review pairs over all pairs of the assignment) and per
 * current participant. A person has handed in when they have a version, late when none of their
 * versions was on time; assigned reviews are those not REMOVED, done the SUBMITTED ones, overdue
 * those still ASSIGNED after the review due date; received are SUBMITTED reviews of their work.
 */
export async function selectStatus(manager: EntityManager, cohortId: string, now: Date): Promise<StatusRows> {
  const rows = await select<Record<string, unknown>>(
    manager,
    `WITH ${COHORT_ASSIGNMENTS}
     SELECT 'assignment' AS "kind", t.assignment_id AS "key",
            SUM(CASE WHEN t.versions > 0 AND e.user_id IS NOT NULL THEN 1 ELSE 0 END) AS "submitted",
            SUM(CASE WHEN t.versions > 0 AND t.on_time_versions = 0 AND e.user_id IS NOT NULL THEN 1 ELSE 0 END) AS "late",
            0 AS "submittedPastDue",
            SUM(t.reviews_assigned) AS "assigned", SUM(t.reviews_done) AS "done",
            SUM(CASE WHEN ca.review_due_at < :now THEN t.reviews_open ELSE 0 END) AS "overdue",
            0 AS "received", SUM(t.helpfulness_ratings) AS "helpfulnessRatings", SUM(t.helpfulness_sum) AS "helpfulnessSum"
     FROM ca
     CROSS JOIN report_assignment_tallies t
     LEFT JOIN enrollments e ON ${PARTICIPANTS} AND e.user_id = t.user_id
     WHERE t.assignment_id = ca.id
     GROUP BY t.assignment_id
     UNION ALL
     SELECT 'participant', e.user_id,
            SUM(CASE WHEN t.versions > 0 THEN 1 ELSE 0 END),
            SUM(CASE WHEN t.versions > 0 AND t.on_time_versions = 0 THEN 1 ELSE 0 END),
            SUM(CASE WHEN t.versions > 0 AND ca.due_at < :now THEN 1 ELSE 0 END),
            SUM(t.reviews_assigned), SUM(t.reviews_done),
            SUM(CASE WHEN ca.review_due_at < :now THEN t.reviews_open ELSE 0 END),
            SUM(t.reviews_received), 0, 0
     FROM enrollments e
     CROSS JOIN ca
     CROSS JOIN report_assignment_tallies t
     WHERE ${PARTICIPANTS} AND t.assignment_id = ca.id AND t.user_id = e.user_id
     GROUP BY e.user_id`,
    { cohortId, now },
  );
  const status: StatusRows = { submissionsByAssignment: [], submissionsByParticipant: [], reviewsByAssignment: [], reviewsByParticipant: [] };
  for (const row of rows) {
    const key = String(row.key);
    const submitted = toNumber(row.submitted);
    const late = toNumber(row.late);
    const assigned = toNumber(row.assigned);
    const done = toNumber(row.done);
    const overdue = toNumber(row.overdue);
    if (row.kind === 'assignment') {
      status.submissionsByAssignment.push({ assignmentId: key, submitted, late });
      status.reviewsByAssignment.push({
        assignmentId: key,
        assigned,
        done,
        overdue,
        helpfulnessRatings: toNumber(row.helpfulnessRatings),
        helpfulnessSum: toNumber(row.helpfulnessSum),
      });
    } else {
      status.submissionsByParticipant.push({ userId: key, submitted, late, submittedPastDue: toNumber(row.submittedPastDue) });
      status.reviewsByParticipant.push({ userId: key, assigned, done, overdue, received: toNumber(row.received) });
    }
  }
  return status;
}

export interface RubricRow {
  assignmentId: string;
  criterionId: string;
  title: string;
  position: number;
  minScore: number;
  maxScore: number;
  scores: number;
  sum: number;
  sumOfSquares: number;
}

/** Per rubric criterion of the covered assignments: COUNT, SUM and SUM of squares of the scores of SUBMITTED reviews. */
export async function selectRubricStatistics(manager: EntityManager, cohortId: string): Promise<RubricRow[]> {
  const rows = await select<Record<string, unknown>>(
    manager,
    `WITH ${COHORT_ASSIGNMENTS}
     SELECT c.assignment_id AS "assignmentId", c.id AS "criterionId", c.title AS "title", c.position AS "position",
            c.min_score AS "minScore", c.max_score AS "maxScore",
            COALESCE(k.scores, 0) AS "scores", COALESCE(k.score_sum, 0) AS "sum", COALESCE(k.score_squares, 0) AS "sumOfSquares"
     FROM ca
     CROSS JOIN rubric_criteria c
     LEFT JOIN report_criterion_tallies k ON k.criterion_id = c.id
     WHERE c.assignment_id = ca.id
     ORDER BY c.assignment_id, c.position, c.id`,
    { cohortId },
  );
  return rows.map((row) => ({
    assignmentId: String(row.assignmentId),
    criterionId: String(row.criterionId),
    title: String(row.title),
    position: toNumber(row.position),
    minScore: toNumber(row.minScore),
    maxScore: toNumber(row.maxScore),
    scores: toNumber(row.scores),
    sum: toNumber(row.sum),
    sumOfSquares: toNumber(row.sumOfSquares),
  }));
}

export interface MatrixCellRow {
  reviewerCode: string | null;
  authorCode: string | null;
  reviews: number;
}

export interface ExchangeRow {
  userId: string;
  municipalities: number;
  domains: number;
}

export interface MunicipalitySummaryRow {
  /** SUBMITTED reviews of the cohort's assignments. */
  reviews: number;
  /** Of those, reviewer and author both with a municipality, and different ones. */
  crossReviews: number;
  /** Non-empty cells of the municipality matrix. */
  cells: number;
  /** Distinct municipalities on either side. */
  municipalities: number;
}

export interface NetworkRows {
  /** The municipality matrix summed up; the cells themselves come from selectMunicipalityMatrix. */
  municipalitySummary: MunicipalitySummaryRow;
  /** SUBMITTED reviews per (reviewer's business domain, author's business domain). */
  domainMatrix: MatrixCellRow[];
  /**
   * Per person: the distinct municipalities and business domains of the people they exchanged a
   * SUBMITTED review with, in either direction (their own municipality and domain count when a
   * partner shares them; a partner without one adds nothing).
   */
  exchange: ExchangeRow[];
}

/** The tallies use '' for "no code" (key columns cannot be NULL); the report says null. */
const fromKey = (code: unknown): string | null => (code === '' || code === null || code === undefined ? null : String(code));

/**
 * The collaboration network over the SUBMITTED reviews of the cohort's assignments, by the
 * affiliation stored on each pair when it was made (so someone who moves later stays counted
 * where they were): the domain matrix, the municipality matrix summed up, and the distinct
 * counts per person. Two statements: the exchange counts have a key of another type.
 */
export async function selectNetwork(manager: EntityManager, cohortId: string): Promise<NetworkRows> {
  const cells = await select<Record<string, unknown>>(
    manager,
    `SELECT 'domain' AS "kind", reviewer_code AS "reviewerCode", author_code AS "authorCode", reviews AS "reviews",
            0 AS "crossReviews", 0 AS "cells"
     FROM report_network_cells
     WHERE cohort_id = :cohortId AND dimension = 'D' AND reviews > 0
     UNION ALL
     SELECT 'municipality', NULL, NULL, SUM(reviews),
            SUM(CASE WHEN reviewer_code <> '' AND author_code <> '' AND reviewer_code <> author_code THEN reviews ELSE 0 END), COUNT(*)
     FROM report_network_cells
     WHERE cohort_id = :cohortId AND dimension = 'M' AND reviews > 0
     UNION ALL
     -- Each side grouped first (a few hundred codes), so the UNION de-duplicates hundreds of rows, not every cell twice.
     SELECT 'municipalities', NULL, NULL, COUNT(*), 0, 0 FROM (
       SELECT reviewer_code AS code FROM report_network_cells
       WHERE cohort_id = :cohortId AND dimension = 'M' AND reviews > 0 AND reviewer_code <> ''
       GROUP BY reviewer_code
       UNION
       SELECT author_code FROM report_network_cells
       WHERE cohort_id = :cohortId AND dimension = 'M' AND reviews > 0 AND author_code <> ''
       GROUP BY author_code
     ) codes`,
    { cohortId },
  );
  const exchange = await select<Record<string, unknown>>(
    manager,
    `SELECT user_id AS "userId", municipalities AS "municipalities", domains AS "domains"
     FROM report_exchange_counts
     WHERE cohort_id = :cohortId`,
    { cohortId },
  );
  const network: NetworkRows = {
    municipalitySummary: { reviews: 0, crossReviews: 0, cells: 0, municipalities: 0 },
    domainMatrix: [],
    exchange: exchange.map((row) => ({ userId: String(row.userId), municipalities: toNumber(row.municipalities), domains: toNumber(row.domains) })),
  };
  for (const row of cells) {
    if (row.kind === 'domain') {
      network.domainMatrix.push({ reviewerCode: fromKey(row.reviewerCode), authorCode: fromKey(row.authorCode), reviews: toNumber(row.reviews) });
    } else if (row.kind === 'municipality') {
      network.municipalitySummary.reviews = toNumber(row.reviews);
      network.municipalitySummary.crossReviews = toNumber(row.crossReviews);
      network.municipalitySummary.cells = toNumber(row.cells);
    } else {
      network.municipalitySummary.municipalities = toNumber(row.reviews);
    }
  }
  network.domainMatrix.sort(byCodes);
  return network;
}

export interface MunicipalityMatrixFilter {
  /** Only the cells where this municipality reviews or is reviewed (its row and column of the matrix). */
  municipalityCode?: string | null;
  /** At most this many cells, the busiest first; all when absent. */
  first?: number;
}

/**
 * Cells of the municipality matrix: all of them by codes (the exports), or the busiest first
 * (the API, a page of a matrix that has tens of thousands of cells in a large cohort).
 */
export async function selectMunicipalityMatrix(
  manager: EntityManager,
  cohortId: string,
  filter: MunicipalityMatrixFilter = {},
): Promise<MatrixCellRow[]> {
  const code = filter.municipalityCode ?? null;
  const rows = await select<Record<string, unknown>>(
    manager,
    `SELECT reviewer_code AS "reviewerCode", author_code AS "authorCode", reviews AS "reviews"
     FROM report_network_cells
     WHERE cohort_id = :cohortId AND dimension = 'M' AND reviews > 0
       ${code === null ? '' : 'AND (reviewer_code = :code OR author_code = :code)'}
     ${filter.first === undefined ? 'ORDER BY reviewer_code, author_code' : `ORDER BY reviews DESC, reviewer_code, author_code LIMIT ${Math.trunc(filter.first)}`}`,
    { cohortId, code },
  );
  return rows.map((row) => ({ reviewerCode: fromKey(row.reviewerCode), authorCode: fromKey(row.authorCode), reviews: toNumber(row.reviews) }));
}

// Codes are ASCII (GM0363, BEL): a plain comparison sorts them as localeCompare would; no code sorts first.
const compare = (a: string | null, b: string | null) => ((a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0);
const byCodes = (a: MatrixCellRow, b: MatrixCellRow) => compare(a.reviewerCode, b.reviewerCode) || compare(a.authorCode, b.authorCode);
