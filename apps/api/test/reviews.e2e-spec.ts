import { randomUUID } from 'node:crypto';
import { AssignmentEntity } from '../src/assignments/assignment.entity';
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
  ReviewAssignmentFixture,
} from './support/fixtures';
import { countStatements } from './support/statement-counter';
import { fails, loginAdmin, ok, startTestApp, TestApp } from './support/test-app';

const TASKS = `query ($status: ReviewTaskStatus) {
  myReviewTasks(status: $status) {
    id reviewDueAt status comment submittedAt editable
    assignment { id title rubric { id } }
    submission { version body submittedAt isLate }
    author { hidden name municipality { code } businessDomain { code } }
    scores { criterion { id title } score }
  }
}`;
const SUBMIT = `mutation ($input: SubmitReviewInput!) {
  submitReview(input: $input) { id status comment submittedAt editable scores { criterion { id } score } }
}`;
const RECEIVED = `query ($assignmentId: ID!) {
  myReceivedReviews(assignmentId: $assignmentId) {
    released releasedAt
    reviews { id comment submittedAt helpfulness helpfulnessComment scores { criterion { title } score } reviewer { hidden name } }
  }
}`;
const RATE = `mutation ($peerReviewId: ID!, $helpfulness: Int!, $comment: String) {
  rateReview(peerReviewId: $peerReviewId, helpfulness: $helpfulness, comment: $comment) { id helpfulness helpfulnessComment }
}`;
const ASSIGNMENT_REVIEWS = `query ($assignmentId: ID!) {
  assignmentReviews(assignmentId: $assignmentId) {
    id status comment submittedAt helpfulness helpfulnessComment ratedAt
    reviewer { userId name municipality { code } businessDomain { code } }
    author { userId name municipality { code } businessDomain { code } }
    submission { version }
    scores { criterion { title } score }
  }
}`;

interface World {
  cohortId: string;
  moduleId: string;
  assignment: ReviewAssignmentFixture;
  coach: PersonFixture;
  reviewer: PersonFixture;
  author: PersonFixture;
  other: PersonFixture;
  /** reviewer -> author, author -> reviewer, other -> author (REMOVED) */
  pairs: { reviewerToAuthor: string; authorToReviewer: string; removed: string };
}

