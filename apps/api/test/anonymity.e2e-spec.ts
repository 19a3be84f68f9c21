import {
  createLiveCohort,
  createPerson,
  createReviewAssignment,
  enrol,
  insertReviewPairs,
  insertSubmission,
  PersonFixture,
  rejects,
  unique,
} from './support/fixtures';
import { gql, loginAdmin, ok, startTestApp, TestApp } from './support/test-app';

const COUNTERPART = `hidden name municipality { code name province } businessDomain { code nameNl nameEn }`;
const TASKS = `{
  myReviewTasks {
    id reviewDueAt status comment submittedAt editable
    assignment { id title anonymity showHiddenAffiliation rubric { id title } module { id title } }
    submission { version body submittedAt isLate }
    author { ${COUNTERPART} }
    scores { criterion { id title } score }
  }
}`;
const SUBMIT = `mutation ($input: SubmitReviewInput!) {
  submitReview(input: $input) { id status comment author { ${COUNTERPART} } submission { version body } scores { score } }
}`;
const RECEIVED = `query ($assignmentId: ID!) {
  myReceivedReviews(assignmentId: $assignmentId) {
    released releasedAt
    reviews { id comment submittedAt helpfulness helpfulnessComment scores { criterion { id title } score } reviewer { ${COUNTERPART} } }
  }
}`;
const RATE = `mutation ($peerReviewId: ID!, $helpfulness: Int!, $comment: String) {
  rateReview(peerReviewId: $peerReviewId, helpfulness: $helpfulness, comment: $comment) { id helpfulness helpfulnessComment reviewer { ${COUNTERPART} } }
}`;
const NOTIFICATIONS = `{ myNotifications { id kind message assignmentId createdAt readAt } }`;

const MODES = ['OPEN', 'SINGLE_BLIND', 'DOUBLE_BLIND'] as const;
/** Whether the reviewer learns the author, and the author the reviewer. */
const VISIBLE: Record<(typeof MODES)[number], { reviewerSeesAuthor: boolean; authorSeesReviewer: boolean }> = {
  OPEN: { reviewerSeesAuthor: true, authorSeesReviewer: true },
  SINGLE_BLIND: { reviewerSeesAuthor: true, authorSeesReviewer: false },
  DOUBLE_BLIND: { reviewerSeesAuthor: false, authorSeesReviewer: false },
};

/** The raw JSON text of a response: nothing of a hidden person may appear anywhere in it. */
async function raw(t: TestApp, query: string, variables: Record<string, unknown>, token: string): Promise<{ text: string; data: any }> {
  const response = await gql(t.http, query, variables, token);
  if (response.errors?.length) throw new Error(`Unexpected errors: ${JSON.stringify(response.errors)}`);
  return { text: JSON.stringify(response), data: response.data };
}

function expectNoTrace(text: string, person: PersonFixture & { name: string }): void {
  expect(text).not.toContain(person.id);
  expect(text).not.toContain(person.email);
  expect(text).not.toContain(person.name);
}

