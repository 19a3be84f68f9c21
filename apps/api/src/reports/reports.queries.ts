import type { EntityManager } from 'typeorm';

/*
 * The SQL of the cohort report: one exported function per aggregate, each ONE statement that
 * groups in the database and returns a number of rows bounded by the number of assignments,
 * criteria, participants or municipality/domain pairs, never by the number of submissions or
 * reviews. The benchmark (bench/reports) times these same functions.
 *
 * Every statement is plain SQL that SQLite and PostgreSQL both accept: booleans are only tested
 * (`CASE WHEN s.is_late`), never compared with a literal; timestamps are compared with a bound
 * parameter, which TypeORM writes as UTC text on SQLite and as a timestamptz on PostgreSQL; the
 * standard deviation is left to the caller (SQLite has no STDDEV), from COUNT, SUM and the sum of
 * squares.
 */

/**
 * The assignments a report covers: those of the cohort's modules, archived assignments and
 * modules left out (an archived assignment is withdrawn; nobody owes work on it).
 */
const COHORT_ASSIGNMENTS = `
  ca AS (
    SELECT a.id, a.due_at, a.review_due_at
    FROM assignments a
    JOIN course_modules m ON m.id = a.module_id
    WHERE m.cohort_id = :cohortId AND a.archived_at IS NULL AND m.archived_at IS NULL
  )`;

/** Runs one statement with named parameters (`:cohortId`), bound the way each driver wants them. */
async function select<T>(manager: EntityManager, sql: string, parameters: Record<string, unknown>): Promise<T[]> {
  const [query, values] = manager.connection.driver.escapeQueryWithParameters(sql, parameters);
  return (await manager.query(query, values)) as T[];
}

/** PostgreSQL hands COUNT and SUM back as text (bigint, numeric); SQLite as numbers; SUM over nothing is NULL. */
export const toNumber = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

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
  municipalityName: string | null;
  province: string | null;
  businessDomainCode: string | null;
  domainNameNl: string | null;
  domainNameEn: string | null;
  domainDescriptionNl: string | null;
}

/** The cohort's current PARTICIPANT enrollments with their affiliation, by name. */
export async function selectParticipants(manager: EntityManager, cohortId: string): Promise<ParticipantRow[]> {
  return select<ParticipantRow>(
    manager,
    `SELECT u.id AS "userId", u.name AS "name",
            u.municipality_code AS "municipalityCode", mu.name AS "municipalityName", mu.province AS "province",
            u.business_domain_code AS "businessDomainCode", d.name_nl AS "domainNameNl", d.name_en AS "domainNameEn",
            d.description_nl AS "domainDescriptionNl"
     FROM enrollments e
     JOIN users u ON u.id = e.user_id
     LEFT JOIN municipalities mu ON mu.code = u.municipality_code
     LEFT JOIN business_domains d ON d.code = u.business_domain_code
     WHERE e.cohort_id = :cohortId AND e.role = 'PARTICIPANT'
     ORDER BY u.name, u.id`,
    { cohortId },
  );
}

/**
 * Per (assignment, current participant) who handed in: `onlyLate` is 1 when every version is
 * late, 0 when at least one version was on time.
 */
const SUBMISSION_STATUS = `
  st AS (
    SELECT s.assignment_id, s.author_id, MIN(CASE WHEN s.is_late THEN 1 ELSE 0 END) AS only_late
    FROM ca
    JOIN submissions s ON s.assignment_id = ca.id
    JOIN enrollments e ON e.cohort_id = :cohortId AND e.user_id = s.author_id AND e.role = 'PARTICIPANT'
    GROUP BY s.assignment_id, s.author_id
  )`;

export interface SubmissionsByAssignmentRow {
  assignmentId: string;
  submitted: number;
  late: number;
}

/** Per assignment: current participants with at least one submission, and those with only late versions. */
export async function selectSubmissionsByAssignment(manager: EntityManager, cohortId: string): Promise<SubmissionsByAssignmentRow[]> {
  const rows = await select<Record<string, unknown>>(
    manager,
    `WITH ${COHORT_ASSIGNMENTS}, ${SUBMISSION_STATUS}
     SELECT st.assignment_id AS "assignmentId", COUNT(*) AS "submitted", SUM(st.only_late) AS "late"
     FROM st
     GROUP BY st.assignment_id`,
    { cohortId },
  );
  return rows.map((row) => ({ assignmentId: String(row.assignmentId), submitted: toNumber(row.submitted), late: toNumber(row.late) }));
}

