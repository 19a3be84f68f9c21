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
  reviewStatusTallies,
  reviewSubmittedTallies,
  scoreTallies,
  submissionTallies,
  TALLY_TABLES,
} from '../shared/report-tallies';

const NEW = { row: 'NEW', sign: 1 } as const;
const OLD = { row: 'OLD', sign: -1 } as const;

/**
 * A PL/pgSQL trigger function running `statements` (OLD and NEW are those of the firing row).
 * Its search_path is the migration's, so it writes the tallies of its own schema whatever the
 * writing session's search_path is.
 */
const triggerFunction = (name: string, statements: string) =>
  `CREATE FUNCTION "${name}"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $body$
   BEGIN
     ${statements}
     RETURN NULL;
   END
   $body$`;

/** Takes the cohort's tally lock for an assignment (see report_tally_lock_cohort). */
const lockFor = (assignmentId: string) => `PERFORM report_tally_lock_assignment(${assignmentId});`;
/** Both rows' assignments on UPDATE (the same one but for a move), the one row's otherwise. */
const lockRows = (column: string) => `
  IF TG_OP <> 'INSERT' THEN ${lockFor(`OLD.${column}`)} END IF;
  IF TG_OP <> 'DELETE' THEN ${lockFor(`NEW.${column}`)} END IF;`;

const run = (statements: string[]) => statements.map((statement) => `${statement};`).join('\n');

/** A review's tallies, the SUBMITTED-only statements run only for a SUBMITTED row. */
const reviewTallies = (side: typeof NEW | typeof OLD, options: { scores?: boolean } = {}) => [
  ...reviewStatusTallies(side),
  `IF ${side.row}.status = 'SUBMITTED' THEN ${run(reviewSubmittedTallies(side, options))} END IF`,
];

/** Runs the OLD side on UPDATE and DELETE, the NEW side on INSERT and UPDATE. */
const bothSides = (tallies: (side: typeof NEW | typeof OLD) => string[]) => `
  IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN ${run(tallies(OLD))} END IF;
  IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN ${run(tallies(NEW))} END IF;`;

/**
 * Running totals for the cohort report, kept by triggers (see ../shared/report-tallies.ts).
 * Written by hand: TypeORM knows neither these tables (no entity; only the report's SQL reads
 * them) nor triggers. Writers of one cohort's tallies take turns on an advisory lock (below);
 * a deadlock that still happens (two transactions updating the same review row the other way
 * round) is retried by TransactionService.
 */
export class ReportTallies1795920000000 implements MigrationInterface {
  name = 'ReportTallies1795920000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Nothing may be written between the backfill and the triggers (another instance still serving).
    await queryRunner.query(`LOCK TABLE "peer_reviews", "submissions", "peer_review_scores", "assignments", "course_modules" IN SHARE ROW EXCLUSIVE MODE`);
    // No foreign keys: the rows are derived, and a cascade may reach them in any order.
    await queryRunner.query(`CREATE TABLE "report_assignment_tallies" (
      "assignment_id" uuid NOT NULL, "user_id" uuid NOT NULL,
      "versions" integer NOT NULL DEFAULT 0, "on_time_versions" integer NOT NULL DEFAULT 0,
      "reviews_assigned" integer NOT NULL DEFAULT 0, "reviews_done" integer NOT NULL DEFAULT 0, "reviews_open" integer NOT NULL DEFAULT 0,
      "reviews_received" integer NOT NULL DEFAULT 0, "helpfulness_ratings" integer NOT NULL DEFAULT 0, "helpfulness_sum" integer NOT NULL DEFAULT 0,
      CONSTRAINT "pk_report_assignment_tallies" PRIMARY KEY ("assignment_id", "user_id"))`);
    await queryRunner.query(`CREATE TABLE "report_criterion_tallies" (
      "criterion_id" uuid NOT NULL,
      "scores" integer NOT NULL DEFAULT 0, "score_sum" bigint NOT NULL DEFAULT 0, "score_squares" bigint NOT NULL DEFAULT 0,
      CONSTRAINT "pk_report_criterion_tallies" PRIMARY KEY ("criterion_id"))`);
    await queryRunner.query(`CREATE TABLE "report_network_cells" (
      "cohort_id" uuid NOT NULL, "dimension" character varying(1) NOT NULL,
      "reviewer_code" character varying(8) NOT NULL, "author_code" character varying(8) NOT NULL,
      "reviews" integer NOT NULL DEFAULT 0,
      CONSTRAINT "pk_report_network_cells" PRIMARY KEY ("cohort_id", "dimension", "reviewer_code", "author_code"))`);
    await queryRunner.query(`CREATE TABLE "report_exchange_partners" (
      "user_id" uuid NOT NULL, "cohort_id" uuid NOT NULL, "dimension" character varying(1) NOT NULL, "code" character varying(8) NOT NULL,
      "reviews" integer NOT NULL DEFAULT 0,
      CONSTRAINT "pk_report_exchange_partners" PRIMARY KEY ("user_id", "cohort_id", "dimension", "code"))`);
    await queryRunner.query(`CREATE TABLE "report_exchange_counts" (
      "cohort_id" uuid NOT NULL, "user_id" uuid NOT NULL,
      "municipalities" integer NOT NULL DEFAULT 0, "domains" integer NOT NULL DEFAULT 0,
      CONSTRAINT "pk_report_exchange_counts" PRIMARY KEY ("cohort_id", "user_id"))`);

