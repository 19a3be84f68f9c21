import type { EntityManager } from 'typeorm';

/*
 * The SQL of the cohort report: one exported function per aggregate, each ONE statement that
 * groups in the database and returns a number of rows bounded by the number of assignments,
 * criteria, participants, municipality or domain pairs and reference rows, never by the number
 * of submissions or reviews. The benchmark (bench/reports) times these same functions.
 *
 * Every statement is plain SQL that SQLite and PostgreSQL both accept: booleans are only tested
 * (`CASE WHEN s.is_late`), never compared with a literal; timestamps are compared with a bound
 * parameter, which TypeORM writes as UTC text on SQLite and as a timestamptz on PostgreSQL; the
 * standard deviation is left to the caller (SQLite has no STDDEV), from COUNT, SUM and the sum of
 * squares. `CROSS JOIN ... WHERE` fixes SQLite's join order (it never reorders a CROSS JOIN) so
 * that each statement walks one of the report indexes in order; PostgreSQL plans it as a join.
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

/** The cohort's current PARTICIPANT enrollments, walked in user-id order on idx_enrollments_report. */
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

/**
 * Who handed in what, over current participants: first one row per (participant, assignment)
 * with `only_late` 1 when every version is late, 0 when one was on time; then counted per
 * assignment (submitted, only late) and per participant (also: handed in among those past due).
 */
