import type { QueryRunner } from 'typeorm';
import {
  assignmentNetworkTallies,
  changed,
  dropSpentPartners,
  exchangeCountTallies,
  REVIEW_TALLY_COLUMNS,
  reviewHelpfulnessTallies,
  reviewScoreTallies,
  reviewTallies,
  scoreTallies,
  submissionTallies,
} from './report-tallies';

/*
 * The SQLite triggers of the ReportTallies migration, named and written once so that a later
 * migration can drop and re-create them. It must, around any table rebuild TypeORM generates for
 * SQLite (copy to temporary_x, DROP, RENAME): the rename of assignments, course_modules,
 * peer_reviews or peer_review_scores fails while another table's trigger names them ("error in
 * trigger ...: no such table"), and a rebuilt submissions table silently loses its own triggers.
 *   await dropSqliteTallyTriggers(queryRunner); ...the generated rebuild...; await createSqliteTallyTriggers(queryRunner);
 */

const NEW = { row: 'NEW', sign: 1 } as const;
const OLD = { row: 'OLD', sign: -1 } as const;

interface TriggerDefinition {
  name: string;
  sql: string;
}

const triggers: TriggerDefinition[] = [];

function trigger(name: string, event: string, body: string[], condition?: string): void {
  triggers.push({
    name,
    sql: `CREATE TRIGGER "${name}" ${event} FOR EACH ROW ${condition ? `WHEN ${condition} ` : ''}BEGIN
        ${body.map((statement) => `${statement};`).join('\n')}
      END`,
  });
}

trigger('report_tally_review_insert', 'AFTER INSERT ON "peer_reviews"', reviewTallies(NEW));
trigger('report_tally_review_scores_delete', 'BEFORE DELETE ON "peer_reviews"', [reviewScoreTallies(OLD)]);
trigger('report_tally_review_delete', 'AFTER DELETE ON "peer_reviews"', [
  ...reviewTallies(OLD, { scores: false }),
  dropSpentPartners(['OLD.reviewer_id', 'OLD.author_id']),
]);
trigger(
  'report_tally_review_update',
  `AFTER UPDATE OF ${REVIEW_TALLY_COLUMNS.join(', ')}, helpfulness ON "peer_reviews"`,
  [...reviewTallies(OLD), ...reviewTallies(NEW), dropSpentPartners(['OLD.reviewer_id', 'OLD.author_id', 'NEW.reviewer_id', 'NEW.author_id'])],
  changed(REVIEW_TALLY_COLUMNS),
);
// Rating a review (the common update after submitting) moves only the author's helpfulness.
trigger(
  'report_tally_review_rating',
  'AFTER UPDATE OF helpfulness ON "peer_reviews"',
  [reviewHelpfulnessTallies(OLD), reviewHelpfulnessTallies(NEW)],
  `NOT (${changed(REVIEW_TALLY_COLUMNS)}) AND OLD.helpfulness IS DISTINCT FROM NEW.helpfulness`,
);

const SUBMISSION_COLUMNS = ['assignment_id', 'author_id', 'is_late'];
trigger('report_tally_submission_insert', 'AFTER INSERT ON "submissions"', submissionTallies(NEW));
trigger('report_tally_submission_delete', 'AFTER DELETE ON "submissions"', submissionTallies(OLD));
trigger(
  'report_tally_submission_update',
  `AFTER UPDATE OF ${SUBMISSION_COLUMNS.join(', ')} ON "submissions"`,
  [...submissionTallies(OLD), ...submissionTallies(NEW)],
  changed(SUBMISSION_COLUMNS),
);

const SCORE_COLUMNS = ['peer_review_id', 'criterion_id', 'score'];
trigger('report_tally_score_insert', 'AFTER INSERT ON "peer_review_scores"', scoreTallies(NEW));
trigger('report_tally_score_delete', 'AFTER DELETE ON "peer_review_scores"', scoreTallies(OLD));
trigger(
  'report_tally_score_update',
  `AFTER UPDATE OF ${SCORE_COLUMNS.join(', ')} ON "peer_review_scores"`,
  [...scoreTallies(OLD), ...scoreTallies(NEW)],
  changed(SCORE_COLUMNS),
);

trigger('report_tally_partner_insert', 'AFTER INSERT ON "report_exchange_partners"', exchangeCountTallies(NEW));
trigger('report_tally_partner_delete', 'AFTER DELETE ON "report_exchange_partners"', exchangeCountTallies(OLD));

// An assignment or module leaving (or entering) the report takes its reviews out of (into) the network tallies.
const oldAssignmentCohort = `(SELECT m.cohort_id FROM course_modules m WHERE m.id = OLD.module_id AND m.archived_at IS NULL AND OLD.archived_at IS NULL)`;
const newAssignmentCohort = `(SELECT m.cohort_id FROM course_modules m WHERE m.id = NEW.module_id AND m.archived_at IS NULL AND NEW.archived_at IS NULL)`;
trigger(
  'report_tally_assignment_update',
  'AFTER UPDATE OF archived_at, module_id ON "assignments"',
  [...assignmentNetworkTallies(-1, '(SELECT OLD.id)', oldAssignmentCohort), ...assignmentNetworkTallies(1, '(SELECT NEW.id)', newAssignmentCohort)],
  changed(['archived_at', 'module_id']),
);
trigger('report_tally_assignment_delete', 'BEFORE DELETE ON "assignments"', assignmentNetworkTallies(-1, '(SELECT OLD.id)', oldAssignmentCohort));
const moduleAssignments = (row: 'OLD' | 'NEW') => `(SELECT a.id FROM assignments a WHERE a.module_id = ${row}.id AND a.archived_at IS NULL)`;
const moduleCohort = (row: 'OLD' | 'NEW') => `(SELECT ${row}.cohort_id AS cohort_id WHERE ${row}.archived_at IS NULL)`;
trigger(
  'report_tally_module_update',
  'AFTER UPDATE OF archived_at, cohort_id ON "course_modules"',
  [...assignmentNetworkTallies(-1, moduleAssignments('OLD'), moduleCohort('OLD')), ...assignmentNetworkTallies(1, moduleAssignments('NEW'), moduleCohort('NEW'))],
  changed(['archived_at', 'cohort_id']),
);
trigger('report_tally_module_delete', 'BEFORE DELETE ON "course_modules"', assignmentNetworkTallies(-1, moduleAssignments('OLD'), moduleCohort('OLD')));

export const SQLITE_TALLY_TRIGGERS: readonly TriggerDefinition[] = triggers;

export async function createSqliteTallyTriggers(queryRunner: QueryRunner): Promise<void> {
  for (const { sql } of SQLITE_TALLY_TRIGGERS) await queryRunner.query(sql);
}

export async function dropSqliteTallyTriggers(queryRunner: QueryRunner): Promise<void> {
  for (const { name } of SQLITE_TALLY_TRIGGERS) await queryRunner.query(`DROP TRIGGER IF EXISTS "${name}"`);
}