    for (const table of TALLY_TABLES) await queryRunner.query(`INSERT INTO "${table}" ${RECOMPUTE[table]}`);

    // The covering indexes the report used to walk the raw reviews are no longer read; every write paid for them.
    await queryRunner.query(`DROP INDEX "idx_peer_reviews_report"`);
    await queryRunner.query(`DROP INDEX "idx_peer_reviews_report_reviewer"`);
    await queryRunner.query(`DROP INDEX "idx_peer_reviews_report_author"`);
    await queryRunner.query(`DROP INDEX "idx_peer_reviews_network_municipality"`);
    await queryRunner.query(`DROP INDEX "idx_peer_reviews_network_domain"`);
    await queryRunner.query(`CREATE INDEX "idx_peer_reviews_by_author" ON "peer_reviews" ("author_id") `);

    /*
     * Writers of one cohort's tallies take turns: a transaction takes the cohort's advisory lock
     * at its first tallied write and keeps it to its commit. Without it, a coach's repair
     * (several statements) and a participant's submit lock the same (assignment, person) and
     * partner rows in opposite orders and deadlock; per cohort, because the network rows span
     * its assignments. Writes of one assignment already queue on its criteria's totals.
     */
    await queryRunner.query(`CREATE FUNCTION "report_tally_lock_cohort"(cohort uuid) RETURNS void LANGUAGE sql SET search_path FROM CURRENT AS $body$
      SELECT pg_advisory_xact_lock(hashtext('academy.report_tallies'), hashtext(cohort::text))
    $body$`);
    await queryRunner.query(`CREATE FUNCTION "report_tally_lock_assignment"(assignment uuid) RETURNS void LANGUAGE sql SET search_path FROM CURRENT AS $body$
      SELECT report_tally_lock_cohort(m.cohort_id) FROM assignments a JOIN course_modules m ON m.id = a.module_id WHERE a.id = assignment
    $body$`);

    await queryRunner.query(
      triggerFunction(
        'report_tally_review',
        `${lockRows('assignment_id')}
         IF TG_OP = 'UPDATE' THEN
           IF NOT (${changed(REVIEW_TALLY_COLUMNS)}) THEN
             -- Rating a review (the common update after submitting) moves only the author's helpfulness.
             ${run([reviewHelpfulnessTallies(OLD), reviewHelpfulnessTallies(NEW)])}
             RETURN NULL;
           END IF;
           ${run([...reviewTallies(OLD), ...reviewTallies(NEW), dropSpentPartners(['OLD.reviewer_id', 'OLD.author_id', 'NEW.reviewer_id', 'NEW.author_id'])])}
         ELSIF TG_OP = 'INSERT' THEN
           ${run(reviewTallies(NEW))}
         ELSE
           ${run([...reviewTallies(OLD, { scores: false }), dropSpentPartners(['OLD.reviewer_id', 'OLD.author_id'])])}
         END IF;`,
      ),
    );
    // A deleted review's scores go before the row (and the cascade that removes them) does.
    await queryRunner.query(triggerFunction('report_tally_review_scores', `${lockFor('OLD.assignment_id')} ${run([reviewScoreTallies(OLD)])} RETURN OLD;`));
    await queryRunner.query(`CREATE TRIGGER "report_tally_review_scores_delete" BEFORE DELETE ON "peer_reviews" FOR EACH ROW EXECUTE FUNCTION "report_tally_review_scores"()`);
    await queryRunner.query(`CREATE TRIGGER "report_tally_review_write" AFTER INSERT OR DELETE ON "peer_reviews" FOR EACH ROW EXECUTE FUNCTION "report_tally_review"()`);
    await queryRunner.query(`CREATE TRIGGER "report_tally_review_update" AFTER UPDATE OF ${REVIEW_TALLY_COLUMNS.join(', ')}, helpfulness ON "peer_reviews"
      FOR EACH ROW WHEN (${changed([...REVIEW_TALLY_COLUMNS, 'helpfulness'])}) EXECUTE FUNCTION "report_tally_review"()`);