describe('peer reviews', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAdmin(t.http);
  });
  afterAll(() => t.close());

  async function world(assignmentInput: Record<string, unknown> = {}): Promise<World> {
    const { cohortId, moduleId } = await createLiveCohort(t.http, admin);
    const coach = await createPerson(t.http, admin, { name: 'Coach Carla' });
    const reviewer = await createPerson(t.http, admin, { name: 'Reviewer Rik', municipalityCode: 'GM0599', businessDomainCode: 'IA' });
    const author = await createPerson(t.http, admin, { name: 'Author Anke', municipalityCode: 'GM0344', businessDomainCode: 'BZ' });
    const other = await createPerson(t.http, admin, { name: 'Other Otto', municipalityCode: 'GM0518' });
    await enrol(t.http, admin, cohortId, coach.id, 'COACH');
    for (const person of [reviewer, author, other]) await enrol(t.http, admin, cohortId, person.id, 'PARTICIPANT');
    const assignment = await createReviewAssignment(t.http, admin, moduleId, assignmentInput);
    await insertSubmission(t, assignment.id, author.id, { version: 1, body: 'Versie een' });
    const [reviewerToAuthor, authorToReviewer, removed] = await insertReviewPairs(t, assignment.id, coach.id, [
      { reviewerId: reviewer.id, authorId: author.id },
      { reviewerId: author.id, authorId: reviewer.id },
      { reviewerId: other.id, authorId: author.id, status: 'REMOVED' },
    ]);
    return { cohortId, moduleId, assignment, coach, reviewer, author, other, pairs: { reviewerToAuthor, authorToReviewer, removed } };
  }

  const fullScores = (w: World, values = [4, 7]) => w.assignment.rubric.map((criterion, index) => ({ criterionId: criterion.id, score: values[index] }));
  const submitInput = (w: World, overrides: Record<string, unknown> = {}) => ({
    peerReviewId: w.pairs.reviewerToAuthor,
    scores: fullScores(w),
    comment: 'Heldere analyse van de basisregistraties.',
    ...overrides,
  });
  const passReviewDeadline = (assignmentId: string) =>
    t.dataSource.getRepository(AssignmentEntity).update({ id: assignmentId }, { dueAt: new Date(hoursFromNow(-48)), reviewDueAt: new Date(hoursFromNow(-1)) });

  describe('myReviewTasks', () => {
    it('lists the caller’s tasks (not REMOVED ones) with the exact version that was paired', async () => {
      const w = await world();
      // A later version does not change what the reviewer was given.
      await insertSubmission(t, w.assignment.id, w.author.id, { version: 2, body: 'Versie twee' });
      const data = await ok(t.http, TASKS, {}, w.reviewer.token);
      expect(data.myReviewTasks).toEqual([
        {
          id: w.pairs.reviewerToAuthor,
          reviewDueAt: expect.any(String),
          status: 'ASSIGNED',
          comment: null,
          submittedAt: null,
          editable: true,
          assignment: { id: w.assignment.id, title: w.assignment.title, rubric: w.assignment.rubric.map(({ id }) => ({ id })) },
          submission: { version: 1, body: 'Versie een', submittedAt: expect.any(String), isLate: false },
          author: { hidden: true, name: null, municipality: { code: 'GM0344' }, businessDomain: { code: 'BZ' } },
          scores: [],
        },
      ]);
      expect((await ok(t.http, TASKS, {}, w.other.token)).myReviewTasks).toEqual([]);
      expect((await ok(t.http, TASKS, { status: 'SUBMITTED' }, w.reviewer.token)).myReviewTasks).toEqual([]);
      expect((await ok(t.http, TASKS, { status: 'ASSIGNED' }, w.reviewer.token)).myReviewTasks).toHaveLength(1);
    });

    it('answers many tasks with the same number of statements as one (batched)', async () => {
      const w = await world();
      const more = await createReviewAssignment(t.http, admin, w.moduleId);
      const extra = await Promise.all([1, 2, 3].map((n) => createPerson(t.http, admin, { name: `Extra ${n}`, municipalityCode: 'GM0014' })));
      await insertReviewPairs(t, more.id, w.coach.id, extra.map((person) => ({ reviewerId: w.other.id, authorId: person.id })));
      await insertReviewPairs(t, w.assignment.id, w.coach.id, extra.map((person) => ({ reviewerId: w.other.id, authorId: person.id })));
      const one = await countStatements(t.dataSource, () => ok(t.http, TASKS, {}, w.reviewer.token));
      const many = await countStatements(t.dataSource, async () => expect((await ok(t.http, TASKS, {}, w.other.token)).myReviewTasks).toHaveLength(6));
      expect(many.count).toBe(one.count);
    });
  });

  describe('submitReview', () => {
    it('stores one score per criterion and the comment, and notifies the author once', async () => {
      const w = await world();
      const data = await ok(t.http, SUBMIT, { input: submitInput(w) }, w.reviewer.token);
      expect(data.submitReview).toEqual({
        id: w.pairs.reviewerToAuthor,
        status: 'SUBMITTED',
        comment: 'Heldere analyse van de basisregistraties.',
        submittedAt: expect.any(String),
        editable: true,
        scores: [
          { criterion: { id: w.assignment.rubric[0].id }, score: 4 },
          { criterion: { id: w.assignment.rubric[1].id }, score: 7 },
        ],
      });
      const notifications = await t.dataSource.query(`SELECT kind, key FROM notifications WHERE key = 'review-received:${w.pairs.reviewerToAuthor}'`);
      expect(notifications).toEqual([{ kind: 'REVIEW_RECEIVED', key: `review-received:${w.pairs.reviewerToAuthor}` }]);
    });

    it('may be edited before the review due date: scores replaced, first submission time kept', async () => {
      const w = await world();
      const first = (await ok(t.http, SUBMIT, { input: submitInput(w) }, w.reviewer.token)).submitReview;
      const second = (await ok(t.http, SUBMIT, { input: submitInput(w, { scores: fullScores(w, [2, 10]), comment: 'Toch kritischer.' }) }, w.reviewer.token))
        .submitReview;
      expect(second).toMatchObject({ status: 'SUBMITTED', comment: 'Toch kritischer.', submittedAt: first.submittedAt });
      expect(second.scores.map((s: { score: number }) => s.score)).toEqual([2, 10]);
      const count = await t.dataSource.query(`SELECT COUNT(*) AS n FROM notifications WHERE key = 'review-received:${w.pairs.reviewerToAuthor}'`);
      expect(Number(count[0].n)).toBe(1);
      const task = (await ok(t.http, TASKS, {}, w.reviewer.token)).myReviewTasks[0];
      expect(task).toMatchObject({ status: 'SUBMITTED', comment: 'Toch kritischer.', scores: [{ score: 2 }, { score: 10 }] });
    });

    it('refuses scores outside the scale, missing, unknown or duplicate criteria, and a blank comment, writing nothing', async () => {
      const w = await world();
      const [first, second] = w.assignment.rubric;
      await rejects(t, SUBMIT, { input: submitInput(w, { scores: [{ criterionId: first.id, score: 6 }, { criterionId: second.id, score: 5 }] }) }, w.reviewer.token, 'BAD_USER_INPUT', 'input.scores.0.score');
      await rejects(t, SUBMIT, { input: submitInput(w, { scores: [{ criterionId: first.id, score: 3 }, { criterionId: second.id, score: -1 }] }) }, w.reviewer.token, 'BAD_USER_INPUT', 'input.scores.1.score');
      await rejects(t, SUBMIT, { input: submitInput(w, { scores: [{ criterionId: first.id, score: 3 }] }) }, w.reviewer.token, 'BAD_USER_INPUT', 'input.scores');
      await rejects(
        t,
        SUBMIT,
        { input: submitInput(w, { scores: [...fullScores(w), { criterionId: randomUUID(), score: 3 }] }) },
        w.reviewer.token,
        'BAD_USER_INPUT',
        'input.scores.2.criterionId',
      );
      await rejects(
        t,
        SUBMIT,
        { input: submitInput(w, { scores: [{ criterionId: first.id, score: 3 }, { criterionId: first.id, score: 4 }, { criterionId: second.id, score: 4 }] }) },
        w.reviewer.token,
        'BAD_USER_INPUT',
        'input.scores.1.criterionId',
      );
      await rejects(t, SUBMIT, { input: submitInput(w, { scores: [{ criterionId: 'nope', score: 3 }] }) }, w.reviewer.token, 'BAD_USER_INPUT', 'input.scores.0.criterionId');
      await rejects(t, SUBMIT, { input: submitInput(w, { scores: [] }) }, w.reviewer.token, 'BAD_USER_INPUT', 'input.scores');
      await rejects(t, SUBMIT, { input: submitInput(w, { comment: '' }) }, w.reviewer.token, 'BAD_USER_INPUT', 'input.comment');
      await rejects(t, SUBMIT, { input: submitInput(w, { comment: '   ' }) }, w.reviewer.token, 'BAD_USER_INPUT', 'input.comment');
      await rejects(t, SUBMIT, { input: submitInput(w, { comment: 'x'.repeat(20001) }) }, w.reviewer.token, 'BAD_USER_INPUT', 'input.comment');
      await ok(t.http, SUBMIT, { input: submitInput(w, { comment: 'x'.repeat(20000) }) }, w.reviewer.token);
    });

    it('is refused after the review due date, and the task is no longer editable', async () => {
      const w = await world();
      await ok(t.http, SUBMIT, { input: submitInput(w) }, w.reviewer.token);
      await passReviewDeadline(w.assignment.id);
      const error = await rejects(t, SUBMIT, { input: submitInput(w, { comment: 'Te laat.' }) }, w.reviewer.token, 'BAD_USER_INPUT', 'input.peerReviewId');
      expect(error.message).toMatch(/the review due date .* has passed/);
      expect((await ok(t.http, TASKS, {}, w.reviewer.token)).myReviewTasks[0]).toMatchObject({ editable: false, comment: 'Heldere analyse van de basisregistraties.' });
    });

    it('answers NOT_FOUND, revealing nothing, for someone else’s task, one’s own work, a REMOVED pair and an unknown id', async () => {
      const w = await world();
      const cases: [PersonFixture, string][] = [
        [w.other, w.pairs.reviewerToAuthor],
        [w.author, w.pairs.reviewerToAuthor],
        [w.coach, w.pairs.reviewerToAuthor],
        [w.other, w.pairs.removed],
        [w.reviewer, randomUUID()],
      ];
      for (const [caller, peerReviewId] of cases) {
        const error = await rejects(t, SUBMIT, { input: submitInput(w, { peerReviewId }) }, caller.token, 'NOT_FOUND', 'input.peerReviewId');
        const text = JSON.stringify(error);
        for (const secret of [w.author.id, w.reviewer.id, w.author.email, 'Author Anke', 'Reviewer Rik']) expect(text).not.toContain(secret);
      }
      await rejects(t, SUBMIT, { input: submitInput(w, { peerReviewId: 'not-an-id' }) }, w.reviewer.token, 'BAD_USER_INPUT', 'input.peerReviewId');
    });
  });

  describe('received reviews and their rating', () => {
    it('shows nothing before the review phase ends, then the submitted reviews, which the author rates', async () => {
      const w = await world();
      await ok(t.http, SUBMIT, { input: submitInput(w) }, w.reviewer.token);
      const before = (await ok(t.http, RECEIVED, { assignmentId: w.assignment.id }, w.author.token)).myReceivedReviews;
      expect(before).toEqual({ released: false, releasedAt: expect.any(String), reviews: [] });
      await rejects(t, RATE, { peerReviewId: w.pairs.reviewerToAuthor, helpfulness: 4 }, w.author.token, 'NOT_FOUND', 'peerReviewId');

      await passReviewDeadline(w.assignment.id);
      const after = (await ok(t.http, RECEIVED, { assignmentId: w.assignment.id }, w.author.token)).myReceivedReviews;
      expect(after).toEqual({
        released: true,
        releasedAt: expect.any(String),
        reviews: [
          {
            id: w.pairs.reviewerToAuthor,
            comment: 'Heldere analyse van de basisregistraties.',
            submittedAt: expect.any(String),
            helpfulness: null,
            helpfulnessComment: null,
            scores: [{ criterion: { title: 'Volledigheid' }, score: 4 }, { criterion: { title: 'Toepasbaarheid' }, score: 7 }],
            reviewer: { hidden: true, name: null },
          },
        ],
      });
      // The reviewer's own (unsubmitted) task for the author's work is not a review they received.
      expect((await ok(t.http, RECEIVED, { assignmentId: w.assignment.id }, w.reviewer.token)).myReceivedReviews.reviews).toEqual([]);

      const rated = (await ok(t.http, RATE, { peerReviewId: w.pairs.reviewerToAuthor, helpfulness: 4, comment: 'Nuttig' }, w.author.token)).rateReview;
      expect(rated).toEqual({ id: w.pairs.reviewerToAuthor, helpfulness: 4, helpfulnessComment: 'Nuttig' });
      const edited = (await ok(t.http, RATE, { peerReviewId: w.pairs.reviewerToAuthor, helpfulness: 5 }, w.author.token)).rateReview;
      expect(edited).toEqual({ id: w.pairs.reviewerToAuthor, helpfulness: 5, helpfulnessComment: null });

      for (const helpfulness of [0, 6]) {
        await rejects(t, RATE, { peerReviewId: w.pairs.reviewerToAuthor, helpfulness }, w.author.token, 'BAD_USER_INPUT', 'helpfulness');
      }
      await rejects(t, RATE, { peerReviewId: w.pairs.reviewerToAuthor, helpfulness: 3, comment: 'x'.repeat(2001) }, w.author.token, 'BAD_USER_INPUT', 'comment');
      for (const caller of [w.reviewer, w.other, w.coach]) {
        await rejects(t, RATE, { peerReviewId: w.pairs.reviewerToAuthor, helpfulness: 1 }, caller.token, 'NOT_FOUND', 'peerReviewId');
      }
      // A review not written yet cannot be rated.
      await rejects(t, RATE, { peerReviewId: w.pairs.authorToReviewer, helpfulness: 1 }, w.reviewer.token, 'NOT_FOUND', 'peerReviewId');
    });

    it('releases reviews at once when the assignment says so', async () => {
      const w = await world({ releaseReviewsImmediately: true });
      expect((await ok(t.http, RECEIVED, { assignmentId: w.assignment.id }, w.author.token)).myReceivedReviews).toEqual({
        released: true,
        releasedAt: null,
        reviews: [],
      });
      await ok(t.http, SUBMIT, { input: submitInput(w) }, w.reviewer.token);
      const reviews = (await ok(t.http, RECEIVED, { assignmentId: w.assignment.id }, w.author.token)).myReceivedReviews.reviews;
      expect(reviews.map((review: { id: string }) => review.id)).toEqual([w.pairs.reviewerToAuthor]);
      await ok(t.http, RATE, { peerReviewId: w.pairs.reviewerToAuthor, helpfulness: 2 }, w.author.token);
    });

    it('is only for members of the assignment’s cohort', async () => {
      const w = await world();
      const outsider = await createPerson(t.http, admin);
      const elsewhere = await createLiveCohort(t.http, admin);
      await enrol(t.http, admin, elsewhere.cohortId, outsider.id, 'PARTICIPANT');
      await rejects(t, RECEIVED, { assignmentId: w.assignment.id }, outsider.token, 'FORBIDDEN');
      await rejects(t, RECEIVED, { assignmentId: randomUUID() }, w.author.token, 'NOT_FOUND', 'assignmentId');
    });
  });

  describe('assignmentReviews', () => {
    it('shows coaches and admins every live pair with names, scores and the feedback on feedback', async () => {
      const w = await world({ releaseReviewsImmediately: true });
      await ok(t.http, SUBMIT, { input: submitInput(w) }, w.reviewer.token);
      await ok(t.http, RATE, { peerReviewId: w.pairs.reviewerToAuthor, helpfulness: 3, comment: 'Redelijk' }, w.author.token);
      for (const token of [w.coach.token, admin]) {
        const rows = (await ok(t.http, ASSIGNMENT_REVIEWS, { assignmentId: w.assignment.id }, token)).assignmentReviews;
        // By author name, then reviewer name; the REMOVED pair is left out.
        expect(rows).toEqual([
          {
            id: w.pairs.reviewerToAuthor,
            status: 'SUBMITTED',
            comment: 'Heldere analyse van de basisregistraties.',
            submittedAt: expect.any(String),
            helpfulness: 3,
            helpfulnessComment: 'Redelijk',
            ratedAt: expect.any(String),
            reviewer: { userId: w.reviewer.id, name: 'Reviewer Rik', municipality: { code: 'GM0599' }, businessDomain: { code: 'IA' } },
            author: { userId: w.author.id, name: 'Author Anke', municipality: { code: 'GM0344' }, businessDomain: { code: 'BZ' } },
            submission: { version: 1 },
            scores: [{ criterion: { title: 'Volledigheid' }, score: 4 }, { criterion: { title: 'Toepasbaarheid' }, score: 7 }],
          },
          expect.objectContaining({ id: w.pairs.authorToReviewer, status: 'ASSIGNED', comment: null, scores: [], helpfulness: null }),
        ]);
      }
    });

    it('is refused to participants, to other cohorts’ coaches and participants, and to unknown assignments', async () => {
      const w = await world();
      const elsewhere = await createLiveCohort(t.http, admin);
      const [otherCoach, otherParticipant] = [await createPerson(t.http, admin), await createPerson(t.http, admin)];
      await enrol(t.http, admin, elsewhere.cohortId, otherCoach.id, 'COACH');
      await enrol(t.http, admin, elsewhere.cohortId, otherParticipant.id, 'PARTICIPANT');
      for (const caller of [w.reviewer, w.author, otherCoach, otherParticipant]) {
        await rejects(t, ASSIGNMENT_REVIEWS, { assignmentId: w.assignment.id }, caller.token, 'FORBIDDEN');
      }
      await rejects(t, ASSIGNMENT_REVIEWS, { assignmentId: randomUUID() }, w.coach.token, 'NOT_FOUND', 'assignmentId');
    });
  });

  it('refuses every review operation to anonymous callers', async () => {
    const w = await world();
    const calls: [string, Record<string, unknown>][] = [
      [TASKS, {}],
      [SUBMIT, { input: submitInput(w) }],
      [RECEIVED, { assignmentId: w.assignment.id }],
      [RATE, { peerReviewId: w.pairs.reviewerToAuthor, helpfulness: 3 }],
      [ASSIGNMENT_REVIEWS, { assignmentId: w.assignment.id }],
    ];
    for (const [query, variables] of calls) expectError(await fails(t.http, query, variables), 'UNAUTHENTICATED');
  });
});
