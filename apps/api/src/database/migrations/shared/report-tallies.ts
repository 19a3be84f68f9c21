/*
 * The SQL of the ReportTallies migrations (sqlite/ and postgres/ 1795920000000-ReportTallies.ts),
 * shared because both dialects accept it: plain INSERT ... ON CONFLICT DO UPDATE, CASE instead of
 * boolean arithmetic, '' instead of NULL in key columns. It belongs to that migration: once
 * released it does not change; a later change of the tallies gets a migration of its own.
 *
 * Why tallies: the cohort report of a large cohort (5,000 participants, 300,000 reviews) cannot
 * group the raw rows in under a second on either database; every scan of them costs 0.2–0.6 s.
 * So the database keeps running totals, updated by triggers in the same transaction as the row
 * that changes them (whatever code path writes it: the API, an import, a fixture), and the report
 * groups the totals: a few thousand rows instead of a few hundred thousand.
 *
 * - report_assignment_tallies: per (assignment, person) what the report counts: submission versions
 *   (and how many were on time), reviews given (not REMOVED, SUBMITTED, still ASSIGNED), reviews
 *   received and their helpfulness ratings.
 * - report_criterion_tallies: per rubric criterion COUNT, SUM and SUM of squares of the scores of
 *   SUBMITTED reviews.
 * - report_network_cells: per cohort the SUBMITTED reviews per (reviewer code, author code), for
 *   municipalities ('M') and business domains ('D'), by the affiliation stored on the pair.
 * - report_exchange_partners and report_exchange_counts: per cohort and person the municipalities
 *   and domains they exchanged SUBMITTED reviews with, in either direction, and how many distinct.
 * The network tallies cover a cohort's current assignments only (not archived, module not
 * archived), so archiving, moving or deleting an assignment or module moves its reviews out of
 * (or into) them.
 */

/** One side of a change: the row (NEW or OLD in a trigger) and whether it adds or takes away. */
interface Side {
  row: 'NEW' | 'OLD';
  sign: 1 | -1;
}

const when = (condition: string, value: string) => `CASE WHEN ${condition} THEN ${value} ELSE 0 END`;

/** The cohort of an assignment when the report covers it (assignment and module not archived); no row otherwise. */
const coveringCohort = (assignmentId: string) =>
  `SELECT m.cohort_id FROM assignments a JOIN course_modules m ON m.id = a.module_id
   WHERE a.id = ${assignmentId} AND a.archived_at IS NULL AND m.archived_at IS NULL`;

/**
 * What one peer_reviews row contributes to the tallies. `scores: false` leaves out its rubric
 * scores, which a deleted review takes away in a BEFORE DELETE trigger: by the time an AFTER
 * trigger runs, the cascade has removed the scores, and their own triggers no longer find the review.
 */
export function reviewTallies(side: Side, { scores = true } = {}): string[] {
  return [...reviewStatusTallies(side), ...reviewSubmittedTallies(side, { scores })];
}

/** The part of a peer_reviews row's contribution that every status has: the reviewer's and the author's counts. */
export function reviewStatusTallies({ row: r, sign: s }: Side): string[] {
  return [
    `INSERT INTO report_assignment_tallies (assignment_id, user_id, reviews_assigned, reviews_done, reviews_open)
     VALUES (${r}.assignment_id, ${r}.reviewer_id, ${when(`${r}.status <> 'REMOVED'`, `${s}`)},
             ${when(`${r}.status = 'SUBMITTED'`, `${s}`)}, ${when(`${r}.status = 'ASSIGNED'`, `${s}`)})
     ON CONFLICT (assignment_id, user_id) DO UPDATE SET
       reviews_assigned = report_assignment_tallies.reviews_assigned + excluded.reviews_assigned,
       reviews_done = report_assignment_tallies.reviews_done + excluded.reviews_done,
       reviews_open = report_assignment_tallies.reviews_open + excluded.reviews_open`,
    reviewHelpfulnessTallies({ row: r, sign: s }),
  ];
}

/**
 * The part only a SUBMITTED review contributes (each statement also checks the status, so it may
 * run for any row; PL/pgSQL skips them for other statuses, a publication inserts thousands).
 */
