import { MigrationInterface, QueryRunner } from "typeorm";

export class Workflow1795907578104 implements MigrationInterface {
    name = 'Workflow1795907578104'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "kind" character varying(24) NOT NULL, "key" character varying(120) NOT NULL, "message" character varying(300) NOT NULL, "assignment_id" uuid, "read_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_notifications_user_key" UNIQUE ("user_id", "key"), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_notifications_user_created" ON "notifications"  ("user_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "assignment_pairings" ("assignment_id" uuid NOT NULL, "version" integer NOT NULL DEFAULT '1', "published_at" TIMESTAMP WITH TIME ZONE NOT NULL, "published_by" uuid NOT NULL, "seed" integer NOT NULL, CONSTRAINT "PK_09c502ee13eb10472142b70711a" PRIMARY KEY ("assignment_id"))`);
        await queryRunner.query(`CREATE TABLE "pairing_constraints" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "assignment_id" uuid NOT NULL, "reviewer_id" uuid NOT NULL, "author_id" uuid NOT NULL, "kind" character varying(8) NOT NULL, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_pairing_constraints_pair" UNIQUE ("assignment_id", "reviewer_id", "author_id"), CONSTRAINT "chk_pairing_constraints_kind" CHECK ("kind" = 'PIN' OR "kind" = 'FORBID'), CONSTRAINT "PK_f6ab2c6193c1095e3b48c379c9a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "submissions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "assignment_id" uuid NOT NULL, "author_id" uuid NOT NULL, "version" integer NOT NULL, "body" text NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "is_late" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_submissions_version" UNIQUE ("assignment_id", "author_id", "version"), CONSTRAINT "PK_10b3be95b8b2fb1e482e07d706b" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_submissions_author" ON "submissions"  ("author_id") `);
        await queryRunner.query(`CREATE TABLE "peer_reviews" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "assignment_id" uuid NOT NULL, "reviewer_id" uuid NOT NULL, "author_id" uuid NOT NULL, "submission_id" uuid NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'ASSIGNED', "origin" character varying(10) NOT NULL DEFAULT 'MATCHED', "changed_by" uuid, "comment" text, "submitted_at" TIMESTAMP WITH TIME ZONE, "helpfulness" integer, "helpfulness_comment" text, "rated_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_peer_reviews_pair" UNIQUE ("assignment_id", "reviewer_id", "author_id"), CONSTRAINT "chk_peer_reviews_helpfulness" CHECK ("helpfulness" IS NULL OR "helpfulness" >= 1 AND "helpfulness" <= 5), CONSTRAINT "chk_peer_reviews_status" CHECK ("status" = 'ASSIGNED' OR "status" = 'SUBMITTED' OR "status" = 'REMOVED'), CONSTRAINT "chk_peer_reviews_not_self" CHECK ("reviewer_id" <> "author_id"), CONSTRAINT "PK_2532078fca474d3c97e56a5bd19" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_peer_reviews_author" ON "peer_reviews"  ("assignment_id", "author_id") `);
        await queryRunner.query(`CREATE INDEX "idx_peer_reviews_reviewer" ON "peer_reviews"  ("reviewer_id") `);
        await queryRunner.query(`CREATE TABLE "peer_review_scores" ("peer_review_id" uuid NOT NULL, "criterion_id" uuid NOT NULL, "score" integer NOT NULL, CONSTRAINT "PK_3fd45495abbd244e89845134f3b" PRIMARY KEY ("peer_review_id", "criterion_id"))`);
        await queryRunner.query(`CREATE TABLE "attachments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "uploader_id" uuid NOT NULL, "submission_id" uuid, "file_name" character varying(255) NOT NULL, "content_type" character varying(100) NOT NULL, "size_bytes" integer NOT NULL, "sha256" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5e1f050bcff31e3084a1d662412" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_attachments_uploader" ON "attachments"  ("uploader_id") `);
        await queryRunner.query(`CREATE INDEX "idx_attachments_submission" ON "attachments"  ("submission_id") `);
        await queryRunner.query(`CREATE TABLE "submission_feedback" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "submission_id" uuid NOT NULL, "coach_id" uuid NOT NULL, "body" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d4d16f81d58111abb3d93d83368" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_submission_feedback_submission" ON "submission_feedback"  ("submission_id") `);
        await queryRunner.query(`ALTER TABLE "assignments" ADD "release_reviews_immediately" boolean NOT NULL DEFAULT false`);
        await queryRunner.query(`ALTER TABLE "notifications" ADD CONSTRAINT "FK_9a8a82462cab47c73d25f49261f" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "assignment_pairings" ADD CONSTRAINT "FK_09c502ee13eb10472142b70711a" FOREIGN KEY ("assignment_id") REFERENCES "assignments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "pairing_constraints" ADD CONSTRAINT "FK_891ea867be410befce00a228ba7" FOREIGN KEY ("assignment_id") REFERENCES "assignments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "submissions" ADD CONSTRAINT "FK_8723840b9b0464206640c268abc" FOREIGN KEY ("assignment_id") REFERENCES "assignments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "submissions" ADD CONSTRAINT "FK_56a9a3c5a1e37b022a3315e2648" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "peer_reviews" ADD CONSTRAINT "FK_81ecd1ba8f10d9e1c46b03ac7cd" FOREIGN KEY ("assignment_id") REFERENCES "assignments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "peer_reviews" ADD CONSTRAINT "FK_81c7b11db297359cd2d5e77584e" FOREIGN KEY ("reviewer_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "peer_reviews" ADD CONSTRAINT "FK_ed9437d39676017ee56220da63b" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "peer_reviews" ADD CONSTRAINT "FK_78830e52b0c423d4a21bad6be65" FOREIGN KEY ("submission_id") REFERENCES "submissions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "peer_review_scores" ADD CONSTRAINT "FK_702fccf5acc08c9a3eed6f9f601" FOREIGN KEY ("peer_review_id") REFERENCES "peer_reviews"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "peer_review_scores" ADD CONSTRAINT "FK_3cb538041176b3134ccad2f5286" FOREIGN KEY ("criterion_id") REFERENCES "rubric_criteria"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "attachments" ADD CONSTRAINT "FK_73407cf2d2a0e64546bacf309a7" FOREIGN KEY ("uploader_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "attachments" ADD CONSTRAINT "FK_bd46773d489799c35febeaefb16" FOREIGN KEY ("submission_id") REFERENCES "submissions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "submission_feedback" ADD CONSTRAINT "FK_8158141ce63a8a4d68a99d4275b" FOREIGN KEY ("submission_id") REFERENCES "submissions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "submission_feedback" ADD CONSTRAINT "FK_39cb169b12dbf5af6e4a5e8a0dd" FOREIGN KEY ("coach_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "submission_feedback" DROP CONSTRAINT "FK_39cb169b12dbf5af6e4a5e8a0dd"`);
        await queryRunner.query(`ALTER TABLE "submission_feedback" DROP CONSTRAINT "FK_8158141ce63a8a4d68a99d4275b"`);
        await queryRunner.query(`ALTER TABLE "attachments" DROP CONSTRAINT "FK_bd46773d489799c35febeaefb16"`);
        await queryRunner.query(`ALTER TABLE "attachments" DROP CONSTRAINT "FK_73407cf2d2a0e64546bacf309a7"`);
        await queryRunner.query(`ALTER TABLE "peer_review_scores" DROP CONSTRAINT "FK_3cb538041176b3134ccad2f5286"`);
        await queryRunner.query(`ALTER TABLE "peer_review_scores" DROP CONSTRAINT "FK_702fccf5acc08c9a3eed6f9f601"`);
        await queryRunner.query(`ALTER TABLE "peer_reviews" DROP CONSTRAINT "FK_78830e52b0c423d4a21bad6be65"`);
        await queryRunner.query(`ALTER TABLE "peer_reviews" DROP CONSTRAINT "FK_ed9437d39676017ee56220da63b"`);
        await queryRunner.query(`ALTER TABLE "peer_reviews" DROP CONSTRAINT "FK_81c7b11db297359cd2d5e77584e"`);
        await queryRunner.query(`ALTER TABLE "peer_reviews" DROP CONSTRAINT "FK_81ecd1ba8f10d9e1c46b03ac7cd"`);
        await queryRunner.query(`ALTER TABLE "submissions" DROP CONSTRAINT "FK_56a9a3c5a1e37b022a3315e2648"`);
        await queryRunner.query(`ALTER TABLE "submissions" DROP CONSTRAINT "FK_8723840b9b0464206640c268abc"`);
        await queryRunner.query(`ALTER TABLE "pairing_constraints" DROP CONSTRAINT "FK_891ea867be410befce00a228ba7"`);
        await queryRunner.query(`ALTER TABLE "assignment_pairings" DROP CONSTRAINT "FK_09c502ee13eb10472142b70711a"`);
        await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "FK_9a8a82462cab47c73d25f49261f"`);
        await queryRunner.query(`ALTER TABLE "assignments" DROP COLUMN "release_reviews_immediately"`);
        await queryRunner.query(`DROP INDEX "public"."idx_submission_feedback_submission"`);
        await queryRunner.query(`DROP TABLE "submission_feedback"`);
        await queryRunner.query(`DROP INDEX "public"."idx_attachments_submission"`);
        await queryRunner.query(`DROP INDEX "public"."idx_attachments_uploader"`);
        await queryRunner.query(`DROP TABLE "attachments"`);
        await queryRunner.query(`DROP TABLE "peer_review_scores"`);
        await queryRunner.query(`DROP INDEX "public"."idx_peer_reviews_reviewer"`);
        await queryRunner.query(`DROP INDEX "public"."idx_peer_reviews_author"`);
        await queryRunner.query(`DROP TABLE "peer_reviews"`);
        await queryRunner.query(`DROP INDEX "public"."idx_submissions_author"`);
        await queryRunner.query(`DROP TABLE "submissions"`);
        await queryRunner.query(`DROP TABLE "pairing_constraints"`);
        await queryRunner.query(`DROP TABLE "assignment_pairings"`);
        await queryRunner.query(`DROP INDEX "public"."idx_notifications_user_created"`);
        await queryRunner.query(`DROP TABLE "notifications"`);
    }

}