export interface SubmissionsByParticipantRow {
  userId: string;
  submitted: number;
  late: number;
  /** Of `submitted`, how many are for assignments already past their due date. */
  submittedPastDue: number;
}

/** Per current participant: assignments handed in, only late, and handed in among those past due. */
export async function selectSubmissionsByParticipant(manager: EntityManager, cohortId: string, now: Date): Promise<SubmissionsByParticipantRow[]> {
  const rows = await select<Record<string, unknown>>(
    manager,
    `WITH ${COHORT_ASSIGNMENTS}, ${SUBMISSION_STATUS}
     SELECT st.author_id AS "userId", COUNT(*) AS "submitted", SUM(st.only_late) AS "late",
            SUM(CASE WHEN ca.due_at < :now THEN 1 ELSE 0 END) AS "submittedPastDue"
     FROM st
     JOIN ca ON ca.id = st.assignment_id
     GROUP BY st.author_id`,
    { cohortId, now },
  );
  return rows.map((row) => ({
    userId: String(row.userId),
    submitted: toNumber(row.submitted),
    late: toNumber(row.late),
    submittedPastDue: toNumber(row.submittedPastDue),
  }));
}

export interface ReviewsByAssignmentRow {
  assignmentId: string;
  assigned: number;
  done: number;
  overdue: number;
  helpfulnessRatings: number;
  helpfulnessSum: number;
}

/**
 * Per assignment over all its pairs: assigned (not REMOVED), done (SUBMITTED), overdue
 * (ASSIGNED past the review due date), and the helpfulness ratings of SUBMITTED reviews.
 */
export async function selectReviewsByAssignment(manager: EntityManager, cohortId: string, now: Date): Promise<ReviewsByAssignmentRow[]> {
  const rows = await select<Record<string, unknown>>(
    manager,
    `WITH ${COHORT_ASSIGNMENTS}
     SELECT r.assignment_id AS "assignmentId",
            SUM(CASE WHEN r.status <> 'REMOVED' THEN 1 ELSE 0 END) AS "assigned",
            SUM(CASE WHEN r.status = 'SUBMITTED' THEN 1 ELSE 0 END) AS "done",
            SUM(CASE WHEN r.status = 'ASSIGNED' AND ca.review_due_at < :now THEN 1 ELSE 0 END) AS "overdue",
            COUNT(CASE WHEN r.status = 'SUBMITTED' THEN r.helpfulness END) AS "helpfulnessRatings",
            SUM(CASE WHEN r.status = 'SUBMITTED' THEN r.helpfulness END) AS "helpfulnessSum"
     FROM ca
     JOIN peer_reviews r ON r.assignment_id = ca.id
     GROUP BY r.assignment_id`,
    { cohortId, now },
  );
  return rows.map((row) => ({
    assignmentId: String(row.assignmentId),
    assigned: toNumber(row.assigned),
    done: toNumber(row.done),
    overdue: toNumber(row.overdue),
    helpfulnessRatings: toNumber(row.helpfulnessRatings),
    helpfulnessSum: toNumber(row.helpfulnessSum),
  }));
}

export interface ReviewsByParticipantRow {
  userId: string;
  assigned: number;
  done: number;
  overdue: number;
  received: number;
}

