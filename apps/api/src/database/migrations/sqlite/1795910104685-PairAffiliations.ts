import { MigrationInterface, QueryRunner } from "typeorm";

export class PairAffiliations1795910104685 implements MigrationInterface {
    name = 'PairAffiliations1795910104685'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "idx_peer_reviews_report_reviewer"`);
        await queryRunner.query(`DROP INDEX "idx_peer_reviews_report_author"`);
        await queryRunner.query(`DROP INDEX "idx_peer_reviews_report"`);
        await queryRunner.query(`DROP INDEX "idx_peer_reviews_reviewer"`);
        await queryRunner.query(`DROP INDEX "idx_peer_reviews_author"`);
        await queryRunner.query(`CREATE TABLE "temporary_peer_reviews" ("id" varchar PRIMARY KEY NOT NULL, "assignment_id" varchar NOT NULL, "reviewer_id" varchar NOT NULL, "author_id" varchar NOT NULL, "submission_id" varchar NOT NULL, "status" varchar(10) NOT NULL DEFAULT ('ASSIGNED'), "origin" varchar(10) NOT NULL DEFAULT ('MATCHED'), "changed_by" varchar, "comment" text, "submitted_at" datetime, "helpfulness" integer, "helpfulness_comment" text, "rated_at" datetime, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), "reviewer_municipality_code" varchar(6), "reviewer_domain_code" varchar(8), "author_municipality_code" varchar(6), "author_domain_code" varchar(8), CONSTRAINT "uq_peer_reviews_pair" UNIQUE ("assignment_id", "reviewer_id", "author_id"), CONSTRAINT "chk_peer_reviews_helpfulness" CHECK (("helpfulness" IS NULL OR "helpfulness" >= 1 AND "helpfulness" <= 5)), CONSTRAINT "chk_peer_reviews_status" CHECK (("status" = 'ASSIGNED' OR "status" = 'SUBMITTED' OR "status" = 'REMOVED')), CONSTRAINT "chk_peer_reviews_not_self" CHECK (("reviewer_id" <> "author_id")), CONSTRAINT "FK_78830e52b0c423d4a21bad6be65" FOREIGN KEY ("submission_id") REFERENCES "submissions" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_ed9437d39676017ee56220da63b" FOREIGN KEY ("author_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_81c7b11db297359cd2d5e77584e" FOREIGN KEY ("reviewer_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_81ecd1ba8f10d9e1c46b03ac7cd" FOREIGN KEY ("assignment_id") REFERENCES "assignments" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "temporary_peer_reviews"("id", "assignment_id", "reviewer_id", "author_id", "submission_id", "status", "origin", "changed_by", "comment", "submitted_at", "helpfulness", "helpfulness_comment", "rated_at", "created_at", "updated_at") SELECT "id", "assignment_id", "reviewer_id", "author_id", "submission_id", "status", "origin", "changed_by", "comment", "submitted_at", "helpfulness", "helpfulness_comment", "rated_at", "created_at", "updated_at" FROM "peer_reviews"`);
        await queryRunner.query(`DROP TABLE "peer_reviews"`);
        await queryRunner.query(`ALTER TABLE "temporary_peer_reviews" RENAME TO "peer_reviews"`);
        // Added by hand: existing pairs get the affiliation their people have now.
        await queryRunner.query(`UPDATE "peer_reviews" SET
            "reviewer_municipality_code" = (SELECT "municipality_code" FROM "users" WHERE "users"."id" = "peer_reviews"."reviewer_id"),
            "reviewer_domain_code" = (SELECT "business_domain_code" FROM "users" WHERE "users"."id" = "peer_reviews"."reviewer_id"),
            "author_municipality_code" = (SELECT "municipality_code" FROM "users" WHERE "users"."id" = "peer_reviews"."author_id"),
            "author_domain_code" = (SELECT "business_domain_code" FROM "users" WHERE "users"."id" = "peer_reviews"."author_id")`);
        await queryRunner.query(`CREATE INDEX "idx_peer_reviews_report" ON "peer_reviews" ("assignment_id", "status", "reviewer_id", "author_id", "helpfulness", "id") `);
        await queryRunner.query(`CREATE INDEX "idx_peer_reviews_reviewer" ON "peer_reviews" ("reviewer_id") `);
        await queryRunner.query(`CREATE INDEX "idx_peer_reviews_author" ON "peer_reviews" ("assignment_id", "author_id") `);
        await queryRunner.query(`CREATE INDEX "idx_peer_reviews_network_domain" ON "peer_reviews" ("status", "reviewer_domain_code", "author_domain_code", "assignment_id") `);
        await queryRunner.query(`CREATE INDEX "idx_peer_reviews_network_municipality" ON "peer_reviews" ("status", "reviewer_municipality_code", "author_municipality_code", "assignment_id") `);
        await queryRunner.query(`CREATE INDEX "idx_peer_reviews_report_author" ON "peer_reviews" ("author_id", "status", "reviewer_municipality_code", "reviewer_domain_code", "assignment_id") `);
        await queryRunner.query(`CREATE INDEX "idx_peer_reviews_report_reviewer" ON "peer_reviews" ("reviewer_id", "status", "author_municipality_code", "author_domain_code", "assignment_id") `);
        await queryRunner.query(`CREATE INDEX "idx_peer_review_scores_report" ON "peer_review_scores" ("criterion_id", "score") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "idx_peer_review_scores_report"`);
        await queryRunner.query(`DROP INDEX "idx_peer_reviews_report_reviewer"`);
        await queryRunner.query(`DROP INDEX "idx_peer_reviews_report_author"`);
        await queryRunner.query(`DROP INDEX "idx_peer_reviews_network_municipality"`);
        await queryRunner.query(`DROP INDEX "idx_peer_reviews_network_domain"`);
        await queryRunner.query(`DROP INDEX "idx_peer_reviews_author"`);
        await queryRunner.query(`DROP INDEX "idx_peer_reviews_reviewer"`);
        await queryRunner.query(`DROP INDEX "idx_peer_reviews_report"`);
        await queryRunner.query(`ALTER TABLE "peer_reviews" RENAME TO "temporary_peer_reviews"`);
        await queryRunner.query(`CREATE TABLE "peer_reviews" ("id" varchar PRIMARY KEY NOT NULL, "assignment_id" varchar NOT NULL, "reviewer_id" varchar NOT NULL, "author_id" varchar NOT NULL, "submission_id" varchar NOT NULL, "status" varchar(10) NOT NULL DEFAULT ('ASSIGNED'), "origin" varchar(10) NOT NULL DEFAULT ('MATCHED'), "changed_by" varchar, "comment" text, "submitted_at" datetime, "helpfulness" integer, "helpfulness_comment" text, "rated_at" datetime, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "uq_peer_reviews_pair" UNIQUE ("assignment_id", "reviewer_id", "author_id"), CONSTRAINT "chk_peer_reviews_helpfulness" CHECK (("helpfulness" IS NULL OR "helpfulness" >= 1 AND "helpfulness" <= 5)), CONSTRAINT "chk_peer_reviews_status" CHECK (("status" = 'ASSIGNED' OR "status" = 'SUBMITTED' OR "status" = 'REMOVED')), CONSTRAINT "chk_peer_reviews_not_self" CHECK (("reviewer_id" <> "author_id")), CONSTRAINT "FK_78830e52b0c423d4a21bad6be65" FOREIGN KEY ("submission_id") REFERENCES "submissions" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_ed9437d39676017ee56220da63b" FOREIGN KEY ("author_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_81c7b11db297359cd2d5e77584e" FOREIGN KEY ("reviewer_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_81ecd1ba8f10d9e1c46b03ac7cd" FOREIGN KEY ("assignment_id") REFERENCES "assignments" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "peer_reviews"("id", "assignment_id", "reviewer_id", "author_id", "submission_id", "status", "origin", "changed_by", "comment", "submitted_at", "helpfulness", "helpfulness_comment", "rated_at", "created_at", "updated_at") SELECT "id", "assignment_id", "reviewer_id", "author_id", "submission_id", "status", "origin", "changed_by", "comment", "submitted_at", "helpfulness", "helpfulness_comment", "rated_at", "created_at", "updated_at" FROM "temporary_peer_reviews"`);
        await queryRunner.query(`DROP TABLE "temporary_peer_reviews"`);
        await queryRunner.query(`CREATE INDEX "idx_peer_reviews_author" ON "peer_reviews" ("assignment_id", "author_id") `);
        await queryRunner.query(`CREATE INDEX "idx_peer_reviews_reviewer" ON "peer_reviews" ("reviewer_id") `);
        await queryRunner.query(`CREATE INDEX "idx_peer_reviews_report" ON "peer_reviews" ("assignment_id", "status", "reviewer_id", "author_id", "helpfulness", "id") `);
        await queryRunner.query(`CREATE INDEX "idx_peer_reviews_report_author" ON "peer_reviews" ("author_id", "status", "assignment_id") `);
        await queryRunner.query(`CREATE INDEX "idx_peer_reviews_report_reviewer" ON "peer_reviews" ("reviewer_id", "assignment_id", "status") `);
    }

}
