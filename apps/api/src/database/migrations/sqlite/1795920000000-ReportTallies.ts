import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  assignmentNetworkTallies,
  changed,
  dropSpentPartners,
  exchangeCountTallies,
  RECOMPUTE,
  REVIEW_TALLY_COLUMNS,
  reviewHelpfulnessTallies,
  reviewScoreTallies,
  reviewTallies,
  scoreTallies,
  submissionTallies,
  TALLY_TABLES,
} from '../shared/report-tallies';

/**
 * Running totals for the cohort report, kept by triggers (see ../shared/report-tallies.ts).
 * Written by hand: TypeORM knows neither these tables (they have no entity; nothing reads them
 * but the report's SQL) nor triggers. Caution for later migrations: when TypeORM changes a column
 * of peer_reviews, submissions, peer_review_scores, assignments or course_modules on SQLite it
 * rebuilds the table, which drops its triggers; such a migration must create them again (the
 * report-tallies e2e test fails when a trigger is missing).
 */
export class ReportTallies1795920000000 implements MigrationInterface {
  name = 'ReportTallies1795920000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // No foreign keys: the rows are derived, and a cascade may reach them in any order.
    await queryRunner.query(`CREATE TABLE "report_assignment_tallies" (
      "assignment_id" varchar NOT NULL, "user_id" varchar NOT NULL,
      "versions" integer NOT NULL DEFAULT 0, "on_time_versions" integer NOT NULL DEFAULT 0,
      "reviews_assigned" integer NOT NULL DEFAULT 0, "reviews_done" integer NOT NULL DEFAULT 0, "reviews_open" integer NOT NULL DEFAULT 0,
      "reviews_received" integer NOT NULL DEFAULT 0, "helpfulness_ratings" integer NOT NULL DEFAULT 0, "helpfulness_sum" integer NOT NULL DEFAULT 0,
      PRIMARY KEY ("assignment_id", "user_id")) WITHOUT ROWID`);
    await queryRunner.query(`CREATE TABLE "report_criterion_tallies" (
      "criterion_id" varchar PRIMARY KEY NOT NULL,
      "scores" integer NOT NULL DEFAULT 0, "score_sum" integer NOT NULL DEFAULT 0, "score_squares" integer NOT NULL DEFAULT 0) WITHOUT ROWID`);
    await queryRunner.query(`CREATE TABLE "report_network_cells" (
      "cohort_id" varchar NOT NULL, "dimension" varchar(1) NOT NULL, "reviewer_code" varchar(8) NOT NULL, "author_code" varchar(8) NOT NULL,
      "reviews" integer NOT NULL DEFAULT 0,
      PRIMARY KEY ("cohort_id", "dimension", "reviewer_code", "author_code")) WITHOUT ROWID`);
    await queryRunner.query(`CREATE TABLE "report_exchange_partners" (
      "user_id" varchar NOT NULL, "cohort_id" varchar NOT NULL, "dimension" varchar(1) NOT NULL, "code" varchar(8) NOT NULL,
      "reviews" integer NOT NULL DEFAULT 0,
      PRIMARY KEY ("user_id", "cohort_id", "dimension", "code")) WITHOUT ROWID`);
    await queryRunner.query(`CREATE TABLE "report_exchange_counts" (
      "cohort_id" varchar NOT NULL, "user_id" varchar NOT NULL,
      "municipalities" integer NOT NULL DEFAULT 0, "domains" integer NOT NULL DEFAULT 0,
      PRIMARY KEY ("cohort_id", "user_id")) WITHOUT ROWID`);

    for (const table of TALLY_TABLES) await queryRunner.query(`INSERT INTO "${table}" ${RECOMPUTE[table]}`);

