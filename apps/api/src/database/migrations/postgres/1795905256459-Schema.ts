import { MigrationInterface, QueryRunner } from "typeorm";

export class Schema1795905256459 implements MigrationInterface {
    name = 'Schema1795905256459'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "cohorts" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(120) NOT NULL,
                "description" text NOT NULL DEFAULT '',
                "start_date" date NOT NULL,
                "end_date" date NOT NULL,
                "status" character varying(8) NOT NULL DEFAULT 'DRAFT',
                "archived_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_cohorts_status" CHECK (
                    "status" = 'DRAFT'
                    OR "status" = 'ACTIVE'
                    OR "status" = 'CLOSED'
                ),
                CONSTRAINT "chk_cohorts_dates" CHECK ("end_date" >= "start_date"),
                CONSTRAINT "PK_fd38f76b135e907b834fda1e752" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_cohorts_name" ON "cohorts" ("name")
        `);
        await queryRunner.query(`
            CREATE TABLE "course_modules" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "cohort_id" uuid NOT NULL,
                "position" integer NOT NULL,
                "title" character varying(200) NOT NULL,
                "description" text NOT NULL DEFAULT '',
                "opens_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "closes_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "archived_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_course_modules_position" CHECK ("position" >= 0),
                CONSTRAINT "chk_course_modules_window" CHECK ("closes_at" > "opens_at"),
                CONSTRAINT "PK_4c195db0718e8845a6e09075ebc" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_course_modules_cohort" ON "course_modules" ("cohort_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "rubric_criteria" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "assignment_id" uuid NOT NULL,
                "position" integer NOT NULL,
                "title" character varying(200) NOT NULL,
                "description" text NOT NULL DEFAULT '',
                "min_score" integer NOT NULL,
                "max_score" integer NOT NULL,
                CONSTRAINT "chk_rubric_criteria_scale" CHECK ("max_score" > "min_score"),
                CONSTRAINT "PK_8bdb168f88489aa75202269f994" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_rubric_criteria_assignment" ON "rubric_criteria" ("assignment_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "assignments" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "module_id" uuid NOT NULL,
                "title" character varying(200) NOT NULL,
                "instructions" text NOT NULL DEFAULT '',
                "due_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "review_due_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "reviews_per_submission" integer NOT NULL DEFAULT '2',
                "anonymity" character varying(12) NOT NULL DEFAULT 'DOUBLE_BLIND',
                "show_hidden_affiliation" boolean NOT NULL DEFAULT true,
                "allow_late_submissions" boolean NOT NULL DEFAULT true,
                "archived_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_assignments_anonymity" CHECK (
                    "anonymity" = 'OPEN'
                    OR "anonymity" = 'SINGLE_BLIND'
                    OR "anonymity" = 'DOUBLE_BLIND'
                ),
                CONSTRAINT "chk_assignments_review_after_due" CHECK ("review_due_at" > "due_at"),
                CONSTRAINT "chk_assignments_reviews_per_submission" CHECK (
                    "reviews_per_submission" >= 1
                    AND "reviews_per_submission" <= 10
                ),
                CONSTRAINT "PK_c54ca359535e0012b04dcbd80ee" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_assignments_module" ON "assignments" ("module_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "audit_log" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "actor_id" uuid,
                "action" character varying(64) NOT NULL,
                "subject_type" character varying(32) NOT NULL,
                "subject_id" character varying(64) NOT NULL,
                "details" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_audit_log_subject" ON "audit_log" ("subject_type", "subject_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "business_domains" (
                "code" character varying(8) NOT NULL,
                "name_nl" character varying(100) NOT NULL,
                "name_en" character varying(100) NOT NULL,
                "description_nl" text NOT NULL,
                CONSTRAINT "PK_746120a27dad235eb661ce7d8c7" PRIMARY KEY ("code")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "municipalities" (
                "code" character varying(6) NOT NULL,
                "name" character varying(100) NOT NULL,
                "province" character varying(40) NOT NULL,
                CONSTRAINT "PK_9e0e960d7323bb120dc5e915dd8" PRIMARY KEY ("code")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_municipalities_name" ON "municipalities" ("name")
        `);
        await queryRunner.query(`
            CREATE TABLE "users" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "email" character varying(254) NOT NULL,
                "name" character varying(120) NOT NULL,
                "municipality_code" character varying(6),
                "business_domain_code" character varying(8),
                "job_title" character varying(120),
                "role" character varying(8) NOT NULL DEFAULT 'USER',
                "password_hash" character varying(255),
                "deactivated_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_users_role" CHECK (
                    "role" = 'ADMIN'
                    OR "role" = 'USER'
                ),
                CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_users_email" ON "users" ("email")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_users_municipality" ON "users" ("municipality_code")
        `);
        await queryRunner.query(`
            CREATE TABLE "password_tokens" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "purpose" character varying(12) NOT NULL,
                "secret_hash" character varying(64) NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "used_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_password_tokens_purpose" CHECK (
                    "purpose" = 'INVITATION'
                    OR "purpose" = 'RESET'
                ),
                CONSTRAINT "PK_816120c39410c02dabd34b8672b" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_password_tokens_user" ON "password_tokens" ("user_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "refresh_tokens" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "family_id" uuid NOT NULL,
                "secret_hash" character varying(64) NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "rotated_at" TIMESTAMP WITH TIME ZONE,
                "revoked_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_refresh_tokens_user" ON "refresh_tokens" ("user_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_refresh_tokens_family" ON "refresh_tokens" ("family_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "enrollments" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "cohort_id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                "role" character varying(12) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_enrollments_cohort_user" UNIQUE ("cohort_id", "user_id"),
                CONSTRAINT "chk_enrollments_role" CHECK (
                    "role" = 'PARTICIPANT'
                    OR "role" = 'COACH'
                ),
                CONSTRAINT "PK_7c0f752f9fb68bf6ed7367ab00f" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_enrollments_user" ON "enrollments" ("user_id")
        `);
        await queryRunner.query(`
            ALTER TABLE "course_modules"
            ADD CONSTRAINT "FK_667c6dd9863fc0b08a54bee7883" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "rubric_criteria"
            ADD CONSTRAINT "FK_fe3d5ffa28ebfce4d69d68ac65d" FOREIGN KEY ("assignment_id") REFERENCES "assignments"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "assignments"
            ADD CONSTRAINT "FK_a27b75778c882eb47f906832a09" FOREIGN KEY ("module_id") REFERENCES "course_modules"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "users"
            ADD CONSTRAINT "FK_3852f859637d1291a6c5f19dead" FOREIGN KEY ("municipality_code") REFERENCES "municipalities"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "users"
            ADD CONSTRAINT "FK_276e7353cb0b168449700f76c16" FOREIGN KEY ("business_domain_code") REFERENCES "business_domains"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "password_tokens"
            ADD CONSTRAINT "FK_5ac1fd8593c46bf145b2b886195" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "refresh_tokens"
            ADD CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "enrollments"
            ADD CONSTRAINT "FK_66dbba19e66e25c3814f80b6478" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "enrollments"
            ADD CONSTRAINT "FK_ff997f5a39cd24a491b9aca45c9" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "enrollments" DROP CONSTRAINT "FK_ff997f5a39cd24a491b9aca45c9"
        `);
        await queryRunner.query(`
            ALTER TABLE "enrollments" DROP CONSTRAINT "FK_66dbba19e66e25c3814f80b6478"
        `);
        await queryRunner.query(`
            ALTER TABLE "refresh_tokens" DROP CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4"
        `);
        await queryRunner.query(`
            ALTER TABLE "password_tokens" DROP CONSTRAINT "FK_5ac1fd8593c46bf145b2b886195"
        `);
        await queryRunner.query(`
            ALTER TABLE "users" DROP CONSTRAINT "FK_276e7353cb0b168449700f76c16"
        `);
        await queryRunner.query(`
            ALTER TABLE "users" DROP CONSTRAINT "FK_3852f859637d1291a6c5f19dead"
        `);
        await queryRunner.query(`
            ALTER TABLE "assignments" DROP CONSTRAINT "FK_a27b75778c882eb47f906832a09"
        `);
        await queryRunner.query(`
            ALTER TABLE "rubric_criteria" DROP CONSTRAINT "FK_fe3d5ffa28ebfce4d69d68ac65d"
        `);
        await queryRunner.query(`
            ALTER TABLE "course_modules" DROP CONSTRAINT "FK_667c6dd9863fc0b08a54bee7883"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_enrollments_user"
        `);
        await queryRunner.query(`
            DROP TABLE "enrollments"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_refresh_tokens_family"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_refresh_tokens_user"
        `);
        await queryRunner.query(`
            DROP TABLE "refresh_tokens"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_password_tokens_user"
        `);
        await queryRunner.query(`
            DROP TABLE "password_tokens"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_users_municipality"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_users_email"
        `);
        await queryRunner.query(`
            DROP TABLE "users"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_municipalities_name"
        `);
        await queryRunner.query(`
            DROP TABLE "municipalities"
        `);
        await queryRunner.query(`
            DROP TABLE "business_domains"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_audit_log_subject"
        `);
        await queryRunner.query(`
            DROP TABLE "audit_log"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_assignments_module"
        `);
        await queryRunner.query(`
            DROP TABLE "assignments"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_rubric_criteria_assignment"
        `);
        await queryRunner.query(`
            DROP TABLE "rubric_criteria"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_course_modules_cohort"
        `);
        await queryRunner.query(`
            DROP TABLE "course_modules"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_cohorts_name"
        `);
        await queryRunner.query(`
            DROP TABLE "cohorts"
        `);
    }

}
