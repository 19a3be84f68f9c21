import { spawn } from 'node:child_process';
import { AuditEntryEntity } from '../src/audit/audit-entry.entity';
import { NotificationEntity, NotificationKind } from '../src/notifications/notification.entity';
import { PeerReviewScoreEntity } from '../src/peer-reviews/peer-review-score.entity';
import { PeerReviewEntity, PeerReviewStatus } from '../src/peer-reviews/peer-review.entity';
import { SubmissionEntity } from '../src/submissions/submission.entity';
import {
  createLiveCohort,
  createPerson,
  createReviewAssignment,
  enrol,
  insertReviewPairs,
  PersonFixture,
  ReviewAssignmentFixture,
  unique,
} from './support/fixtures';
import { gql, GraphQLResponse, loginAdmin, ok, startTestApp, TestApp } from './support/test-app';

const SUBMIT_WORK = `mutation ($input: SubmitAssignmentInput!) { submitAssignment(input: $input) { id version } }`;
const SUBMIT_REVIEW = `mutation ($input: SubmitReviewInput!) { submitReview(input: $input) { id status } }`;
const TASKS = `query { myReviewTasks { id status } }`;
const PARTICIPANTS = 50;
const sqlite = !process.env.DATABASE_URL;

/** Every error code in a batch of responses (empty when all succeeded), plus any SQLite lock message. */
function problems(responses: GraphQLResponse[]): string[] {
  return responses.flatMap((response) => (response.errors ?? []).map((error) => `${error.extensions.code}: ${error.message}`));
}

/**
 * Many clients at once on one server: SQLite serialises write transactions in the process and
 * waits (busy_timeout) for other processes; PostgreSQL runs them side by side. Either way every
 * call succeeds or gets a documented code, and no SQLITE_BUSY or deadlock reaches a user.
 */
describe('concurrency', () => {
  let t: TestApp;
  let admin: string;
  let assignment: ReviewAssignmentFixture;
  let people: PersonFixture[];
  let adminId: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAdmin(t.http);
    adminId = (await ok<{ me: { id: string } }>(t.http, '{ me { id } }', {}, admin)).me.id;
    const { cohortId, moduleId } = await createLiveCohort(t.http, admin);
    assignment = await createReviewAssignment(t.http, admin, moduleId);
    people = [];
    // Ten at a time: password hashing is the slow part of creating a person.
    for (let start = 0; start < PARTICIPANTS; start += 10) {
      people.push(...(await Promise.all(Array.from({ length: 10 }, () => createPerson(t.http, admin, { name: unique('Deelnemer') })))));
    }
    for (const person of people) await enrol(t.http, admin, cohortId, person.id, 'PARTICIPANT');
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it(`takes ${PARTICIPANTS} parallel submissions from different participants`, async () => {
    const responses = await Promise.all(
      people.map((person, index) => gql(t.http, SUBMIT_WORK, { input: { assignmentId: assignment.id, body: `Uitwerking ${index}` } }, person.token)),
    );
    expect(problems(responses)).toEqual([]);
    expect(responses.map((response) => response.data?.submitAssignment.version)).toEqual(people.map(() => 1));
    expect(await t.dataSource.getRepository(SubmissionEntity).countBy({ assignmentId: assignment.id })).toBe(PARTICIPANTS);
    expect(await t.dataSource.getRepository(AuditEntryEntity).countBy({ action: 'submission.created' })).toBe(PARTICIPANTS);
  });

  it('gives one person’s simultaneous resubmissions distinct versions or a CONFLICT, never a gap or a duplicate', async () => {
    const person = people[0];
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, index) => gql(t.http, SUBMIT_WORK, { input: { assignmentId: assignment.id, body: `Herzien ${index}` } }, person.token)),
    );
    const codes = problems(responses).map((problem) => problem.split(':')[0]);
    expect(codes.filter((code) => code !== 'CONFLICT')).toEqual([]);
    const accepted = responses.filter((response) => response.data?.submitAssignment).length;
    const versions = (await t.dataSource.getRepository(SubmissionEntity).findBy({ assignmentId: assignment.id, authorId: person.id }))
      .map((row) => row.version)
      .sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 1 + accepted }, (_, index) => index + 1));
    if (sqlite) expect(accepted).toBe(8);
  });

  it('takes parallel reviews from every participant while others resubmit and read', async () => {
    // A ring: everyone reviews the next person.
    const pairIds = await insertReviewPairs(
      t,
      assignment.id,
      adminId,
      people.map((person, index) => ({ reviewerId: person.id, authorId: people[(index + 1) % people.length].id })),
    );
    const scores = assignment.rubric.map((criterion) => ({ criterionId: criterion.id, score: criterion.maxScore }));
    const calls: Promise<GraphQLResponse>[] = [];
    people.forEach((person, index) => {
      calls.push(gql(t.http, SUBMIT_REVIEW, { input: { peerReviewId: pairIds[index], scores, comment: `Review ${index}` } }, person.token));
      if (index % 2 === 1) calls.push(gql(t.http, SUBMIT_WORK, { input: { assignmentId: assignment.id, body: `Nieuwe versie ${index}` } }, person.token));
      if (index % 5 === 0) calls.push(gql(t.http, TASKS, {}, person.token));
    });
    const responses = await Promise.all(calls);
    expect(problems(responses)).toEqual([]);

    expect(await t.dataSource.getRepository(PeerReviewEntity).countBy({ assignmentId: assignment.id, status: PeerReviewStatus.SUBMITTED })).toBe(PARTICIPANTS);
    expect(await t.dataSource.getRepository(PeerReviewScoreEntity).count()).toBe(PARTICIPANTS * assignment.rubric.length);
    expect(await t.dataSource.getRepository(NotificationEntity).countBy({ kind: NotificationKind.REVIEW_RECEIVED })).toBe(PARTICIPANTS);
    expect(await t.dataSource.getRepository(AuditEntryEntity).countBy({ action: 'peer-review.submitted' })).toBe(PARTICIPANTS);
  });

  // With TypeORM's deferred "BEGIN TRANSACTION", a transaction that reads before it writes (every
  // mutation) could not wait for another process's write lock and failed at once with SQLITE_BUSY;
  // the app now begins SQLite transactions IMMEDIATE (database/sqlite-immediate-transactions.ts).
  (sqlite ? it : it.skip)('waits for another process holding the SQLite write lock instead of failing with SQLITE_BUSY', async () => {
    // A second process (think: a backup or the migration CLI) takes the write lock for a second.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const db = new (require('better-sqlite3'))(process.argv[1]);
         db.exec('BEGIN IMMEDIATE');
         process.stdout.write('locked\\n');
         setTimeout(() => { db.exec('COMMIT'); db.close(); }, 1000);`,
        t.config.SQLITE_PATH,
      ],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      holder.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
      holder.on('exit', (code) => reject(new Error(`the lock holder exited early (${code})`)));
    });
    const started = Date.now();
    const responses = await Promise.all(
      people.slice(0, 10).map((person, index) => gql(t.http, SUBMIT_WORK, { input: { assignmentId: assignment.id, body: `Tijdens het slot ${index}` } }, person.token)),
    );
    expect(problems(responses)).toEqual([]);
    // They did wait for the other process.
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    await new Promise((resolve) => (holder.exitCode === null ? holder.on('exit', resolve) : resolve(undefined)));
  });
});
