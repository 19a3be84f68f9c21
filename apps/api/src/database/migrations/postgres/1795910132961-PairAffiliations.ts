import { MigrationInterface, QueryRunner } from "typeorm";

export class PairAffiliations1795910132961 implements MigrationInterface {
    name = 'PairAffiliations1795910132961'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // By hand: DROP INDEX without the generated "public." (tests and tenants run in their own schema).
        await queryRunner.query(`DROP INDEX "idx_peer_reviews_report_author"`);
        await queryRunner.query(`DROP INDEX "idx_peer_reviews_report_reviewer"`);
        await queryRunner.query(`ALTER TABLE "peer_reviews" ADD "reviewer_municipality_code" character varying(6)`);
        await queryRunner.query(`ALTER TABLE "peer_reviews" ADD "reviewer_domain_code" character varying(8)`);
        await queryRunner.query(`ALTER TABLE "peer_reviews" ADD "author_municipality_code" character varying(6)`);
        await queryRunner.query(`ALTER TABLE "peer_reviews" ADD "author_domain_code" character varying(8)`);
        // Added by hand: existing pairs get the affiliation their people have now.
        await queryRunner.query(`UPDATE "peer_reviews" AS r SET
            "reviewer_municipality_code" = ru."municipality_code", "reviewer_domain_code" = ru."business_domain_code",
            "author_municipality_code" = au."municipality_code", "author_domain_code" = au."business_domain_code"
            FROM "users" ru, "users" au
            WHERE ru."id" = r."reviewer_id" AND au."id" = r."author_id"`);
        await queryRunner.query(`CREATE INDEX "idx_peer_reviews_network_domain" ON "peer_reviews"  ("status", "reviewer_domain_code", "author_domain_code", "assignment_id") `);
        await queryRunner.query(`CREATE INDEX "idx_peer_reviews_network_municipality" ON "peer_reviews"  ("status", "reviewer_municipality_code", "author_municipality_code", "assignment_id") `);
        await queryRunner.query(`CREATE INDEX "idx_peer_reviews_report_author" ON "peer_reviews"  ("author_id", "status", "reviewer_municipality_code", "reviewer_domain_code", "assignment_id") `);
        await queryRunner.query(`CREATE INDEX "idx_peer_reviews_report_reviewer" ON "peer_reviews"  ("reviewer_id", "status", "author_municipality_code", "author_domain_code", "assignment_id") `);
        await queryRunner.query(`CREATE INDEX "idx_peer_review_scores_report" ON "peer_review_scores"  ("criterion_id", "score") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        // The last two statements were corrected by hand to the Reports migration's column order
        // (TypeORM reads PostgreSQL index columns in table order).
        await queryRunner.query(`DROP INDEX "idx_peer_review_scores_report"`);
        await queryRunner.query(`DROP INDEX "idx_peer_reviews_report_reviewer"`);
        await queryRunner.query(`DROP INDEX "idx_peer_reviews_report_author"`);
        await queryRunner.query(`DROP INDEX "idx_peer_reviews_network_municipality"`);
        await queryRunner.query(`DROP INDEX "idx_peer_reviews_network_domain"`);
        await queryRunner.query(`ALTER TABLE "peer_reviews" DROP COLUMN "author_domain_code"`);
        await queryRunner.query(`ALTER TABLE "peer_reviews" DROP COLUMN "author_municipality_code"`);
        await queryRunner.query(`ALTER TABLE "peer_reviews" DROP COLUMN "reviewer_domain_code"`);
        await queryRunner.query(`ALTER TABLE "peer_reviews" DROP COLUMN "reviewer_municipality_code"`);
        await queryRunner.query(`CREATE INDEX "idx_peer_reviews_report_reviewer" ON "peer_reviews" ("reviewer_id", "assignment_id", "status") `);
        await queryRunner.query(`CREATE INDEX "idx_peer_reviews_report_author" ON "peer_reviews" ("author_id", "status", "assignment_id") `);
    }

}
