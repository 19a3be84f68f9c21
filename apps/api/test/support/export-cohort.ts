import { PeerReviewScoreEntity } from '../../src/peer-reviews/peer-review-score.entity';
import { UserEntity } from '../../src/users/user.entity';
import { createLiveCohort, createPerson, createReviewAssignment, enrol, hoursFromNow, insertReviewPairs, insertSubmission, PersonFixture, unique } from './fixtures';
import type { TestApp } from './test-app';

/** Names a spreadsheet program would run as formulas, and a name that needs RFC 4180 quoting. */
export const FORMULA = `=cmd|' /C calc'!A0`;
export const PLUS = '+1';
export const MINUS = '-1';
export const AT = '@SUM(1)';
export const QUOTED = 'Jansen, "Piet"\nTweede regel';
/** The assignment's title, also formula-like. */
export const TITLE = '=HYPERLINK("x")';

export interface ExportCohort {
  cohortId: string;
  cohortName: string;
  coach: PersonFixture;
  /** The participant called FORMULA. */
  participant: PersonFixture;
  /** The coach of another cohort. */
  otherCoach: PersonFixture;
}

/**
 * The cohort of the export tests (CSV and workbook): six participants with formula-like names (one
 * starting with a tab, as an older import could store it), one assignment past both due dates,
 * two submissions (one late), one submitted review with two scores and one still assigned.
 */
export async function seedExportCohort(t: TestApp, admin: string): Promise<ExportCohort> {
  const live = await createLiveCohort(t.http, admin);
  const cohortName = (await t.dataSource.query(`SELECT name FROM cohorts WHERE id = '${live.cohortId}'`))[0].name as string;
  const coach = await createPerson(t.http, admin, { name: unique('Coach') });
  await enrol(t.http, admin, live.cohortId, coach.id, 'COACH');
  const people: PersonFixture[] = [];
  for (const [name, municipalityCode, businessDomainCode] of [
    [FORMULA, 'GM0363', 'IA'],
    [PLUS, 'GM0518', 'BZ'],
    [MINUS, 'GM0599', 'IA'],
    [AT, 'GM0363', 'IA'],
    [QUOTED, 'GM0518', 'IA'],
    ['Tab', 'GM0599', 'BZ'],
  ]) {
    const person = await createPerson(t.http, admin, { name, municipalityCode, businessDomainCode });
    await enrol(t.http, admin, live.cohortId, person.id, 'PARTICIPANT');
    people.push(person);
  }
  // The API trims names; a name starting with a tab can still arrive through an older import.
  await t.dataSource.getRepository(UserEntity).update({ id: people[5].id }, { name: '\tTab' });
  const assignment = await createReviewAssignment(t.http, admin, live.moduleId, { title: TITLE, dueAt: hoursFromNow(-48), reviewDueAt: hoursFromNow(-24) });
  await insertSubmission(t, assignment.id, people[0].id, { isLate: false });
  await insertSubmission(t, assignment.id, people[1].id, { isLate: true });
  const [review] = await insertReviewPairs(t, assignment.id, coach.id, [
    { reviewerId: people[1].id, authorId: people[0].id, status: 'SUBMITTED' },
    { reviewerId: people[0].id, authorId: people[1].id, status: 'ASSIGNED' },
  ]);
  await t.dataSource.getRepository(PeerReviewScoreEntity).insert([
    { peerReviewId: review, criterionId: assignment.rubric[0].id, score: 4 },
    { peerReviewId: review, criterionId: assignment.rubric[1].id, score: 7 },
  ]);
  const other = await createLiveCohort(t.http, admin);
  const otherCoach = await createPerson(t.http, admin, { name: unique('Other coach') });
  await enrol(t.http, admin, other.cohortId, otherCoach.id, 'COACH');
  return { cohortId: live.cohortId, cohortName, coach, participant: people[0], otherCoach };
}
