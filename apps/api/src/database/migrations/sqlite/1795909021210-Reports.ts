import { MigrationInterface, QueryRunner } from "typeorm";

export class Reports1795909021210 implements MigrationInterface {
    name = 'Reports1795909021210'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "idx_enrollments_report" ON "enrollments" ("cohort_id", "role", "user_id") `);
        await queryRunner.query(`CREATE INDEX "idx_submissions_report" ON "submissions" ("author_id", "assignment_id", "is_late") `);
        await queryRunner.query(`CREATE INDEX "idx_peer_reviews_report_author" ON "peer_reviews" ("author_id", "status", "assignment_id") `);
        await queryRunner.query(`CREATE INDEX "idx_peer_reviews_report_reviewer" ON "peer_reviews" ("reviewer_id", "assignment_id", "status") `);
        await queryRunner.query(`CREATE INDEX "idx_peer_reviews_report" ON "peer_reviews" ("assignment_id", "status", "reviewer_id", "author_id", "helpfulness", "id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "idx_peer_reviews_report"`);
        await queryRunner.query(`DROP INDEX "idx_peer_reviews_report_reviewer"`);
        await queryRunner.query(`DROP INDEX "idx_peer_reviews_report_author"`);
        await queryRunner.query(`DROP INDEX "idx_submissions_report"`);
        await queryRunner.query(`DROP INDEX "idx_enrollments_report"`);
    }

}