export function reviewSubmittedTallies({ row: r, sign: s }: Side, { scores = true } = {}): string[] {
  return [
    ...(scores ? [reviewScoreTallies({ row: r, sign: s })] : []),
    ...networkTallies(
      s,
      `(SELECT 'M' AS dimension, COALESCE(${r}.reviewer_municipality_code, '') AS reviewer_code,
               COALESCE(${r}.author_municipality_code, '') AS author_code, 1 AS reviews
        UNION ALL
        SELECT 'D', COALESCE(${r}.reviewer_domain_code, ''), COALESCE(${r}.author_domain_code, ''), 1)`,
      `(SELECT ${r}.reviewer_id AS user_id, 'M' AS dimension, ${r}.author_municipality_code AS code, 1 AS reviews
        UNION ALL SELECT ${r}.reviewer_id, 'D', ${r}.author_domain_code, 1
        UNION ALL SELECT ${r}.author_id, 'M', ${r}.reviewer_municipality_code, 1
        UNION ALL SELECT ${r}.author_id, 'D', ${r}.reviewer_domain_code, 1)`,
      `(${coveringCohort(`${r}.assignment_id`)})`,
      `${r}.status = 'SUBMITTED'`,
    ),
  ];
}

/** The rubric scores of one peer_reviews row, while it is SUBMITTED. */
export function reviewScoreTallies({ row: r, sign: s }: Side): string {
  return (
    `INSERT INTO report_criterion_tallies (criterion_id, scores, score_sum, score_squares)
     SELECT sc.criterion_id, ${s}, ${s} * sc.score, ${s} * sc.score * sc.score
     FROM peer_review_scores sc
     WHERE sc.peer_review_id = ${r}.id AND ${r}.status = 'SUBMITTED'
     ON CONFLICT (criterion_id) DO UPDATE SET
       scores = report_criterion_tallies.scores + excluded.scores,
       score_sum = report_criterion_tallies.score_sum + excluded.score_sum,
       score_squares = report_criterion_tallies.score_squares + excluded.score_squares`
  );
}

/** The author's side of one peer_reviews row: reviews received and their helpfulness ratings. */
export function reviewHelpfulnessTallies({ row: r, sign: s }: Side): string {
  return (
    `INSERT INTO report_assignment_tallies (assignment_id, user_id, reviews_received, helpfulness_ratings, helpfulness_sum)
     VALUES (${r}.assignment_id, ${r}.author_id, ${when(`${r}.status = 'SUBMITTED'`, `${s}`)},
             ${when(`${r}.status = 'SUBMITTED' AND ${r}.helpfulness IS NOT NULL`, `${s}`)},
             ${when(`${r}.status = 'SUBMITTED' AND ${r}.helpfulness IS NOT NULL`, `${s} * ${r}.helpfulness`)})
     ON CONFLICT (assignment_id, user_id) DO UPDATE SET
       reviews_received = report_assignment_tallies.reviews_received + excluded.reviews_received,
       helpfulness_ratings = report_assignment_tallies.helpfulness_ratings + excluded.helpfulness_ratings,
       helpfulness_sum = report_assignment_tallies.helpfulness_sum + excluded.helpfulness_sum`
  );
}

/**
 * Adds `sign` times the given cells and partner rows to the network tallies of `cohort` (a
 * one-column subquery; no row means the reviews are not covered and nothing is added).
 */
function networkTallies(sign: number, cells: string, partners: string, cohort: string, condition: string): string[] {
  return [
    `INSERT INTO report_network_cells (cohort_id, dimension, reviewer_code, author_code, reviews)
     SELECT c.cohort_id, x.dimension, x.reviewer_code, x.author_code, ${sign} * SUM(x.reviews)
     FROM ${cohort} c, ${cells} x
     WHERE ${condition}
     GROUP BY c.cohort_id, x.dimension, x.reviewer_code, x.author_code
     ON CONFLICT (cohort_id, dimension, reviewer_code, author_code) DO UPDATE SET
       reviews = report_network_cells.reviews + excluded.reviews`,
    `INSERT INTO report_exchange_partners (user_id, cohort_id, dimension, code, reviews)
     SELECT x.user_id, c.cohort_id, x.dimension, x.code, ${sign} * SUM(x.reviews)
     FROM ${cohort} c, ${partners} x
     WHERE ${condition} AND x.code IS NOT NULL
     GROUP BY x.user_id, c.cohort_id, x.dimension, x.code
     ON CONFLICT (user_id, cohort_id, dimension, code) DO UPDATE SET
       reviews = report_exchange_partners.reviews + excluded.reviews`,
  ];
}

/** Partner rows that no longer count, so that report_exchange_counts (kept by their own triggers) goes down. */
export const dropSpentPartners = (userIds: string[]) =>
  `DELETE FROM report_exchange_partners WHERE user_id IN (${userIds.join(', ')}) AND reviews = 0`;