/** Per current participant: reviews they were assigned, wrote, owe past the due date, and SUBMITTED reviews of their work. */
export async function selectReviewsByParticipant(manager: EntityManager, cohortId: string, now: Date): Promise<ReviewsByParticipantRow[]> {
  const rows = await select<Record<string, unknown>>(
    manager,
    `WITH ${COHORT_ASSIGNMENTS}
     SELECT x.person AS "userId", SUM(x.assigned) AS "assigned", SUM(x.done) AS "done", SUM(x.overdue) AS "overdue",
            SUM(x.received) AS "received"
     FROM (
       SELECT r.reviewer_id AS person,
              CASE WHEN r.status <> 'REMOVED' THEN 1 ELSE 0 END AS assigned,
              CASE WHEN r.status = 'SUBMITTED' THEN 1 ELSE 0 END AS done,
              CASE WHEN r.status = 'ASSIGNED' AND ca.review_due_at < :now THEN 1 ELSE 0 END AS overdue,
              0 AS received
       FROM ca JOIN peer_reviews r ON r.assignment_id = ca.id
       UNION ALL
       SELECT r.author_id, 0, 0, 0, 1
       FROM ca JOIN peer_reviews r ON r.assignment_id = ca.id
       WHERE r.status = 'SUBMITTED'
     ) x
     JOIN enrollments e ON e.cohort_id = :cohortId AND e.user_id = x.person AND e.role = 'PARTICIPANT'
     GROUP BY x.person`,
    { cohortId, now },
  );
  return rows.map((row) => ({
    userId: String(row.userId),
    assigned: toNumber(row.assigned),
    done: toNumber(row.done),
    overdue: toNumber(row.overdue),
    received: toNumber(row.received),
  }));
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
    `WITH ${COHORT_ASSIGNMENTS},
     agg AS (
       SELECT s.criterion_id, COUNT(*) AS scores, SUM(s.score) AS total, SUM(s.score * s.score) AS squares
       FROM ca
       JOIN peer_reviews r ON r.assignment_id = ca.id AND r.status = 'SUBMITTED'
       JOIN peer_review_scores s ON s.peer_review_id = r.id
       GROUP BY s.criterion_id
     )
     SELECT c.assignment_id AS "assignmentId", c.id AS "criterionId", c.title AS "title", c.position AS "position",
            c.min_score AS "minScore", c.max_score AS "maxScore",
            agg.scores AS "scores", agg.total AS "sum", agg.squares AS "sumOfSquares"
     FROM ca
     JOIN rubric_criteria c ON c.assignment_id = ca.id
     LEFT JOIN agg ON agg.criterion_id = c.id
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

export interface MunicipalityCellRow {
  reviewerCode: string | null;
  reviewerName: string | null;
  reviewerProvince: string | null;
  authorCode: string | null;
  authorName: string | null;
  authorProvince: string | null;
  reviews: number;
}

/** SUBMITTED reviews per (reviewer's municipality, author's municipality): the sparse matrix. */
export async function selectMunicipalityMatrix(manager: EntityManager, cohortId: string): Promise<MunicipalityCellRow[]> {
  const rows = await select<Record<string, unknown>>(
    manager,
    `WITH ${COHORT_ASSIGNMENTS},
     cells AS (
       SELECT ru.municipality_code AS reviewer_code, au.municipality_code AS author_code, COUNT(*) AS reviews
       FROM ca
       JOIN peer_reviews r ON r.assignment_id = ca.id AND r.status = 'SUBMITTED'
       JOIN users ru ON ru.id = r.reviewer_id
       JOIN users au ON au.id = r.author_id
       GROUP BY ru.municipality_code, au.municipality_code
     )
     SELECT cells.reviewer_code AS "reviewerCode", rm.name AS "reviewerName", rm.province AS "reviewerProvince",
            cells.author_code AS "authorCode", am.name AS "authorName", am.province AS "authorProvince", cells.reviews AS "reviews"
     FROM cells
     LEFT JOIN municipalities rm ON rm.code = cells.reviewer_code
     LEFT JOIN municipalities am ON am.code = cells.author_code
     ORDER BY cells.reviewer_code, cells.author_code`,
    { cohortId },
  );
  return rows.map((row) => ({
    reviewerCode: (row.reviewerCode as string | null) ?? null,
    reviewerName: (row.reviewerName as string | null) ?? null,
    reviewerProvince: (row.reviewerProvince as string | null) ?? null,
    authorCode: (row.authorCode as string | null) ?? null,
    authorName: (row.authorName as string | null) ?? null,
    authorProvince: (row.authorProvince as string | null) ?? null,
    reviews: toNumber(row.reviews),
  }));
}

export interface DomainCellRow {
  reviewerCode: string | null;
  reviewerNameNl: string | null;
  reviewerNameEn: string | null;
  reviewerDescriptionNl: string | null;
  authorCode: string | null;
  authorNameNl: string | null;
  authorNameEn: string | null;
  authorDescriptionNl: string | null;
  reviews: number;
}

/** SUBMITTED reviews per (reviewer's business domain, author's business domain). */
export async function selectDomainMatrix(manager: EntityManager, cohortId: string): Promise<DomainCellRow[]> {
  const rows = await select<Record<string, unknown>>(
    manager,
    `WITH ${COHORT_ASSIGNMENTS},
     cells AS (
       SELECT ru.business_domain_code AS reviewer_code, au.business_domain_code AS author_code, COUNT(*) AS reviews
       FROM ca
       JOIN peer_reviews r ON r.assignment_id = ca.id AND r.status = 'SUBMITTED'
       JOIN users ru ON ru.id = r.reviewer_id
       JOIN users au ON au.id = r.author_id
       GROUP BY ru.business_domain_code, au.business_domain_code
     )
     SELECT cells.reviewer_code AS "reviewerCode", rd.name_nl AS "reviewerNameNl", rd.name_en AS "reviewerNameEn",
            rd.description_nl AS "reviewerDescriptionNl",
            cells.author_code AS "authorCode", ad.name_nl AS "authorNameNl", ad.name_en AS "authorNameEn",
            ad.description_nl AS "authorDescriptionNl", cells.reviews AS "reviews"
     FROM cells
     LEFT JOIN business_domains rd ON rd.code = cells.reviewer_code
     LEFT JOIN business_domains ad ON ad.code = cells.author_code
     ORDER BY cells.reviewer_code, cells.author_code`,
    { cohortId },
  );
  return rows.map((row) => ({
    reviewerCode: (row.reviewerCode as string | null) ?? null,
    reviewerNameNl: (row.reviewerNameNl as string | null) ?? null,
    reviewerNameEn: (row.reviewerNameEn as string | null) ?? null,
    reviewerDescriptionNl: (row.reviewerDescriptionNl as string | null) ?? null,
    authorCode: (row.authorCode as string | null) ?? null,
    authorNameNl: (row.authorNameNl as string | null) ?? null,
    authorNameEn: (row.authorNameEn as string | null) ?? null,
    authorDescriptionNl: (row.authorDescriptionNl as string | null) ?? null,
    reviews: toNumber(row.reviews),
  }));
}

export interface ExchangeRow {
  userId: string;
  partners: number;
  municipalities: number;
  domains: number;
}

/**
 * Per current participant: the distinct people, municipalities and business domains they
 * exchanged a SUBMITTED review with, in either direction (their own municipality and domain
 * count when a partner shares them; a partner without one adds nothing).
 */
export async function selectExchangePartners(manager: EntityManager, cohortId: string): Promise<ExchangeRow[]> {
  const rows = await select<Record<string, unknown>>(
    manager,
    `WITH ${COHORT_ASSIGNMENTS},
     pairs AS (
       SELECT r.reviewer_id AS person, r.author_id AS partner
       FROM ca JOIN peer_reviews r ON r.assignment_id = ca.id AND r.status = 'SUBMITTED'
       UNION ALL
       SELECT r.author_id, r.reviewer_id
       FROM ca JOIN peer_reviews r ON r.assignment_id = ca.id AND r.status = 'SUBMITTED'
     )
     SELECT pairs.person AS "userId", COUNT(DISTINCT pairs.partner) AS "partners",
            COUNT(DISTINCT u.municipality_code) AS "municipalities", COUNT(DISTINCT u.business_domain_code) AS "domains"
     FROM pairs
     JOIN enrollments e ON e.cohort_id = :cohortId AND e.user_id = pairs.person AND e.role = 'PARTICIPANT'
     JOIN users u ON u.id = pairs.partner
     GROUP BY pairs.person`,
    { cohortId },
  );
  return rows.map((row) => ({
    userId: String(row.userId),
    partners: toNumber(row.partners),
    municipalities: toNumber(row.municipalities),
    domains: toNumber(row.domains),
  }));
}
