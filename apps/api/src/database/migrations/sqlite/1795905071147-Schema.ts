import { MigrationInterface, QueryRunner } from "typeorm";

export class Schema1795905071147 implements MigrationInterface {
    name = 'Schema1795905071147'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "cohorts" (
                "id" varchar PRIMARY KEY NOT NULL,
                "name" varchar(120) NOT NULL,
                "description" text NOT NULL DEFAULT (''),
                "start_date" date NOT NULL,
                "end_date" date NOT NULL,
                "status" varchar(8) NOT NULL DEFAULT ('DRAFT'),
                "archived_at" datetime,
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                "updated_at" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "chk_cohorts_status" CHECK ("status" IN ('DRAFT', 'ACTIVE', 'CLOSED')),
                CONSTRAINT "chk_cohorts_dates" CHECK ("end_date" >= "start_date")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_cohorts_name" ON "cohorts" ("name")
        `);
        await queryRunner.query(`
            CREATE TABLE "course_modules" (
                "id" varchar PRIMARY KEY NOT NULL,
                "cohort_id" varchar NOT NULL,
                "position" integer NOT NULL,
                "title" varchar(200) NOT NULL,
                "description" text NOT NULL DEFAULT (''),
                "opens_at" datetime NOT NULL,
                "closes_at" datetime NOT NULL,
                "archived_at" datetime,
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                "updated_at" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "chk_course_modules_position" CHECK ("position" >= 0),
                CONSTRAINT "chk_course_modules_window" CHECK ("closes_at" > "opens_at")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_course_modules_cohort" ON "course_modules" ("cohort_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "rubric_criteria" (
                "id" varchar PRIMARY KEY NOT NULL,
                "assignment_id" varchar NOT NULL,
                "position" integer NOT NULL,
                "title" varchar(200) NOT NULL,
                "description" text NOT NULL DEFAULT (''),
                "min_score" integer NOT NULL,
                "max_score" integer NOT NULL,
                CONSTRAINT "chk_rubric_criteria_scale" CHECK ("max_score" > "min_score")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_rubric_criteria_assignment" ON "rubric_criteria" ("assignment_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "assignments" (
                "id" varchar PRIMARY KEY NOT NULL,
                "module_id" varchar NOT NULL,
                "title" varchar(200) NOT NULL,
                "instructions" text NOT NULL DEFAULT (''),
                "due_at" datetime NOT NULL,
                "review_due_at" datetime NOT NULL,
                "reviews_per_submission" integer NOT NULL DEFAULT (2),
                "anonymity" varchar(12) NOT NULL DEFAULT ('DOUBLE_BLIND'),
                "show_hidden_affiliation" boolean NOT NULL DEFAULT (1),
                "allow_late_submissions" boolean NOT NULL DEFAULT (1),
                "archived_at" datetime,
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                "updated_at" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "chk_assignments_anonymity" CHECK (
                    "anonymity" IN ('OPEN', 'SINGLE_BLIND', 'DOUBLE_BLIND')
                ),
                CONSTRAINT "chk_assignments_review_after_due" CHECK ("review_due_at" > "due_at"),
                CONSTRAINT "chk_assignments_reviews_per_submission" CHECK (
                    "reviews_per_submission" BETWEEN 1 AND 10
                )
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_assignments_module" ON "assignments" ("module_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "audit_log" (
                "id" varchar PRIMARY KEY NOT NULL,
                "actor_id" varchar,
                "action" varchar(64) NOT NULL,
                "subject_type" varchar(32) NOT NULL,
                "subject_id" varchar(64) NOT NULL,
                "details" text,
                "created_at" datetime NOT NULL DEFAULT (datetime('now'))
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_audit_log_subject" ON "audit_log" ("subject_type", "subject_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "business_domains" (
                "code" varchar(8) PRIMARY KEY NOT NULL,
                "name_nl" varchar(100) NOT NULL,
                "name_en" varchar(100) NOT NULL,
                "description_nl" text NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "municipalities" (
                "code" varchar(6) PRIMARY KEY NOT NULL,
                "name" varchar(100) NOT NULL,
                "province" varchar(40) NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_municipalities_name" ON "municipalities" ("name")
        `);
        await queryRunner.query(`
            CREATE TABLE "users" (
                "id" varchar PRIMARY KEY NOT NULL,
                "email" varchar(254) NOT NULL,
                "name" varchar(120) NOT NULL,
                "municipality_code" varchar(6),
                "business_domain_code" varchar(8),
                "job_title" varchar(120),
                "role" varchar(8) NOT NULL DEFAULT ('USER'),
                "password_hash" varchar(255),
                "deactivated_at" datetime,
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                "updated_at" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "chk_users_role" CHECK ("role" IN ('ADMIN', 'USER'))
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
                "id" varchar PRIMARY KEY NOT NULL,
                "user_id" varchar NOT NULL,
                "purpose" varchar(12) NOT NULL,
                "secret_hash" varchar(64) NOT NULL,
                "expires_at" datetime NOT NULL,
                "used_at" datetime,
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "chk_password_tokens_purpose" CHECK ("purpose" IN ('INVITATION', 'RESET'))
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_password_tokens_user" ON "password_tokens" ("user_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "refresh_tokens" (
                "id" varchar PRIMARY KEY NOT NULL,
                "user_id" varchar NOT NULL,
                "family_id" varchar NOT NULL,
                "secret_hash" varchar(64) NOT NULL,
                "expires_at" datetime NOT NULL,
                "rotated_at" datetime,
                "revoked_at" datetime,
                "created_at" datetime NOT NULL DEFAULT (datetime('now'))
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
                "id" varchar PRIMARY KEY NOT NULL,
                "cohort_id" varchar NOT NULL,
                "user_id" varchar NOT NULL,
                "role" varchar(12) NOT NULL,
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "uq_enrollments_cohort_user" UNIQUE ("cohort_id", "user_id"),
                CONSTRAINT "chk_enrollments_role" CHECK ("role" IN ('PARTICIPANT', 'COACH'))
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_enrollments_user" ON "enrollments" ("user_id")
        `);
        await queryRunner.query(`
            DROP INDEX "idx_course_modules_cohort"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_course_modules" (
                "id" varchar PRIMARY KEY NOT NULL,
                "cohort_id" varchar NOT NULL,
                "position" integer NOT NULL,
                "title" varchar(200) NOT NULL,
                "description" text NOT NULL DEFAULT (''),
                "opens_at" datetime NOT NULL,
                "closes_at" datetime NOT NULL,
                "archived_at" datetime,
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                "updated_at" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "chk_course_modules_position" CHECK ("position" >= 0),
                CONSTRAINT "chk_course_modules_window" CHECK ("closes_at" > "opens_at"),
                CONSTRAINT "FK_667c6dd9863fc0b08a54bee7883" FOREIGN KEY ("cohort_id") REFERENCES "cohorts" ("id") ON DELETE CASCADE ON UPDATE NO ACTION
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_course_modules"(
                    "id",
                    "cohort_id",
                    "position",
                    "title",
                    "description",
                    "opens_at",
                    "closes_at",
                    "archived_at",
                    "created_at",
                    "updated_at"
                )
            SELECT "id",
                "cohort_id",
                "position",
                "title",
                "description",
                "opens_at",
                "closes_at",
                "archived_at",
                "created_at",
                "updated_at"
            FROM "course_modules"
        `);
        await queryRunner.query(`
            DROP TABLE "course_modules"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_course_modules"
                RENAME TO "course_modules"
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_course_modules_cohort" ON "course_modules" ("cohort_id")
        `);
        await queryRunner.query(`
            DROP INDEX "idx_rubric_criteria_assignment"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_rubric_criteria" (
                "id" varchar PRIMARY KEY NOT NULL,
                "assignment_id" varchar NOT NULL,
                "position" integer NOT NULL,
                "title" varchar(200) NOT NULL,
                "description" text NOT NULL DEFAULT (''),
                "min_score" integer NOT NULL,
                "max_score" integer NOT NULL,
                CONSTRAINT "chk_rubric_criteria_scale" CHECK ("max_score" > "min_score"),
                CONSTRAINT "FK_fe3d5ffa28ebfce4d69d68ac65d" FOREIGN KEY ("assignment_id") REFERENCES "assignments" ("id") ON DELETE CASCADE ON UPDATE NO ACTION
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_rubric_criteria"(
                    "id",
                    "assignment_id",
                    "position",
                    "title",
                    "description",
                    "min_score",
                    "max_score"
                )
            SELECT "id",
                "assignment_id",
                "position",
                "title",
                "description",
                "min_score",
                "max_score"
            FROM "rubric_criteria"
        `);
        await queryRunner.query(`
            DROP TABLE "rubric_criteria"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_rubric_criteria"
                RENAME TO "rubric_criteria"
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_rubric_criteria_assignment" ON "rubric_criteria" ("assignment_id")
        `);
        await queryRunner.query(`
            DROP INDEX "idx_assignments_module"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_assignments" (
                "id" varchar PRIMARY KEY NOT NULL,
                "module_id" varchar NOT NULL,
                "title" varchar(200) NOT NULL,
                "instructions" text NOT NULL DEFAULT (''),
                "due_at" datetime NOT NULL,
                "review_due_at" datetime NOT NULL,
                "reviews_per_submission" integer NOT NULL DEFAULT (2),
                "anonymity" varchar(12) NOT NULL DEFAULT ('DOUBLE_BLIND'),
                "show_hidden_affiliation" boolean NOT NULL DEFAULT (1),
                "allow_late_submissions" boolean NOT NULL DEFAULT (1),
                "archived_at" datetime,
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                "updated_at" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "chk_assignments_anonymity" CHECK (
                    "anonymity" IN ('OPEN', 'SINGLE_BLIND', 'DOUBLE_BLIND')
                ),
                CONSTRAINT "chk_assignments_review_after_due" CHECK ("review_due_at" > "due_at"),
                CONSTRAINT "chk_assignments_reviews_per_submission" CHECK (
                    "reviews_per_submission" BETWEEN 1 AND 10
                ),
                CONSTRAINT "FK_a27b75778c882eb47f906832a09" FOREIGN KEY ("module_id") REFERENCES "course_modules" ("id") ON DELETE CASCADE ON UPDATE NO ACTION
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_assignments"(
                    "id",
                    "module_id",
                    "title",
                    "instructions",
                    "due_at",
                    "review_due_at",
                    "reviews_per_submission",
                    "anonymity",
                    "show_hidden_affiliation",
                    "allow_late_submissions",
                    "archived_at",
                    "created_at",
                    "updated_at"
                )
            SELECT "id",
                "module_id",
                "title",
                "instructions",
                "due_at",
                "review_due_at",
                "reviews_per_submission",
                "anonymity",
                "show_hidden_affiliation",
                "allow_late_submissions",
                "archived_at",
                "created_at",
                "updated_at"
            FROM "assignments"
        `);
        await queryRunner.query(`
            DROP TABLE "assignments"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_assignments"
                RENAME TO "assignments"
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_assignments_module" ON "assignments" ("module_id")
        `);
        await queryRunner.query(`
            DROP INDEX "uq_users_email"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_users_municipality"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_users" (
                "id" varchar PRIMARY KEY NOT NULL,
                "email" varchar(254) NOT NULL,
                "name" varchar(120) NOT NULL,
                "municipality_code" varchar(6),
                "business_domain_code" varchar(8),
                "job_title" varchar(120),
                "role" varchar(8) NOT NULL DEFAULT ('USER'),
                "password_hash" varchar(255),
                "deactivated_at" datetime,
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                "updated_at" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "chk_users_role" CHECK ("role" IN ('ADMIN', 'USER')),
                CONSTRAINT "FK_3852f859637d1291a6c5f19dead" FOREIGN KEY ("municipality_code") REFERENCES "municipalities" ("code") ON DELETE RESTRICT ON UPDATE NO ACTION,
                CONSTRAINT "FK_276e7353cb0b168449700f76c16" FOREIGN KEY ("business_domain_code") REFERENCES "business_domains" ("code") ON DELETE RESTRICT ON UPDATE NO ACTION
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_users"(
                    "id",
                    "email",
                    "name",
                    "municipality_code",
                    "business_domain_code",
                    "job_title",
                    "role",
                    "password_hash",
                    "deactivated_at",
                    "created_at",
                    "updated_at"
                )
            SELECT "id",
                "email",
                "name",
                "municipality_code",
                "business_domain_code",
                "job_title",
                "role",
                "password_hash",
                "deactivated_at",
                "created_at",
                "updated_at"
            FROM "users"
        `);
        await queryRunner.query(`
            DROP TABLE "users"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_users"
                RENAME TO "users"
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_users_email" ON "users" ("email")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_users_municipality" ON "users" ("municipality_code")
        `);
        await queryRunner.query(`
            DROP INDEX "idx_password_tokens_user"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_password_tokens" (
                "id" varchar PRIMARY KEY NOT NULL,
                "user_id" varchar NOT NULL,
                "purpose" varchar(12) NOT NULL,
                "secret_hash" varchar(64) NOT NULL,
                "expires_at" datetime NOT NULL,
                "used_at" datetime,
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "chk_password_tokens_purpose" CHECK ("purpose" IN ('INVITATION', 'RESET')),
                CONSTRAINT "FK_5ac1fd8593c46bf145b2b886195" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_password_tokens"(
                    "id",
                    "user_id",
                    "purpose",
                    "secret_hash",
                    "expires_at",
                    "used_at",
                    "created_at"
                )
            SELECT "id",
                "user_id",
                "purpose",
                "secret_hash",
                "expires_at",
                "used_at",
                "created_at"
            FROM "password_tokens"
        `);
        await queryRunner.query(`
            DROP TABLE "password_tokens"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_password_tokens"
                RENAME TO "password_tokens"
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_password_tokens_user" ON "password_tokens" ("user_id")
        `);
        await queryRunner.query(`
            DROP INDEX "idx_refresh_tokens_user"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_refresh_tokens_family"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_refresh_tokens" (
                "id" varchar PRIMARY KEY NOT NULL,
                "user_id" varchar NOT NULL,
                "family_id" varchar NOT NULL,
                "secret_hash" varchar(64) NOT NULL,
                "expires_at" datetime NOT NULL,
                "rotated_at" datetime,
                "revoked_at" datetime,
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_refresh_tokens"(
                    "id",
                    "user_id",
                    "family_id",
                    "secret_hash",
                    "expires_at",
                    "rotated_at",
                    "revoked_at",
                    "created_at"
                )
            SELECT "id",
                "user_id",
                "family_id",
                "secret_hash",
                "expires_at",
                "rotated_at",
                "revoked_at",
                "created_at"
            FROM "refresh_tokens"
        `);
        await queryRunner.query(`
            DROP TABLE "refresh_tokens"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_refresh_tokens"
                RENAME TO "refresh_tokens"
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_refresh_tokens_user" ON "refresh_tokens" ("user_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_refresh_tokens_family" ON "refresh_tokens" ("family_id")
        `);
        await queryRunner.query(`
            DROP INDEX "idx_enrollments_user"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_enrollments" (
                "id" varchar PRIMARY KEY NOT NULL,
                "cohort_id" varchar NOT NULL,
                "user_id" varchar NOT NULL,
                "role" varchar(12) NOT NULL,
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "uq_enrollments_cohort_user" UNIQUE ("cohort_id", "user_id"),
                CONSTRAINT "chk_enrollments_role" CHECK ("role" IN ('PARTICIPANT', 'COACH')),
                CONSTRAINT "FK_66dbba19e66e25c3814f80b6478" FOREIGN KEY ("cohort_id") REFERENCES "cohorts" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
                CONSTRAINT "FK_ff997f5a39cd24a491b9aca45c9" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_enrollments"(
                    "id",
                    "cohort_id",
                    "user_id",
                    "role",
                    "created_at"
                )
            SELECT "id",
                "cohort_id",
                "user_id",
                "role",
                "created_at"
            FROM "enrollments"
        `);
        await queryRunner.query(`
            DROP TABLE "enrollments"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_enrollments"
                RENAME TO "enrollments"
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_enrollments_user" ON "enrollments" ("user_id")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "idx_enrollments_user"
        `);
        await queryRunner.query(`
            ALTER TABLE "enrollments"
                RENAME TO "temporary_enrollments"
        `);
        await queryRunner.query(`
            CREATE TABLE "enrollments" (
                "id" varchar PRIMARY KEY NOT NULL,
                "cohort_id" varchar NOT NULL,
                "user_id" varchar NOT NULL,
                "role" varchar(12) NOT NULL,
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "uq_enrollments_cohort_user" UNIQUE ("cohort_id", "user_id"),
                CONSTRAINT "chk_enrollments_role" CHECK ("role" IN ('PARTICIPANT', 'COACH'))
            )
        `);
        await queryRunner.query(`
            INSERT INTO "enrollments"(
                    "id",
                    "cohort_id",
                    "user_id",
                    "role",
                    "created_at"
                )
            SELECT "id",
                "cohort_id",
                "user_id",
                "role",
                "created_at"
            FROM "temporary_enrollments"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_enrollments"
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_enrollments_user" ON "enrollments" ("user_id")
        `);
        await queryRunner.query(`
            DROP INDEX "idx_refresh_tokens_family"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_refresh_tokens_user"
        `);
        await queryRunner.query(`
            ALTER TABLE "refresh_tokens"
                RENAME TO "temporary_refresh_tokens"
        `);
        await queryRunner.query(`
            CREATE TABLE "refresh_tokens" (
                "id" varchar PRIMARY KEY NOT NULL,
                "user_id" varchar NOT NULL,
                "family_id" varchar NOT NULL,
                "secret_hash" varchar(64) NOT NULL,
                "expires_at" datetime NOT NULL,
                "rotated_at" datetime,
                "revoked_at" datetime,
                "created_at" datetime NOT NULL DEFAULT (datetime('now'))
            )
        `);
        await queryRunner.query(`
            INSERT INTO "refresh_tokens"(
                    "id",
                    "user_id",
                    "family_id",
                    "secret_hash",
                    "expires_at",
                    "rotated_at",
                    "revoked_at",
                    "created_at"
                )
            SELECT "id",
                "user_id",
                "family_id",
                "secret_hash",
                "expires_at",
                "rotated_at",
                "revoked_at",
                "created_at"
            FROM "temporary_refresh_tokens"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_refresh_tokens"
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_refresh_tokens_family" ON "refresh_tokens" ("family_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_refresh_tokens_user" ON "refresh_tokens" ("user_id")
        `);
        await queryRunner.query(`
            DROP INDEX "idx_password_tokens_user"
        `);
        await queryRunner.query(`
            ALTER TABLE "password_tokens"
                RENAME TO "temporary_password_tokens"
        `);
        await queryRunner.query(`
            CREATE TABLE "password_tokens" (
                "id" varchar PRIMARY KEY NOT NULL,
                "user_id" varchar NOT NULL,
                "purpose" varchar(12) NOT NULL,
                "secret_hash" varchar(64) NOT NULL,
                "expires_at" datetime NOT NULL,
                "used_at" datetime,
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "chk_password_tokens_purpose" CHECK ("purpose" IN ('INVITATION', 'RESET'))
            )
        `);
        await queryRunner.query(`
            INSERT INTO "password_tokens"(
                    "id",
                    "user_id",
                    "purpose",
                    "secret_hash",
                    "expires_at",
                    "used_at",
                    "created_at"
                )
            SELECT "id",
                "user_id",
                "purpose",
                "secret_hash",
                "expires_at",
                "used_at",
                "created_at"
            FROM "temporary_password_tokens"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_password_tokens"
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_password_tokens_user" ON "password_tokens" ("user_id")
        `);
        await queryRunner.query(`
            DROP INDEX "idx_users_municipality"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_users_email"
        `);
        await queryRunner.query(`
            ALTER TABLE "users"
                RENAME TO "temporary_users"
        `);
        await queryRunner.query(`
            CREATE TABLE "users" (
                "id" varchar PRIMARY KEY NOT NULL,
                "email" varchar(254) NOT NULL,
                "name" varchar(120) NOT NULL,
                "municipality_code" varchar(6),
                "business_domain_code" varchar(8),
                "job_title" varchar(120),
                "role" varchar(8) NOT NULL DEFAULT ('USER'),
                "password_hash" varchar(255),
                "deactivated_at" datetime,
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                "updated_at" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "chk_users_role" CHECK ("role" IN ('ADMIN', 'USER'))
            )
        `);
        await queryRunner.query(`
            INSERT INTO "users"(
                    "id",
                    "email",
                    "name",
                    "municipality_code",
                    "business_domain_code",
                    "job_title",
                    "role",
                    "password_hash",
                    "deactivated_at",
                    "created_at",
                    "updated_at"
                )
            SELECT "id",
                "email",
                "name",
                "municipality_code",
                "business_domain_code",
                "job_title",
                "role",
                "password_hash",
                "deactivated_at",
                "created_at",
                "updated_at"
            FROM "temporary_users"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_users"
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_users_municipality" ON "users" ("municipality_code")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_users_email" ON "users" ("email")
        `);
        await queryRunner.query(`
            DROP INDEX "idx_assignments_module"
        `);
        await queryRunner.query(`
            ALTER TABLE "assignments"
                RENAME TO "temporary_assignments"
        `);
        await queryRunner.query(`
            CREATE TABLE "assignments" (
                "id" varchar PRIMARY KEY NOT NULL,
                "module_id" varchar NOT NULL,
                "title" varchar(200) NOT NULL,
                "instructions" text NOT NULL DEFAULT (''),
                "due_at" datetime NOT NULL,
                "review_due_at" datetime NOT NULL,
                "reviews_per_submission" integer NOT NULL DEFAULT (2),
                "anonymity" varchar(12) NOT NULL DEFAULT ('DOUBLE_BLIND'),
                "show_hidden_affiliation" boolean NOT NULL DEFAULT (1),
                "allow_late_submissions" boolean NOT NULL DEFAULT (1),
                "archived_at" datetime,
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                "updated_at" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "chk_assignments_anonymity" CHECK (
                    "anonymity" IN ('OPEN', 'SINGLE_BLIND', 'DOUBLE_BLIND')
                ),
                CONSTRAINT "chk_assignments_review_after_due" CHECK ("review_due_at" > "due_at"),
                CONSTRAINT "chk_assignments_reviews_per_submission" CHECK (
                    "reviews_per_submission" BETWEEN 1 AND 10
                )
            )
        `);
        await queryRunner.query(`
            INSERT INTO "assignments"(
                    "id",
                    "module_id",
                    "title",
                    "instructions",
                    "due_at",
                    "review_due_at",
                    "reviews_per_submission",
                    "anonymity",
                    "show_hidden_affiliation",
                    "allow_late_submissions",
                    "archived_at",
                    "created_at",
                    "updated_at"
                )
            SELECT "id",
                "module_id",
                "title",
                "instructions",
                "due_at",
                "review_due_at",
                "reviews_per_submission",
                "anonymity",
                "show_hidden_affiliation",
                "allow_late_submissions",
                "archived_at",
                "created_at",
                "updated_at"
            FROM "temporary_assignments"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_assignments"
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_assignments_module" ON "assignments" ("module_id")
        `);
        await queryRunner.query(`
            DROP INDEX "idx_rubric_criteria_assignment"
        `);
        await queryRunner.query(`
            ALTER TABLE "rubric_criteria"
                RENAME TO "temporary_rubric_criteria"
        `);
        await queryRunner.query(`
            CREATE TABLE "rubric_criteria" (
                "id" varchar PRIMARY KEY NOT NULL,
                "assignment_id" varchar NOT NULL,
                "position" integer NOT NULL,
                "title" varchar(200) NOT NULL,
                "description" text NOT NULL DEFAULT (''),
                "min_score" integer NOT NULL,
                "max_score" integer NOT NULL,
                CONSTRAINT "chk_rubric_criteria_scale" CHECK ("max_score" > "min_score")
            )
        `);
        await queryRunner.query(`
            INSERT INTO "rubric_criteria"(
                    "id",
                    "assignment_id",
                    "position",
                    "title",
                    "description",
                    "min_score",
                    "max_score"
                )
            SELECT "id",
                "assignment_id",
                "position",
                "title",
                "description",
                "min_score",
                "max_score"
            FROM "temporary_rubric_criteria"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_rubric_criteria"
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_rubric_criteria_assignment" ON "rubric_criteria" ("assignment_id")
        `);
        await queryRunner.query(`
            DROP INDEX "idx_course_modules_cohort"
        `);
        await queryRunner.query(`
            ALTER TABLE "course_modules"
                RENAME TO "temporary_course_modules"
        `);
        await queryRunner.query(`
            CREATE TABLE "course_modules" (
                "id" varchar PRIMARY KEY NOT NULL,
                "cohort_id" varchar NOT NULL,
                "position" integer NOT NULL,
                "title" varchar(200) NOT NULL,
                "description" text NOT NULL DEFAULT (''),
                "opens_at" datetime NOT NULL,
                "closes_at" datetime NOT NULL,
                "archived_at" datetime,
                "created_at" datetime NOT NULL DEFAULT (datetime('now')),
                "updated_at" datetime NOT NULL DEFAULT (datetime('now')),
                CONSTRAINT "chk_course_modules_position" CHECK ("position" >= 0),
                CONSTRAINT "chk_course_modules_window" CHECK ("closes_at" > "opens_at")
            )
        `);
        await queryRunner.query(`
            INSERT INTO "course_modules"(
                    "id",
                    "cohort_id",
                    "position",
                    "title",
                    "description",
                    "opens_at",
                    "closes_at",
                    "archived_at",
                    "created_at",
                    "updated_at"
                )
            SELECT "id",
                "cohort_id",
                "position",
                "title",
                "description",
                "opens_at",
                "closes_at",
                "archived_at",
                "created_at",
                "updated_at"
            FROM "temporary_course_modules"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_course_modules"
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_course_modules_cohort" ON "course_modules" ("cohort_id")
        `);
        await queryRunner.query(`
            DROP INDEX "idx_enrollments_user"
        `);
        await queryRunner.query(`
            DROP TABLE "enrollments"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_refresh_tokens_family"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_refresh_tokens_user"
        `);
        await queryRunner.query(`
            DROP TABLE "refresh_tokens"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_password_tokens_user"
        `);
        await queryRunner.query(`
            DROP TABLE "password_tokens"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_users_municipality"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_users_email"
        `);
        await queryRunner.query(`
            DROP TABLE "users"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_municipalities_name"
        `);
        await queryRunner.query(`
            DROP TABLE "municipalities"
        `);
        await queryRunner.query(`
            DROP TABLE "business_domains"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_audit_log_subject"
        `);
        await queryRunner.query(`
            DROP TABLE "audit_log"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_assignments_module"
        `);
        await queryRunner.query(`
            DROP TABLE "assignments"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_rubric_criteria_assignment"
        `);
        await queryRunner.query(`
            DROP TABLE "rubric_criteria"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_course_modules_cohort"
        `);
        await queryRunner.query(`
            DROP TABLE "course_modules"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_cohorts_name"
        `);
        await queryRunner.query(`
            DROP TABLE "cohorts"
        `);
    }

}