    const SUBMISSION_COLUMNS = ['assignment_id', 'author_id', 'is_late'];
    await queryRunner.query(triggerFunction('report_tally_submission', lockRows('assignment_id') + bothSides(submissionTallies)));
    await queryRunner.query(`CREATE TRIGGER "report_tally_submission_write" AFTER INSERT OR DELETE ON "submissions" FOR EACH ROW EXECUTE FUNCTION "report_tally_submission"()`);
    await queryRunner.query(`CREATE TRIGGER "report_tally_submission_update" AFTER UPDATE OF ${SUBMISSION_COLUMNS.join(', ')} ON "submissions"
      FOR EACH ROW WHEN (${changed(SUBMISSION_COLUMNS)}) EXECUTE FUNCTION "report_tally_submission"()`);

    const SCORE_COLUMNS = ['peer_review_id', 'criterion_id', 'score'];
    const criterionAssignment = (row: 'OLD' | 'NEW') => `(SELECT c.assignment_id FROM rubric_criteria c WHERE c.id = ${row}.criterion_id)`;
    await queryRunner.query(
      triggerFunction(
        'report_tally_score',
        `IF TG_OP <> 'INSERT' THEN ${lockFor(criterionAssignment('OLD'))} END IF;
         IF TG_OP <> 'DELETE' THEN ${lockFor(criterionAssignment('NEW'))} END IF;
         ${bothSides(scoreTallies)}`,
      ),
    );
    await queryRunner.query(`CREATE TRIGGER "report_tally_score_write" AFTER INSERT OR DELETE ON "peer_review_scores" FOR EACH ROW EXECUTE FUNCTION "report_tally_score"()`);
    await queryRunner.query(`CREATE TRIGGER "report_tally_score_update" AFTER UPDATE OF ${SCORE_COLUMNS.join(', ')} ON "peer_review_scores"
      FOR EACH ROW WHEN (${changed(SCORE_COLUMNS)}) EXECUTE FUNCTION "report_tally_score"()`);

    await queryRunner.query(triggerFunction('report_tally_partner', bothSides(exchangeCountTallies)));
    await queryRunner.query(`CREATE TRIGGER "report_tally_partner_write" AFTER INSERT OR DELETE ON "report_exchange_partners" FOR EACH ROW EXECUTE FUNCTION "report_tally_partner"()`);