    // The covering indexes the report used to walk the raw reviews are no longer read; every write paid for them.
    await queryRunner.query(`DROP INDEX "idx_peer_reviews_report"`);
    await queryRunner.query(`DROP INDEX "idx_peer_reviews_report_reviewer"`);
    await queryRunner.query(`DROP INDEX "idx_peer_reviews_report_author"`);
    await queryRunner.query(`DROP INDEX "idx_peer_reviews_network_municipality"`);
    await queryRunner.query(`DROP INDEX "idx_peer_reviews_network_domain"`);
    await queryRunner.query(`CREATE INDEX "idx_peer_reviews_by_author" ON "peer_reviews" ("author_id") `);

    const trigger = async (name: string, event: string, body: string[], condition?: string) =>
      queryRunner.query(`CREATE TRIGGER "${name}" ${event} FOR EACH ROW ${condition ? `WHEN ${condition} ` : ''}BEGIN
        ${body.map((statement) => `${statement};`).join('\n')}
      END`);
    const NEW = { row: 'NEW', sign: 1 } as const;
    const OLD = { row: 'OLD', sign: -1 } as const;

    await trigger('report_tally_review_insert', 'AFTER INSERT ON "peer_reviews"', reviewTallies(NEW));
    await trigger('report_tally_review_scores_delete', 'BEFORE DELETE ON "peer_reviews"', [reviewScoreTallies(OLD)]);
    await trigger('report_tally_review_delete', 'AFTER DELETE ON "peer_reviews"', [
      ...reviewTallies(OLD, { scores: false }),
      dropSpentPartners(['OLD.reviewer_id', 'OLD.author_id']),
    ]);
    await trigger(
      'report_tally_review_update',
      `AFTER UPDATE OF ${REVIEW_TALLY_COLUMNS.join(', ')}, helpfulness ON "peer_reviews"`,
      [...reviewTallies(OLD), ...reviewTallies(NEW), dropSpentPartners(['OLD.reviewer_id', 'OLD.author_id', 'NEW.reviewer_id', 'NEW.author_id'])],
      changed(REVIEW_TALLY_COLUMNS),
    );
    // Rating a review (the common update after submitting) moves only the author's helpfulness.
    await trigger(
      'report_tally_review_rating',
      'AFTER UPDATE OF helpfulness ON "peer_reviews"',
      [reviewHelpfulnessTallies(OLD), reviewHelpfulnessTallies(NEW)],
      `NOT (${changed(REVIEW_TALLY_COLUMNS)}) AND OLD.helpfulness IS DISTINCT FROM NEW.helpfulness`,
    );

    const SUBMISSION_COLUMNS = ['assignment_id', 'author_id', 'is_late'];
    await trigger('report_tally_submission_insert', 'AFTER INSERT ON "submissions"', submissionTallies(NEW));
    await trigger('report_tally_submission_delete', 'AFTER DELETE ON "submissions"', submissionTallies(OLD));
    await trigger(
      'report_tally_submission_update',
      `AFTER UPDATE OF ${SUBMISSION_COLUMNS.join(', ')} ON "submissions"`,
      [...submissionTallies(OLD), ...submissionTallies(NEW)],
      changed(SUBMISSION_COLUMNS),
    );

    const SCORE_COLUMNS = ['peer_review_id', 'criterion_id', 'score'];
    await trigger('report_tally_score_insert', 'AFTER INSERT ON "peer_review_scores"', scoreTallies(NEW));
    await trigger('report_tally_score_delete', 'AFTER DELETE ON "peer_review_scores"', scoreTallies(OLD));
    await trigger(
      'report_tally_score_update',
      `AFTER UPDATE OF ${SCORE_COLUMNS.join(', ')} ON "peer_review_scores"`,
      [...scoreTallies(OLD), ...scoreTallies(NEW)],
      changed(SCORE_COLUMNS),
    );

    await trigger('report_tally_partner_insert', 'AFTER INSERT ON "report_exchange_partners"', exchangeCountTallies(NEW));
    await trigger('report_tally_partner_delete', 'AFTER DELETE ON "report_exchange_partners"', exchangeCountTallies(OLD));