describe('anonymity of peer reviews', () => {
  let t: TestApp;
  let admin: string;
  let moduleId: string;
  let cohortId: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAdmin(t.http);
    ({ cohortId, moduleId } = await createLiveCohort(t.http, admin));
  });
  afterAll(() => t.close());

  async function participant(name: string, municipalityCode: string, businessDomainCode: string) {
    const fullName = unique(name);
    const person = await createPerson(t.http, admin, { name: fullName, municipalityCode, businessDomainCode });
    await enrol(t.http, admin, cohortId, person.id, 'PARTICIPANT');
    return { ...person, name: fullName };
  }

  describe.each(MODES.flatMap((mode) => [true, false].map((showHiddenAffiliation) => [mode, showHiddenAffiliation] as const)))(
    '%s, showHiddenAffiliation %s',
    (mode, showHiddenAffiliation) => {
      const { reviewerSeesAuthor, authorSeesReviewer } = VISIBLE[mode];

      it('shows each side exactly what the mode allows, and nothing more anywhere in the responses', async () => {
        const reviewer = await participant('Rosa Recensent', 'GM0599', 'IA');
        const author = await participant('Willem Schrijver', 'GM0344', 'BZ');
        const assignment = await createReviewAssignment(t.http, admin, moduleId, { anonymity: mode, showHiddenAffiliation, releaseReviewsImmediately: true });
        await insertSubmission(t, assignment.id, author.id, { body: 'Onze gemeente werkt met de BRP en de BAG.' });
        const [peerReviewId] = await insertReviewPairs(t, assignment.id, reviewer.id, [{ reviewerId: reviewer.id, authorId: author.id }]);

        const expectedAuthor = {
          hidden: !reviewerSeesAuthor,
          name: reviewerSeesAuthor ? author.name : null,
          municipality: reviewerSeesAuthor || showHiddenAffiliation ? { code: 'GM0344', name: 'Utrecht', province: 'Utrecht' } : null,
          businessDomain: reviewerSeesAuthor || showHiddenAffiliation ? expect.objectContaining({ code: 'BZ' }) : null,
        };
        const expectedReviewer = {
          hidden: !authorSeesReviewer,
          name: authorSeesReviewer ? reviewer.name : null,
          municipality: authorSeesReviewer || showHiddenAffiliation ? { code: 'GM0599', name: 'Rotterdam', province: 'Zuid-Holland' } : null,
          businessDomain: authorSeesReviewer || showHiddenAffiliation ? expect.objectContaining({ code: 'IA' }) : null,
        };

        // The reviewer's side: the task list and the submission of the review.
        const reviewerTexts: string[] = [];
        const tasks = await raw(t, TASKS, {}, reviewer.token);
        reviewerTexts.push(tasks.text);
        expect(tasks.data.myReviewTasks).toHaveLength(1);
        expect(tasks.data.myReviewTasks[0].author).toEqual(expectedAuthor);
        const submitted = await raw(
          t,
          SUBMIT,
          { input: { peerReviewId, scores: assignment.rubric.map((c) => ({ criterionId: c.id, score: c.minScore + 1 })), comment: 'Sterk verhaal.' } },
          reviewer.token,
        );
        reviewerTexts.push(submitted.text);
        expect(submitted.data.submitReview.author).toEqual(expectedAuthor);

        // The author's side: received reviews, rating one, and the notification about it.
        const authorTexts: string[] = [];
        const received = await raw(t, RECEIVED, { assignmentId: assignment.id }, author.token);
        authorTexts.push(received.text);
        expect(received.data.myReceivedReviews.reviews).toHaveLength(1);
        expect(received.data.myReceivedReviews.reviews[0].reviewer).toEqual(expectedReviewer);
        const rated = await raw(t, RATE, { peerReviewId, helpfulness: 4, comment: 'Dank!' }, author.token);
        authorTexts.push(rated.text);
        expect(rated.data.rateReview.reviewer).toEqual(expectedReviewer);
        const notifications = await raw(t, NOTIFICATIONS, {}, author.token);
        authorTexts.push(notifications.text);
        expect(notifications.data.myNotifications).toEqual([expect.objectContaining({ kind: 'REVIEW_RECEIVED', assignmentId: assignment.id })]);

        if (reviewerSeesAuthor) expect(reviewerTexts.join()).toContain(author.name);
        else for (const text of reviewerTexts) expectNoTrace(text, author);
        if (authorSeesReviewer) {
          expect(authorTexts.join()).toContain(reviewer.name);
          expect(notifications.text).toContain(reviewer.name);
        } else {
          for (const text of authorTexts) expectNoTrace(text, reviewer);
        }
        if (!reviewerSeesAuthor && !showHiddenAffiliation) for (const text of reviewerTexts) expect(text).not.toContain('GM0344');
        if (!authorSeesReviewer && !showHiddenAffiliation) for (const text of authorTexts) expect(text).not.toContain('GM0599');
      });
    },
  );

  it('answers foreign ids with errors that name nobody', async () => {
    const reviewer = await participant('Rosa Recensent', 'GM0599', 'IA');
    const author = await participant('Willem Schrijver', 'GM0344', 'BZ');
    const outsider = await participant('Olga Buitenstaander', 'GM0518', 'SD');
    const assignment = await createReviewAssignment(t.http, admin, moduleId, { anonymity: 'DOUBLE_BLIND', releaseReviewsImmediately: true });
    const [peerReviewId] = await insertReviewPairs(t, assignment.id, reviewer.id, [{ reviewerId: reviewer.id, authorId: author.id }]);
    const scores = assignment.rubric.map((c) => ({ criterionId: c.id, score: c.minScore }));
    await ok(t.http, SUBMIT, { input: { peerReviewId, scores, comment: 'Prima.' } }, reviewer.token);

    const errors = [
      await rejects(t, SUBMIT, { input: { peerReviewId, scores, comment: 'Overgenomen.' } }, outsider.token, 'NOT_FOUND'),
      await rejects(t, SUBMIT, { input: { peerReviewId, scores, comment: 'Zelf.' } }, author.token, 'NOT_FOUND'),
      await rejects(t, RATE, { peerReviewId, helpfulness: 1 }, outsider.token, 'NOT_FOUND'),
      await rejects(t, RATE, { peerReviewId, helpfulness: 1 }, reviewer.token, 'NOT_FOUND'),
    ];
    for (const error of errors) {
      const text = JSON.stringify(error);
      expectNoTrace(text, author);
      expectNoTrace(text, reviewer);
    }
    // The outsider's own view of the assignment is empty, not someone else's.
    const received = await raw(t, RECEIVED, { assignmentId: assignment.id }, outsider.token);
    expect(received.data.myReceivedReviews.reviews).toEqual([]);
    expectNoTrace(received.text, reviewer);
  });

  it('orders received reviews by their random id, not by reviewer name or the order they were made', async () => {
    const author = await participant('Willem Schrijver', 'GM0344', 'BZ');
    const assignment = await createReviewAssignment(t.http, admin, moduleId, { anonymity: 'DOUBLE_BLIND', releaseReviewsImmediately: true });
    // Created (and paired) in name order, with ids in the reverse order.
    const specs = [
      { name: 'Anna', id: 'f0000000-0000-4000-8000-000000000000' },
      { name: 'Bram', id: 'c0000000-0000-4000-8000-000000000000' },
      { name: 'Cor', id: '90000000-0000-4000-8000-000000000000' },
      { name: 'Dirk', id: '30000000-0000-4000-8000-000000000000' },
    ];
    const reviewers: (PersonFixture & { name: string })[] = [];
    for (const spec of specs) reviewers.push(await participant(spec.name, 'GM0014', 'IA'));
    await insertReviewPairs(t, assignment.id, author.id, specs.map((spec, index) => ({ reviewerId: reviewers[index].id, authorId: author.id, id: spec.id })));
    // Submitted in name order too, so submittedAt follows names as well.
    for (const [index, reviewer] of reviewers.entries()) {
      await ok(
        t.http,
        SUBMIT,
        { input: { peerReviewId: specs[index].id, scores: assignment.rubric.map((c) => ({ criterionId: c.id, score: c.maxScore })), comment: `Review ${index}` } },
        reviewer.token,
      );
    }
    const { data } = await raw(t, RECEIVED, { assignmentId: assignment.id }, author.token);
    const ids = data.myReceivedReviews.reviews.map((review: { id: string }) => review.id);
    expect(ids).toEqual(specs.map((spec) => spec.id).sort());
    expect(ids).toEqual([...specs].reverse().map((spec) => spec.id));
  });
});