/**
 * What the SUBMITTED reviews of the assignments selected by `assignments` (a subquery of ids)
 * contribute to the network tallies of `cohort` (a subquery with one cohort_id column; no row:
 * nothing to do), times `sign`: one set-based statement per table, for archiving, moving or
 * deleting assignments and modules.
 */
export function assignmentNetworkTallies(sign: 1 | -1, assignments: string, cohort: string): string[] {
  const reviews = `FROM peer_reviews r WHERE r.assignment_id IN ${assignments} AND r.status = 'SUBMITTED'`;
  return [
    ...networkTallies(
      sign,
      `(SELECT 'M' AS dimension, COALESCE(r.reviewer_municipality_code, '') AS reviewer_code,
               COALESCE(r.author_municipality_code, '') AS author_code, 1 AS reviews ${reviews}
        UNION ALL
        SELECT 'D', COALESCE(r.reviewer_domain_code, ''), COALESCE(r.author_domain_code, ''), 1 ${reviews})`,
      `(SELECT r.reviewer_id AS user_id, 'M' AS dimension, r.author_municipality_code AS code, 1 AS reviews ${reviews}
        UNION ALL SELECT r.reviewer_id, 'D', r.author_domain_code, 1 ${reviews}
        UNION ALL SELECT r.author_id, 'M', r.reviewer_municipality_code, 1 ${reviews}
        UNION ALL SELECT r.author_id, 'D', r.reviewer_domain_code, 1 ${reviews})`,
      cohort,
      '1 = 1',
    ),
    `DELETE FROM report_exchange_partners WHERE reviews = 0`,
  ];
}

/** What one submissions row (one version) contributes. */
export function submissionTallies({ row: r, sign: s }: Side): string[] {
  return [
    `INSERT INTO report_assignment_tallies (assignment_id, user_id, versions, on_time_versions)
     VALUES (${r}.assignment_id, ${r}.author_id, ${s}, ${when(`NOT ${r}.is_late`, `${s}`)})
     ON CONFLICT (assignment_id, user_id) DO UPDATE SET
       versions = report_assignment_tallies.versions + excluded.versions,
       on_time_versions = report_assignment_tallies.on_time_versions + excluded.on_time_versions`,
  ];
}

/** What one peer_review_scores row contributes (only while its review is SUBMITTED). */
export function scoreTallies({ row: r, sign: s }: Side): string[] {
  return [
    `INSERT INTO report_criterion_tallies (criterion_id, scores, score_sum, score_squares)
     SELECT ${r}.criterion_id, ${s}, ${s} * ${r}.score, ${s} * ${r}.score * ${r}.score
     FROM peer_reviews pr
     WHERE pr.id = ${r}.peer_review_id AND pr.status = 'SUBMITTED'
     ON CONFLICT (criterion_id) DO UPDATE SET
       scores = report_criterion_tallies.scores + excluded.scores,
       score_sum = report_criterion_tallies.score_sum + excluded.score_sum,
       score_squares = report_criterion_tallies.score_squares + excluded.score_squares`,
  ];
}

/** One partner row appearing or going: the distinct count of its kind moves by `sign`. */
export function exchangeCountTallies({ row: r, sign: s }: Side): string[] {
  return [
    `INSERT INTO report_exchange_counts (cohort_id, user_id, municipalities, domains)
     VALUES (${r}.cohort_id, ${r}.user_id, ${when(`${r}.dimension = 'M'`, `${s}`)}, ${when(`${r}.dimension = 'D'`, `${s}`)})
     ON CONFLICT (cohort_id, user_id) DO UPDATE SET
       municipalities = report_exchange_counts.municipalities + excluded.municipalities,
       domains = report_exchange_counts.domains + excluded.domains`,
  ];
}

/** The peer_reviews columns whose change moves a tally (comments, timestamps and the like do not). */
export const REVIEW_TALLY_COLUMNS = [
  'status',
  'assignment_id',
  'reviewer_id',
  'author_id',
  'reviewer_municipality_code',
  'reviewer_domain_code',
  'author_municipality_code',
  'author_domain_code',
];

/** WHEN condition of an update trigger: one of `columns` really changed (NULL-safe in both dialects). */
export const changed = (columns: string[]) => columns.map((column) => `OLD.${column} IS DISTINCT FROM NEW.${column}`).join(' OR ');

/**
 * The tallies computed from scratch from the tables they summarise (the migration fills them so;
 * the e2e test compares the trigger-kept tallies with these).
 */