export async function selectSubmissionStatus(
  manager: EntityManager,
  cohortId: string,
  now: Date,
): Promise<{ byAssignment: SubmissionsByAssignmentRow[]; byParticipant: SubmissionsByParticipantRow[] }> {
  const rows = await select<Record<string, unknown>>(
    manager,
    `WITH ${COHORT_ASSIGNMENTS},
     st AS MATERIALIZED (
       SELECT e.user_id AS author_id, s.assignment_id, MIN(CASE WHEN s.is_late THEN 1 ELSE 0 END) AS only_late
       FROM enrollments e
       CROSS JOIN submissions s
       WHERE ${PARTICIPANTS} AND s.author_id = e.user_id AND s.assignment_id IN (SELECT id FROM ca)
       GROUP BY e.user_id, s.assignment_id
     )
     SELECT 'assignment' AS "kind", st.assignment_id AS "key", COUNT(*) AS "submitted", SUM(st.only_late) AS "late", 0 AS "submittedPastDue"
     FROM st
     GROUP BY st.assignment_id
     UNION ALL
     SELECT 'participant', st.author_id, COUNT(*), SUM(st.only_late), SUM(CASE WHEN ca.due_at < :now THEN 1 ELSE 0 END)
     FROM st
     JOIN ca ON ca.id = st.assignment_id
     GROUP BY st.author_id`,
    { cohortId, now },
  );
  const byAssignment: SubmissionsByAssignmentRow[] = [];
  const byParticipant: SubmissionsByParticipantRow[] = [];
  for (const row of rows) {
    const counts = { submitted: toNumber(row.submitted), late: toNumber(row.late) };
    if (row.kind === 'assignment') byAssignment.push({ assignmentId: String(row.key), ...counts });
    else byParticipant.push({ userId: String(row.key), ...counts, submittedPastDue: toNumber(row.submittedPastDue) });
  }
  return { byAssignment, byParticipant };
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

/**
 * Review pairs counted per assignment over all its pairs, and per current participant as
 * reviewer and as author: assigned (not REMOVED), done (SUBMITTED), overdue (ASSIGNED past the
 * review due date), received (SUBMITTED reviews of their work), and the helpfulness ratings of
 * SUBMITTED reviews.
 */
export async function selectReviewStatus(
  manager: EntityManager,
  cohortId: string,
  now: Date,
): Promise<{ byAssignment: ReviewsByAssignmentRow[]; byParticipant: ReviewsByParticipantRow[] }> {
  const rows = await select<Record<string, unknown>>(
    manager,
    `WITH ${COHORT_ASSIGNMENTS}
     SELECT 'assignment' AS "kind", r.assignment_id AS "key",
            SUM(CASE WHEN r.status <> 'REMOVED' THEN 1 ELSE 0 END) AS "assigned",
            SUM(CASE WHEN r.status = 'SUBMITTED' THEN 1 ELSE 0 END) AS "done",
            SUM(CASE WHEN r.status = 'ASSIGNED' AND r.assignment_id IN (SELECT id FROM ca WHERE ca.review_due_at < :now) THEN 1 ELSE 0 END) AS "overdue",
            0 AS "received",
            COUNT(CASE WHEN r.status = 'SUBMITTED' THEN r.helpfulness END) AS "helpfulnessRatings",
            SUM(CASE WHEN r.status = 'SUBMITTED' THEN r.helpfulness END) AS "helpfulnessSum"
     FROM peer_reviews r
     WHERE r.assignment_id IN (SELECT id FROM ca)
     GROUP BY r.assignment_id
     UNION ALL
     SELECT 'reviewer', e.user_id,
            SUM(CASE WHEN r.status <> 'REMOVED' THEN 1 ELSE 0 END),
            SUM(CASE WHEN r.status = 'SUBMITTED' THEN 1 ELSE 0 END),
            SUM(CASE WHEN r.status = 'ASSIGNED' AND ca.review_due_at < :now THEN 1 ELSE 0 END),
            0, 0, 0
     FROM enrollments e
     CROSS JOIN peer_reviews r
     CROSS JOIN ca
     WHERE ${PARTICIPANTS} AND r.reviewer_id = e.user_id AND ca.id = r.assignment_id
     GROUP BY e.user_id
     UNION ALL
     SELECT 'author', e.user_id, 0, 0, 0, COUNT(*), 0, 0
     FROM enrollments e
     CROSS JOIN peer_reviews r
     WHERE ${PARTICIPANTS} AND r.author_id = e.user_id AND r.status = 'SUBMITTED' AND r.assignment_id IN (SELECT id FROM ca)
     GROUP BY e.user_id`,
    { cohortId, now },
  );
  const byAssignment: ReviewsByAssignmentRow[] = [];
  const byPerson = new Map<string, ReviewsByParticipantRow>();
  for (const row of rows) {
    const key = String(row.key);
    if (row.kind === 'assignment') {
      byAssignment.push({
        assignmentId: key,
        assigned: toNumber(row.assigned),
        done: toNumber(row.done),
        overdue: toNumber(row.overdue),
        helpfulnessRatings: toNumber(row.helpfulnessRatings),
        helpfulnessSum: toNumber(row.helpfulnessSum),
      });
      continue;
    }
    const person = byPerson.get(key) ?? { userId: key, assigned: 0, done: 0, overdue: 0, received: 0 };
    person.assigned += toNumber(row.assigned);
    person.done += toNumber(row.done);
    person.overdue += toNumber(row.overdue);
    person.received += toNumber(row.received);
    byPerson.set(key, person);
  }
  return { byAssignment, byParticipant: [...byPerson.values()] };
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

/**
 * Per rubric criterion of the covered assignments: COUNT, SUM and SUM of squares of the scores of
 * SUBMITTED reviews. Scores are read straight from peer_review_scores by criterion (one pass,
 * no per-review lookup), and the scores of reviews that are not SUBMITTED (normally none: a
 * review gets scores when it is submitted) are subtracted again.
 */
export async function selectRubricStatistics(manager: EntityManager, cohortId: string): Promise<RubricRow[]> {
  const rows = await select<Record<string, unknown>>(
    manager,
    `WITH ${COHORT_ASSIGNMENTS},
     cc AS MATERIALIZED (
       SELECT c.id, c.assignment_id, c.title, c.position, c.min_score, c.max_score
       FROM ca CROSS JOIN rubric_criteria c
       WHERE c.assignment_id = ca.id
     ),
     scored AS MATERIALIZED (
       SELECT s.criterion_id, COUNT(*) AS scores, SUM(s.score) AS total, SUM(s.score * s.score) AS squares
       FROM peer_review_scores s
       WHERE s.criterion_id IN (SELECT id FROM cc)
       GROUP BY s.criterion_id
     ),
     unsubmitted AS MATERIALIZED (
       SELECT s.criterion_id, COUNT(*) AS scores, SUM(s.score) AS total, SUM(s.score * s.score) AS squares
       FROM ca
       CROSS JOIN peer_reviews r
       CROSS JOIN peer_review_scores s
       WHERE r.assignment_id = ca.id AND r.status IN ('ASSIGNED', 'REMOVED') AND s.peer_review_id = r.id
       GROUP BY s.criterion_id
     )
     SELECT cc.assignment_id AS "assignmentId", cc.id AS "criterionId", cc.title AS "title", cc.position AS "position",
            cc.min_score AS "minScore", cc.max_score AS "maxScore",
            COALESCE(scored.scores, 0) - COALESCE(unsubmitted.scores, 0) AS "scores",
            COALESCE(scored.total, 0) - COALESCE(unsubmitted.total, 0) AS "sum",
            COALESCE(scored.squares, 0) - COALESCE(unsubmitted.squares, 0) AS "sumOfSquares"
     FROM cc
     LEFT JOIN scored ON scored.criterion_id = cc.id
     LEFT JOIN unsubmitted ON unsubmitted.criterion_id = cc.id
     ORDER BY cc.assignment_id, cc.position, cc.id`,
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

/** Far above the number of business domains (the reference list has fifteen). */
const EXCHANGE_BASE = 1_000_000;

export interface NetworkRows {
  /** SUBMITTED reviews per (reviewer's municipality, author's municipality): the sparse matrix. */
  municipalityMatrix: MatrixCellRow[];
  /** SUBMITTED reviews per (reviewer's business domain, author's business domain). */
  domainMatrix: MatrixCellRow[];
  /**
   * Per current participant: the distinct municipalities and business domains of the people they
   * exchanged a SUBMITTED review with, in either direction (their own municipality and domain
   * count when a partner shares them; a partner without one adds nothing).
   */
  exchange: ExchangeRow[];
}

/**
 * The collaboration network over the SUBMITTED reviews of the cohort's assignments, by the
 * affiliation stored on each pair when it was made (peer_reviews.reviewer_municipality_code and
 * friends), so someone who moves later stays counted where they were, and no review is joined
 * with users. Each matrix walks its own index (status, reviewer code, author code, assignment):
 * SQLite groups in index order without sorting (PostgreSQL hashes); the walk passes the
 * SUBMITTED reviews of every cohort and keeps this cohort's by assignment id, still far cheaper
 * than sorting them. The exchange counts run per participant over their own reviews in both
 * directions (idx_peer_reviews_report_reviewer and _author carry the other side's codes), a
 * hundred-odd rows each, instead of one distinct count over every review of the cohort.
 */
export async function selectNetwork(manager: EntityManager, cohortId: string): Promise<NetworkRows> {
  const rows = await select<Record<string, unknown>>(
    manager,
    `WITH ${COHORT_ASSIGNMENTS}
     SELECT 'participant' AS "kind", NULL AS "reviewerCode", NULL AS "authorCode", 0 AS "reviews", e.user_id AS "userId",
            (
              -- Both counts from one pass over the person's reviews: a scalar subquery yields one
              -- value and SQLite has no LATERAL, so the pair travels as municipalities * 10^6 + domains.
              SELECT COUNT(DISTINCT x.m) * ${EXCHANGE_BASE} + COUNT(DISTINCT x.d) FROM (
                SELECT r.author_municipality_code AS m, r.author_domain_code AS d FROM peer_reviews r
                WHERE r.reviewer_id = e.user_id AND r.status = 'SUBMITTED' AND r.assignment_id IN (SELECT id FROM ca)
                UNION ALL
                SELECT r.reviewer_municipality_code, r.reviewer_domain_code FROM peer_reviews r
                WHERE r.author_id = e.user_id AND r.status = 'SUBMITTED' AND r.assignment_id IN (SELECT id FROM ca)
              ) x
            ) AS "exchange"
     FROM enrollments e
     WHERE ${PARTICIPANTS}
     UNION ALL
     SELECT 'municipality', r.reviewer_municipality_code, r.author_municipality_code, COUNT(*), NULL, 0
     FROM peer_reviews r
     WHERE r.status = 'SUBMITTED' AND r.assignment_id IN (SELECT id FROM ca)
     GROUP BY r.reviewer_municipality_code, r.author_municipality_code
     UNION ALL
     SELECT 'domain', r.reviewer_domain_code, r.author_domain_code, COUNT(*), NULL, 0
     FROM peer_reviews r
     WHERE r.status = 'SUBMITTED' AND r.assignment_id IN (SELECT id FROM ca)
     GROUP BY r.reviewer_domain_code, r.author_domain_code`,
    { cohortId },
  );
  const network: NetworkRows = { municipalityMatrix: [], domainMatrix: [], exchange: [] };
  for (const row of rows) {
    if (row.kind === 'participant') {
      const exchange = toNumber(row.exchange);
      network.exchange.push({
        userId: String(row.userId),
        municipalities: Math.floor(exchange / EXCHANGE_BASE),
        domains: exchange % EXCHANGE_BASE,
      });
      continue;
    }
    const cell = { reviewerCode: toText(row.reviewerCode), authorCode: toText(row.authorCode), reviews: toNumber(row.reviews) };
    (row.kind === 'municipality' ? network.municipalityMatrix : network.domainMatrix).push(cell);
  }
  // Codes are ASCII (GM0363, BEL): a plain comparison sorts them as localeCompare would, and
  // the municipality matrix of a large cohort has tens of thousands of cells.
  const compare = (a: string | null, b: string | null) => ((a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0);
  const byCodes = (a: MatrixCellRow, b: MatrixCellRow) => compare(a.reviewerCode, b.reviewerCode) || compare(a.authorCode, b.authorCode);
  network.municipalityMatrix.sort(byCodes);
  network.domainMatrix.sort(byCodes);
  return network;
}