    // An assignment or module leaving (or entering) the report takes its reviews out of (into) the network tallies.
    const assignmentCohort = (row: 'OLD' | 'NEW') =>
      `(SELECT m.cohort_id FROM course_modules m WHERE m.id = ${row}.module_id AND m.archived_at IS NULL AND ${row}.archived_at IS NULL)`;
    const moduleAssignments = (row: 'OLD' | 'NEW') => `(SELECT a.id FROM assignments a WHERE a.module_id = ${row}.id AND a.archived_at IS NULL)`;
    const moduleCohort = (row: 'OLD' | 'NEW') => `(SELECT ${row}.cohort_id AS cohort_id WHERE ${row}.archived_at IS NULL)`;
    await queryRunner.query(
      triggerFunction(
        'report_tally_assignment',
        `${lockFor('OLD.id')}
         IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN ${run(assignmentNetworkTallies(-1, '(SELECT OLD.id)', assignmentCohort('OLD')))} END IF;
         IF TG_OP = 'UPDATE' THEN ${run(assignmentNetworkTallies(1, '(SELECT NEW.id)', assignmentCohort('NEW')))} END IF;
         IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;`,
      ),
    );
    await queryRunner.query(`CREATE TRIGGER "report_tally_assignment_update" AFTER UPDATE OF archived_at, module_id ON "assignments"
      FOR EACH ROW WHEN (${changed(['archived_at', 'module_id'])}) EXECUTE FUNCTION "report_tally_assignment"()`);
    await queryRunner.query(`CREATE TRIGGER "report_tally_assignment_delete" BEFORE DELETE ON "assignments" FOR EACH ROW EXECUTE FUNCTION "report_tally_assignment"()`);
    await queryRunner.query(
      triggerFunction(
        'report_tally_module',
        `PERFORM report_tally_lock_cohort(OLD.cohort_id);
         IF TG_OP = 'UPDATE' THEN PERFORM report_tally_lock_cohort(NEW.cohort_id); END IF;
         IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN ${run(assignmentNetworkTallies(-1, moduleAssignments('OLD'), moduleCohort('OLD')))} END IF;
         IF TG_OP = 'UPDATE' THEN ${run(assignmentNetworkTallies(1, moduleAssignments('NEW'), moduleCohort('NEW')))} END IF;
         IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;`,
      ),
    );
    await queryRunner.query(`CREATE TRIGGER "report_tally_module_update" AFTER UPDATE OF archived_at, cohort_id ON "course_modules"
      FOR EACH ROW WHEN (${changed(['archived_at', 'cohort_id'])}) EXECUTE FUNCTION "report_tally_module"()`);
    await queryRunner.query(`CREATE TRIGGER "report_tally_module_delete" BEFORE DELETE ON "course_modules" FOR EACH ROW EXECUTE FUNCTION "report_tally_module"()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_peer_reviews_by_author"`);
    await queryRunner.query(`CREATE INDEX "idx_peer_reviews_report" ON "peer_reviews" ("assignment_id", "status", "reviewer_id", "author_id", "helpfulness", "id") `);
    await queryRunner.query(`CREATE INDEX "idx_peer_reviews_report_reviewer" ON "peer_reviews" ("reviewer_id", "status", "author_municipality_code", "author_domain_code", "assignment_id") `);
    await queryRunner.query(`CREATE INDEX "idx_peer_reviews_report_author" ON "peer_reviews" ("author_id", "status", "reviewer_municipality_code", "reviewer_domain_code", "assignment_id") `);
    await queryRunner.query(`CREATE INDEX "idx_peer_reviews_network_municipality" ON "peer_reviews" ("status", "reviewer_municipality_code", "author_municipality_code", "assignment_id") `);
    await queryRunner.query(`CREATE INDEX "idx_peer_reviews_network_domain" ON "peer_reviews" ("status", "reviewer_domain_code", "author_domain_code", "assignment_id") `);
    for (const [trigger, table] of [
      ['report_tally_review_write', 'peer_reviews'], ['report_tally_review_update', 'peer_reviews'], ['report_tally_review_scores_delete', 'peer_reviews'],
      ['report_tally_submission_write', 'submissions'], ['report_tally_submission_update', 'submissions'],
      ['report_tally_score_write', 'peer_review_scores'], ['report_tally_score_update', 'peer_review_scores'],
      ['report_tally_assignment_update', 'assignments'], ['report_tally_assignment_delete', 'assignments'],
      ['report_tally_module_update', 'course_modules'], ['report_tally_module_delete', 'course_modules'],
    ]) {
      await queryRunner.query(`DROP TRIGGER "${trigger}" ON "${table}"`);
    }
    for (const table of ['report_exchange_counts', 'report_exchange_partners', 'report_network_cells', 'report_criterion_tallies', 'report_assignment_tallies']) {
      await queryRunner.query(`DROP TABLE "${table}"`);
    }
    for (const fn of ['report_tally_review', 'report_tally_review_scores', 'report_tally_submission', 'report_tally_score', 'report_tally_partner', 'report_tally_assignment', 'report_tally_module']) {
      await queryRunner.query(`DROP FUNCTION "${fn}"()`);
    }
    await queryRunner.query(`DROP FUNCTION "report_tally_lock_assignment"(uuid)`);
    await queryRunner.query(`DROP FUNCTION "report_tally_lock_cohort"(uuid)`);
  }
}