export const RECOMPUTE = {
  report_assignment_tallies: `
    SELECT assignment_id, user_id, SUM(versions) AS versions, SUM(on_time_versions) AS on_time_versions,
           SUM(reviews_assigned) AS reviews_assigned, SUM(reviews_done) AS reviews_done, SUM(reviews_open) AS reviews_open,
           SUM(reviews_received) AS reviews_received, SUM(helpfulness_ratings) AS helpfulness_ratings, SUM(helpfulness_sum) AS helpfulness_sum
    FROM (
      SELECT assignment_id, author_id AS user_id, 1 AS versions, ${when('NOT is_late', '1')} AS on_time_versions,
             0 AS reviews_assigned, 0 AS reviews_done, 0 AS reviews_open, 0 AS reviews_received, 0 AS helpfulness_ratings, 0 AS helpfulness_sum
      FROM submissions
      UNION ALL
      SELECT assignment_id, reviewer_id, 0, 0, ${when(`status <> 'REMOVED'`, '1')}, ${when(`status = 'SUBMITTED'`, '1')},
             ${when(`status = 'ASSIGNED'`, '1')}, 0, 0, 0
      FROM peer_reviews
      UNION ALL
      SELECT assignment_id, author_id, 0, 0, 0, 0, 0, ${when(`status = 'SUBMITTED'`, '1')},
             ${when(`status = 'SUBMITTED' AND helpfulness IS NOT NULL`, '1')}, ${when(`status = 'SUBMITTED' AND helpfulness IS NOT NULL`, 'helpfulness')}
      FROM peer_reviews
    ) x
    GROUP BY assignment_id, user_id`,
  report_criterion_tallies: `
    SELECT sc.criterion_id, COUNT(*) AS scores, SUM(sc.score) AS score_sum, SUM(sc.score * sc.score) AS score_squares
    FROM peer_review_scores sc JOIN peer_reviews r ON r.id = sc.peer_review_id
    WHERE r.status = 'SUBMITTED'
    GROUP BY sc.criterion_id`,
  report_network_cells: `
    SELECT m.cohort_id, x.dimension, x.reviewer_code, x.author_code, COUNT(*) AS reviews
    FROM (
      SELECT assignment_id, 'M' AS dimension, COALESCE(reviewer_municipality_code, '') AS reviewer_code,
             COALESCE(author_municipality_code, '') AS author_code
      FROM peer_reviews WHERE status = 'SUBMITTED'
      UNION ALL
      SELECT assignment_id, 'D', COALESCE(reviewer_domain_code, ''), COALESCE(author_domain_code, '')
      FROM peer_reviews WHERE status = 'SUBMITTED'
    ) x
    JOIN assignments a ON a.id = x.assignment_id JOIN course_modules m ON m.id = a.module_id
    WHERE a.archived_at IS NULL AND m.archived_at IS NULL
    GROUP BY m.cohort_id, x.dimension, x.reviewer_code, x.author_code`,
  report_exchange_partners: `
    SELECT x.user_id, m.cohort_id, x.dimension, x.code, COUNT(*) AS reviews
    FROM (
      SELECT assignment_id, reviewer_id AS user_id, 'M' AS dimension, author_municipality_code AS code FROM peer_reviews WHERE status = 'SUBMITTED'
      UNION ALL SELECT assignment_id, reviewer_id, 'D', author_domain_code FROM peer_reviews WHERE status = 'SUBMITTED'
      UNION ALL SELECT assignment_id, author_id, 'M', reviewer_municipality_code FROM peer_reviews WHERE status = 'SUBMITTED'
      UNION ALL SELECT assignment_id, author_id, 'D', reviewer_domain_code FROM peer_reviews WHERE status = 'SUBMITTED'
    ) x
    JOIN assignments a ON a.id = x.assignment_id JOIN course_modules m ON m.id = a.module_id
    WHERE a.archived_at IS NULL AND m.archived_at IS NULL AND x.code IS NOT NULL
    GROUP BY x.user_id, m.cohort_id, x.dimension, x.code`,
  report_exchange_counts: `
    SELECT cohort_id, user_id, SUM(${when(`dimension = 'M'`, '1')}) AS municipalities, SUM(${when(`dimension = 'D'`, '1')}) AS domains
    FROM report_exchange_partners
    GROUP BY cohort_id, user_id`,
} as const;

/** The tables in the order the migration fills them (partners before their counts). */
export const TALLY_TABLES = Object.keys(RECOMPUTE) as (keyof typeof RECOMPUTE)[];