    // An assignment or module leaving (or entering) the report takes its reviews out of (into) the network tallies.
    const oldAssignmentCohort = `(SELECT m.cohort_id FROM course_modules m WHERE m.id = OLD.module_id AND m.archived_at IS NULL AND OLD.archived_at IS NULL)`;
    const newAssignmentCohort = `(SELECT m.cohort_id FROM course_modules m WHERE m.id = NEW.module_id AND m.archived_at IS NULL AND NEW.archived_at IS NULL)`;
    await trigger(
      'report_tally_assignment_update',
      'AFTER UPDATE OF archived_at, module_id ON "assignments"',
      [...assignmentNetworkTallies(-1, '(SELECT OLD.id)', oldAssignmentCohort), ...assignmentNetworkTallies(1, '(SELECT NEW.id)', newAssignmentCohort)],
      changed(['archived_at', 'module_id']),
    );
    await trigger('report_tally_assignment_delete', 'BEFORE DELETE ON "assignments"', assignmentNetworkTallies(-1, '(SELECT OLD.id)', oldAssignmentCohort));
    const moduleAssignments = (row: 'OLD' | 'NEW') => `(SELECT a.id FROM assignments a WHERE a.module_id = ${row}.id AND a.archived_at IS NULL)`;
    const moduleCohort = (row: 'OLD' | 'NEW') => `(SELECT ${row}.cohort_id AS cohort_id WHERE ${row}.archived_at IS NULL)`;
    await trigger(
      'report_tally_module_update',
      'AFTER UPDATE OF archived_at, cohort_id ON "course_modules"',
      [...assignmentNetworkTallies(-1, moduleAssignments('OLD'), moduleCohort('OLD')), ...assignmentNetworkTallies(1, moduleAssignments('NEW'), moduleCohort('NEW'))],
      changed(['archived_at', 'cohort_id']),
    );
    await trigger('report_tally_module_delete', 'BEFORE DELETE ON "course_modules"', assignmentNetworkTallies(-1, moduleAssignments('OLD'), moduleCohort('OLD')));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_peer_reviews_by_author"`);
    await queryRunner.query(`CREATE INDEX "idx_peer_reviews_report" ON "peer_reviews" ("assignment_id", "status", "reviewer_id", "author_id", "helpfulness", "id") `);
    await queryRunner.query(`CREATE INDEX "idx_peer_reviews_report_reviewer" ON "peer_reviews" ("reviewer_id", "status", "author_municipality_code", "author_domain_code", "assignment_id") `);
    await queryRunner.query(`CREATE INDEX "idx_peer_reviews_report_author" ON "peer_reviews" ("author_id", "status", "reviewer_municipality_code", "reviewer_domain_code", "assignment_id") `);
    await queryRunner.query(`CREATE INDEX "idx_peer_reviews_network_municipality" ON "peer_reviews" ("status", "reviewer_municipality_code", "author_municipality_code", "assignment_id") `);
    await queryRunner.query(`CREATE INDEX "idx_peer_reviews_network_domain" ON "peer_reviews" ("status", "reviewer_domain_code", "author_domain_code", "assignment_id") `);
    for (const table of ['report_exchange_counts', 'report_exchange_partners', 'report_network_cells', 'report_criterion_tallies', 'report_assignment_tallies']) {
      // Dropping a table drops its triggers; the triggers on the summarised tables go by name.
      await queryRunner.query(`DROP TABLE "${table}"`);
    }
    for (const name of [
      'report_tally_review_insert', 'report_tally_review_scores_delete', 'report_tally_review_delete', 'report_tally_review_update', 'report_tally_review_rating',
      'report_tally_submission_insert', 'report_tally_submission_delete', 'report_tally_submission_update',
      'report_tally_score_insert', 'report_tally_score_delete', 'report_tally_score_update',
      'report_tally_assignment_update', 'report_tally_assignment_delete', 'report_tally_module_update', 'report_tally_module_delete',
    ]) {
      await queryRunner.query(`DROP TRIGGER IF EXISTS "${name}"`);
    }
  }
}
