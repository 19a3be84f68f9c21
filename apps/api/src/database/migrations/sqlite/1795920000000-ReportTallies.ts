import { MigrationInterface, QueryRunner } from 'typeorm';
import { RECOMPUTE, TALLY_TABLES } from '../shared/report-tallies';
import { createSqliteTallyTriggers, dropSqliteTallyTriggers } from '../shared/report-tallies-sqlite';

/**
 * Running totals for the cohort report, kept by triggers (see ../shared/report-tallies.ts).
 * Written by hand: TypeORM knows neither these tables (they have no entity; nothing reads them
 * but the report's SQL) nor triggers. Caution for later migrations: when TypeORM changes a column
 * of peer_reviews, submissions, peer_review_scores, assignments or course_modules on SQLite it
 * rebuilds the table, which fails or loses triggers unless the migration wraps the rebuild in
 * dropSqliteTallyTriggers / createSqliteTallyTriggers (../shared/report-tallies-sqlite.ts; the
 * report-tallies e2e test fails when a trigger is missing). The key columns hold codes of at most
 * 8 characters, like the users' and pairs' code columns; longer codes need them widened too.
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

    await createSqliteTallyTriggers(queryRunner);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_peer_reviews_by_author"`);
    await queryRunner.query(`CREATE INDEX "idx_peer_reviews_report" ON "peer_reviews" ("assignment_id", "status", "reviewer_id", "author_id", "helpfulness", "id") `);
    await queryRunner.query(`CREATE INDEX "idx_peer_reviews_report_reviewer" ON "peer_reviews" ("reviewer_id", "status", "author_municipality_code", "author_domain_code", "assignment_id") `);
    await queryRunner.query(`CREATE INDEX "idx_peer_reviews_report_author" ON "peer_reviews" ("author_id", "status", "reviewer_municipality_code", "reviewer_domain_code", "assignment_id") `);
    await queryRunner.query(`CREATE INDEX "idx_peer_reviews_network_municipality" ON "peer_reviews" ("status", "reviewer_municipality_code", "author_municipality_code", "assignment_id") `);
    await queryRunner.query(`CREATE INDEX "idx_peer_reviews_network_domain" ON "peer_reviews" ("status", "reviewer_domain_code", "author_domain_code", "assignment_id") `);
    await dropSqliteTallyTriggers(queryRunner);
    for (const table of ['report_exchange_counts', 'report_exchange_partners', 'report_network_cells', 'report_criterion_tallies', 'report_assignment_tallies']) {
      await queryRunner.query(`DROP TABLE "${table}"`);
    }
  }
}
