import { randomUUID } from 'node:crypto';
import {
  createLiveCohort,
  createPerson,
  createReviewAssignment,
  enrol,
  expectError,
  hoursFromNow,
  insertReviewPairs,
  insertSubmission,
  PersonFixture,
  rejects,
} from './support/fixtures';
import { countStatements } from './support/statement-counter';
import { fails, loginAdmin, ok, startTestApp, TestApp } from './support/test-app';

const LIST = `query ($unreadOnly: Boolean) { myNotifications(unreadOnly: $unreadOnly) { id kind message assignmentId createdAt readAt } }`;
const MARK = `mutation ($id: ID!) { markNotificationRead(id: $id) { id kind assignmentId readAt } }`;
const MARK_ALL = `mutation { markAllNotificationsRead }`;
const SUBMIT = `mutation ($input: SubmitReviewInput!) { submitReview(input: $input) { id } }`;

interface Notification {
  id: string;
  kind: string;
  message: string;
  assignmentId: string | null;
  createdAt: string;
  readAt: string | null;
}

describe('notifications', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAdmin(t.http);
  });
  afterAll(() => t.close());

  async function member(cohortId: string, role: 'PARTICIPANT' | 'COACH' = 'PARTICIPANT', municipalityCode = 'GM0363'): Promise<PersonFixture> {
    const person = await createPerson(t.http, admin, { municipalityCode });
    await enrol(t.http, admin, cohortId, person.id, role);
    return person;
  }

  const list = async (token: string, unreadOnly = false): Promise<Notification[]> => (await ok(t.http, LIST, { unreadOnly }, token)).myNotifications;
  const submitAll = (peerReviewId: string, rubric: { id: string; minScore: number }[]) => ({
    input: { peerReviewId, scores: rubric.map((c) => ({ criterionId: c.id, score: c.minScore })), comment: 'Goed gedaan.' },
  });

  it('stores a REVIEW_RECEIVED notification for the author when a review is first submitted', async () => {
    const { cohortId, moduleId } = await createLiveCohort(t.http, admin);
    const [author, reviewer] = [await member(cohortId), await member(cohortId, 'PARTICIPANT', 'GM0014')];
    const assignment = await createReviewAssignment(t.http, admin, moduleId, { dueAt: hoursFromNow(100), reviewDueAt: hoursFromNow(300) });
    const [peerReviewId] = await insertReviewPairs(t, assignment.id, reviewer.id, [{ reviewerId: reviewer.id, authorId: author.id }]);
    expect(await list(author.token)).toEqual([]);
    await ok(t.http, SUBMIT, submitAll(peerReviewId, assignment.rubric), reviewer.token);
    await ok(t.http, SUBMIT, submitAll(peerReviewId, assignment.rubric), reviewer.token);
    const notifications = await list(author.token);
    expect(notifications).toEqual([
      { id: expect.any(String), kind: 'REVIEW_RECEIVED', message: expect.stringContaining(assignment.title), assignmentId: assignment.id, createdAt: expect.any(String), readAt: null },
    ]);
    expect(await list(reviewer.token)).toEqual([]);
  });

  it('computes submission and review reminders for deadlines within 48 hours, and only those', async () => {
    const { cohortId, moduleId } = await createLiveCohort(t.http, admin);
    const [participant, peer, coach] = [await member(cohortId), await member(cohortId, 'PARTICIPANT', 'GM0014'), await member(cohortId, 'COACH')];
    const dueSoon = await createReviewAssignment(t.http, admin, moduleId, { dueAt: hoursFromNow(24), reviewDueAt: hoursFromNow(200) });
    const dueLater = await createReviewAssignment(t.http, admin, moduleId, { dueAt: hoursFromNow(49), reviewDueAt: hoursFromNow(200) });
    await createReviewAssignment(t.http, admin, moduleId, { dueAt: hoursFromNow(-1), reviewDueAt: hoursFromNow(100) });
    const reviewSoon = await createReviewAssignment(t.http, admin, moduleId, { dueAt: hoursFromNow(-24), reviewDueAt: hoursFromNow(47) });
    const reviewLater = await createReviewAssignment(t.http, admin, moduleId, { dueAt: hoursFromNow(-24), reviewDueAt: hoursFromNow(60) });
    const [soonPair] = await insertReviewPairs(t, reviewSoon.id, coach.id, [{ reviewerId: participant.id, authorId: peer.id }]);
    await insertReviewPairs(t, reviewLater.id, coach.id, [{ reviewerId: participant.id, authorId: peer.id }]);
    // Handing in the review-phase assignments' own work is long done.
    await insertSubmission(t, dueLater.id, peer.id);

    const notifications = await list(participant.token);
    expect(notifications).toEqual([
      {
        id: `review-due:${reviewSoon.id}`,
        kind: 'REVIEW_DUE_SOON',
        message: expect.stringContaining(reviewSoon.title),
        assignmentId: reviewSoon.id,
        createdAt: expect.any(String),
        readAt: null,
      },
      {
        id: `submission-due:${dueSoon.id}`,
        kind: 'SUBMISSION_DUE_SOON',
        message: expect.stringContaining(dueSoon.title),
        assignmentId: dueSoon.id,
        createdAt: expect.any(String),
        readAt: null,
      },
    ]);
    // Newest first: a reminder dates from 48 hours before its deadline (review due in 47 h, work in 24 h).
    expect(new Date(notifications[0].createdAt).getTime()).toBeGreaterThan(new Date(notifications[1].createdAt).getTime());
    // Coaches do not hand in work; the peer has no review to write.
    expect(await list(coach.token)).toEqual([]);
    expect((await list(peer.token)).map((n) => n.id)).toEqual([`submission-due:${dueSoon.id}`]);

    // Handing in and reviewing make the reminders go away.
    await insertSubmission(t, dueSoon.id, participant.id);
    await ok(t.http, SUBMIT, submitAll(soonPair, reviewSoon.rubric), participant.token);
    expect(await list(participant.token)).toEqual([]);
  });

  it('gives no reminders for cohorts that are not ACTIVE or for archived assignments', async () => {
    const closed = await createLiveCohort(t.http, admin, 'CLOSED');
    const active = await createLiveCohort(t.http, admin);
    const person = await createPerson(t.http, admin);
    await enrol(t.http, admin, closed.cohortId, person.id, 'PARTICIPANT');
    await enrol(t.http, admin, active.cohortId, person.id, 'PARTICIPANT');
    await createReviewAssignment(t.http, admin, closed.moduleId, { dueAt: hoursFromNow(10) });
    const archived = await createReviewAssignment(t.http, admin, active.moduleId, { dueAt: hoursFromNow(10) });
    expect(await list(person.token)).toHaveLength(1);
    await ok(t.http, `mutation ($id: ID!) { archiveAssignment(id: $id) { id } }`, { id: archived.id }, admin);
    expect(await list(person.token)).toEqual([]);
  });

  it('marks a reminder read for good, a stored notification read, and everything at once', async () => {
    const { cohortId, moduleId } = await createLiveCohort(t.http, admin);
    const [author, reviewer] = [await member(cohortId), await member(cohortId, 'PARTICIPANT', 'GM0014')];
    const first = await createReviewAssignment(t.http, admin, moduleId, { dueAt: hoursFromNow(5), reviewDueAt: hoursFromNow(200) });
    const second = await createReviewAssignment(t.http, admin, moduleId, { dueAt: hoursFromNow(6), reviewDueAt: hoursFromNow(200) });
    const reviewed = await createReviewAssignment(t.http, admin, moduleId, { dueAt: hoursFromNow(-5), reviewDueAt: hoursFromNow(200) });
    const [peerReviewId] = await insertReviewPairs(t, reviewed.id, reviewer.id, [{ reviewerId: reviewer.id, authorId: author.id }]);
    await ok(t.http, SUBMIT, submitAll(peerReviewId, reviewed.rubric), reviewer.token);
    expect((await list(author.token, true)).map((n) => n.kind).sort()).toEqual(['REVIEW_RECEIVED', 'SUBMISSION_DUE_SOON', 'SUBMISSION_DUE_SOON']);

    const key = `submission-due:${first.id}`;
    const marked = (await ok(t.http, MARK, { id: key }, author.token)).markNotificationRead;
    expect(marked).toEqual({ id: key, kind: 'SUBMISSION_DUE_SOON', assignmentId: first.id, readAt: expect.any(String) });
    // Marking again keeps the first time; the reminder stays read in later requests.
    expect((await ok(t.http, MARK, { id: key }, author.token)).markNotificationRead.readAt).toBe(marked.readAt);
    expect((await list(author.token)).find((n) => n.id === key)!.readAt).toBe(marked.readAt);
    expect((await list(author.token, true)).map((n) => n.id)).not.toContain(key);

    const stored = (await list(author.token)).find((n) => n.kind === 'REVIEW_RECEIVED')!;
    expect((await ok(t.http, MARK, { id: stored.id }, author.token)).markNotificationRead).toMatchObject({ id: stored.id, readAt: expect.any(String) });
    expect((await list(author.token, true)).map((n) => n.id)).toEqual([`submission-due:${second.id}`]);

    expect((await ok(t.http, MARK_ALL, {}, author.token)).markAllNotificationsRead).toBe(1);
    expect(await list(author.token, true)).toEqual([]);
    expect(await list(author.token)).toHaveLength(3);
    expect((await ok(t.http, MARK_ALL, {}, author.token)).markAllNotificationsRead).toBe(0);
  });

  it('answers NOT_FOUND for another user’s notification, reminder key, or an unknown id', async () => {
    const { cohortId, moduleId } = await createLiveCohort(t.http, admin);
    const [author, reviewer, stranger] = [await member(cohortId), await member(cohortId, 'PARTICIPANT', 'GM0014'), await createPerson(t.http, admin)];
    const assignment = await createReviewAssignment(t.http, admin, moduleId, { dueAt: hoursFromNow(5), reviewDueAt: hoursFromNow(200) });
    const [peerReviewId] = await insertReviewPairs(t, assignment.id, reviewer.id, [{ reviewerId: reviewer.id, authorId: author.id }]);
    await ok(t.http, SUBMIT, submitAll(peerReviewId, assignment.rubric), reviewer.token);
    const stored = (await list(author.token)).find((n) => n.kind === 'REVIEW_RECEIVED')!;
    for (const id of [stored.id, `submission-due:${assignment.id}`, `review-due:${assignment.id}`, randomUUID(), 'nonsense']) {
      await rejects(t, MARK, { id }, stranger.token, 'NOT_FOUND', 'id');
    }
    expect((await list(author.token, true)).map((n) => n.id)).toContain(stored.id);
  });

  it('answers the list with the same number of statements for one or many assignments', async () => {
    const { cohortId, moduleId } = await createLiveCohort(t.http, admin);
    const [few, many, peer] = [await member(cohortId), await member(cohortId), await member(cohortId, 'PARTICIPANT', 'GM0014')];
    const other = await createLiveCohort(t.http, admin);
    await enrol(t.http, admin, other.cohortId, few.id, 'PARTICIPANT');
    const fewAssignment = await createReviewAssignment(t.http, admin, other.moduleId, { dueAt: hoursFromNow(5) });
    for (let i = 0; i < 5; i += 1) {
      const assignment = await createReviewAssignment(t.http, admin, moduleId, { dueAt: hoursFromNow(-5 - i), reviewDueAt: hoursFromNow(10 + i) });
      await insertReviewPairs(t, assignment.id, peer.id, [{ reviewerId: many.id, authorId: peer.id }]);
    }
    const one = await countStatements(t.dataSource, async () => expect(await list(few.token)).toHaveLength(1));
    const five = await countStatements(t.dataSource, async () => expect(await list(many.token)).toHaveLength(5));
    expect(five.count).toBe(one.count);
  });

  it('is only for logged-in callers', async () => {
    for (const [query, variables] of [
      [LIST, {}],
      [MARK, { id: randomUUID() }],
      [MARK_ALL, {}],
    ] as const) {
      expectError(await fails(t.http, query, variables), 'UNAUTHENTICATED');
    }
  });
});
