import { DEMO_COACHES, DEMO_PARTICIPANTS } from '../src/seed/demo-data';
import { seedDemo } from '../src/seed/demo';
import { fails, login, loginAdmin, ok, snapshotDatabase, startTestApp, TestApp } from './support/test-app';

const PASSWORD = 'cycle test passphrase 77';

interface Person {
  userId: string;
  name: string;
  municipality: { code: string } | null;
}
interface PreviewPair {
  reviewer: Person;
  author: Person;
  pinned: boolean;
}
interface Pair {
  id: string;
  reviewer: Person;
  author: Person;
  status: string;
}
interface Task {
  id: string;
  status: string;
  author: { hidden: boolean; name: string | null; municipality: { code: string } | null };
  submission: { version: number; body: string };
}

const PREVIEW = `query ($assignmentId: ID!) {
  previewPeerReviewPairings(assignmentId: $assignmentId, options: { seed: 7 }) {
    status published cost reasons { code message }
    metrics { sameDomainPairs repeatedPairs reviewerLoadMin reviewerLoadMax }
    pairs { pinned reviewer { userId name municipality { code } } author { userId name municipality { code } } }
    diff { kept added removed removedPairs { reviewer { userId } author { userId } reason } }
  }
}`;
const PAIRS = `query ($assignmentId: ID!) { peerReviewPairs(assignmentId: $assignmentId) { id status reviewer { userId name municipality { code } } author { userId name municipality { code } } } }`;
const VERSION = `query ($assignmentId: ID!) { publishedPeerReviewPairing(assignmentId: $assignmentId) { version } }`;
const TASKS = `{ myReviewTasks { id status author { hidden name municipality { code } } submission { version body } } }`;
const SUBMIT_REVIEW = `mutation ($input: SubmitReviewInput!) { submitReview(input: $input) { id status } }`;

/**
 * The definition of done: the demo cohort driven through one whole assignment over
 * GraphQL by its participants, a coach and an admin — submit, resubmit, preview, adjust, publish,
 * review, repair after a drop-out, release, rate.
 */
describe('a whole assignment cycle on the demo cohort', () => {
  let t: TestApp;
  let admin: string;
  let coach: string;
  let cohortId: string;
  let assignmentId: string;
  let criteria: { id: string; minScore: number; maxScore: number }[];
  const tokens = new Map<string, string>();
  const userIds = new Map<string, string>();
  let reviewsPerSubmission: number;

  beforeAll(async () => {
    t = await startTestApp();
    ({ cohortId } = await seedDemo(t.app, { password: PASSWORD }));
    admin = await loginAdmin(t.http);
    coach = await login(t.http, DEMO_COACHES[0].email, PASSWORD);
    for (const person of DEMO_PARTICIPANTS) {
      const token = await login(t.http, person.email, PASSWORD);
      tokens.set(person.email, token);
      userIds.set(person.email, (await ok(t.http, `{ me { id } }`, {}, token)).me.id);
    }
    const tree = await ok(
      t.http,
      `query ($id: ID!) { cohort(id: $id) { modules { assignments { id anonymity reviewsPerSubmission rubric { id minScore maxScore } } } } }`,
      { id: cohortId },
      coach,
    );
    const assignment = tree.cohort.modules[0].assignments[0];
    assignmentId = assignment.id;
    criteria = assignment.rubric;
    reviewsPerSubmission = assignment.reviewsPerSubmission;
    expect(assignment.anonymity).toBe('DOUBLE_BLIND');
  }, 120_000);
  afterAll(() => t.close());

  const tokenOf = (email: string) => tokens.get(email)!;

  it('every participant submits; one resubmits and keeps the history', async () => {
    for (const person of DEMO_PARTICIPANTS) {
      await ok(
        t.http,
        `mutation ($input: SubmitAssignmentInput!) { submitAssignment(input: $input) { version isLate } }`,
        { input: { assignmentId, body: `# Basisregistraties bij ${person.name}\n\nOnze stand van zaken.` } },
        tokenOf(person.email),
      );
    }
    const first = DEMO_PARTICIPANTS[0];
    await ok(
      t.http,
      `mutation ($input: SubmitAssignmentInput!) { submitAssignment(input: $input) { version } }`,
      { input: { assignmentId, body: '# Tweede versie\n\nAangevuld met de BGT.' } },
      tokenOf(first.email),
    );
    const mine = await ok(t.http, `query ($id: ID!) { mySubmissions(assignmentId: $id) { version isCurrent } }`, { id: assignmentId }, tokenOf(first.email));
    expect(mine.mySubmissions).toEqual([
      { version: 2, isCurrent: true },
      { version: 1, isCurrent: false },
    ]);
  });

  let expectedPairs: number;

  it('the coach previews (nothing stored), pins and forbids a pair, and publishes once', async () => {
    const before = await snapshotDatabase(t.dataSource);
    const preview = (await ok(t.http, PREVIEW, { assignmentId }, coach)).previewPeerReviewPairings;
    expect(await snapshotDatabase(t.dataSource)).toBe(before);
    expect(preview.status).toBe('OK');
    expectedPairs = DEMO_PARTICIPANTS.length * reviewsPerSubmission;
    expect(preview.pairs).toHaveLength(expectedPairs);
    for (const pair of preview.pairs as PreviewPair[]) {
      expect(pair.reviewer.municipality?.code).not.toBe(pair.author.municipality?.code);
    }
    // Every participant meets people from other municipalities only, with balanced loads.
    expect(preview.metrics.reviewerLoadMax - preview.metrics.reviewerLoadMin).toBeLessThanOrEqual(1);

    const [toPin, toForbid] = preview.pairs as PreviewPair[];
    const constraint = (name: string, pair: PreviewPair) =>
      ok(
        t.http,
        `mutation ($a: ID!, $r: ID!, $u: ID!) { ${name}(assignmentId: $a, reviewerId: $r, authorId: $u) { kind } }`,
        { a: assignmentId, r: pair.reviewer.userId, u: pair.author.userId },
        coach,
      );
    await constraint('pinPeerReviewPair', toPin);
    await constraint('forbidPeerReviewPair', toForbid);
    const adjusted = (await ok(t.http, PREVIEW, { assignmentId }, coach)).previewPeerReviewPairings.pairs as PreviewPair[];
    const has = (pair: PreviewPair) => adjusted.some((p) => p.reviewer.userId === pair.reviewer.userId && p.author.userId === pair.author.userId);
    expect(has(toPin)).toBe(true);
    expect(has(toForbid)).toBe(false);

    // Same municipality is a hard rule: the server refuses it and says why.
    const amsterdam = DEMO_PARTICIPANTS.filter((p) => p.municipalityCode === 'GM0363');
    const refused = await fails(
      t.http,
      `mutation ($a: ID!, $r: ID!, $u: ID!) { pinPeerReviewPair(assignmentId: $a, reviewerId: $r, authorId: $u) { kind } }`,
      { a: assignmentId, r: userIds.get(amsterdam[0].email), u: userIds.get(amsterdam[1].email) },
      coach,
    );
    expect(refused.extensions.code).toBe('BAD_USER_INPUT');
    expect(refused.message).toMatch(/municipalit/i);

    const published = await ok(
      t.http,
      `mutation ($a: ID!) { publishPeerReviewPairings(assignmentId: $a, seed: 7) { version pairs { id } } }`,
      { a: assignmentId },
      coach,
    );
    expect(published.publishPeerReviewPairings.pairs).toHaveLength(expectedPairs);
    const again = await fails(t.http, `mutation ($a: ID!) { publishPeerReviewPairings(assignmentId: $a) { version } }`, { a: assignmentId }, admin);
    expect(again.extensions.code).toBe('CONFLICT');
  });

  it('reviewers see their tasks without the author’s name, and review', async () => {
    const reviewer = DEMO_PARTICIPANTS[2];
    const { myReviewTasks } = await ok<{ myReviewTasks: Task[] }>(t.http, TASKS, {}, tokenOf(reviewer.email));
    expect(myReviewTasks.length).toBeGreaterThanOrEqual(1);
    for (const task of myReviewTasks) {
      expect(task.author).toMatchObject({ hidden: true, name: null });
      expect(task.author.municipality?.code).toMatch(/^GM\d{4}$/);
    }
    const raw = JSON.stringify(myReviewTasks);
    for (const person of DEMO_PARTICIPANTS) {
      if (person !== reviewer) expect(raw).not.toContain(userIds.get(person.email)!);
    }
    // Everyone but the last participant (who will drop out) writes their reviews.
    for (const person of DEMO_PARTICIPANTS.slice(0, -1)) {
      const tasks = (await ok<{ myReviewTasks: Task[] }>(t.http, TASKS, {}, tokenOf(person.email))).myReviewTasks;
      for (const task of tasks) {
        await ok(
          t.http,
          SUBMIT_REVIEW,
          {
            input: {
              peerReviewId: task.id,
              scores: criteria.map((criterion) => ({ criterionId: criterion.id, score: criterion.maxScore })),
              comment: 'Heldere analyse; werk de koppeling met de BRP nog verder uit.',
            },
          },
          tokenOf(person.email),
        );
      }
    }
  });

  it('a reviewer drops out; the coach repairs only what is affected and keeps every written review', async () => {
    const dropout = DEMO_PARTICIPANTS[DEMO_PARTICIPANTS.length - 1];
    const dropoutId = userIds.get(dropout.email)!;
    const before = (await ok<{ peerReviewPairs: Pair[] }>(t.http, PAIRS, { assignmentId }, coach)).peerReviewPairs;
    const written = before.filter((pair) => pair.status === 'SUBMITTED');
    expect(before.some((pair) => pair.reviewer.userId === dropoutId && pair.status === 'ASSIGNED')).toBe(true);

    const dropoutTasks = (await ok<{ myReviewTasks: Task[] }>(t.http, `{ myReviewTasks { id submission { version } } }`, {}, tokenOf(dropout.email))).myReviewTasks;
    expect(dropoutTasks.length).toBeGreaterThan(0);
    const othersWork = (
      await ok(t.http, `query ($id: ID!) { submissions(assignmentId: $id, first: 100) { edges { node { id author { name } } } } }`, { id: assignmentId }, coach)
    ).submissions.edges.filter((edge: { node: { author: { name: string } } }) => edge.node.author.name !== dropout.name);
    await ok(t.http, `mutation ($c: ID!, $u: ID!) { unenrollUser(cohortId: $c, userId: $u) }`, { c: cohortId, u: dropoutId }, admin);

    // Once unenrolled, the drop-out keeps no access to the work they were paired with.
    expect((await ok(t.http, `{ myReviewTasks { id } }`, {}, tokenOf(dropout.email))).myReviewTasks).toEqual([]);
    const late = await fails(
      t.http,
      SUBMIT_REVIEW,
      { input: { peerReviewId: dropoutTasks[0].id, scores: criteria.map((c) => ({ criterionId: c.id, score: c.minScore })), comment: 'Te laat.' } },
      tokenOf(dropout.email),
    );
    expect(late.extensions.code).toBe('NOT_FOUND');
    for (const { node } of othersWork) {
      const refused = await fails(t.http, `query ($id: ID!) { submission(id: $id) { body } }`, { id: node.id }, tokenOf(dropout.email));
      expect(refused.extensions.code).toBe('FORBIDDEN');
    }
    const repair = (await ok(t.http, PREVIEW, { assignmentId }, coach)).previewPeerReviewPairings;
    expect(repair.published).toBe(true);
    expect(repair.diff.removed).toBeGreaterThan(0);
    expect(repair.diff.added).toBeGreaterThan(0);
    for (const removed of repair.diff.removedPairs) {
      expect([removed.reviewer.userId, removed.author.userId]).toContain(dropoutId);
    }

    const { publishedPeerReviewPairing } = await ok(t.http, VERSION, { assignmentId }, coach);
    await ok(
      t.http,
      `mutation ($a: ID!, $v: Int!) { applyPeerReviewRepair(assignmentId: $a, expectedVersion: $v) { version } }`,
      { a: assignmentId, v: publishedPeerReviewPairing.version },
      coach,
    );
    const after = (await ok<{ peerReviewPairs: Pair[] }>(t.http, PAIRS, { assignmentId }, coach)).peerReviewPairs;
    for (const pair of written) {
      expect(after.find((candidate) => candidate.id === pair.id)?.status).toBe('SUBMITTED');
    }
    const live = after.filter((pair) => pair.status !== 'REMOVED');
    expect(live.some((pair) => pair.reviewer.userId === dropoutId && pair.status === 'ASSIGNED')).toBe(false);
    // Pairs that did not involve the drop-out are all still there.
    for (const pair of before.filter((p) => p.reviewer.userId !== dropoutId && p.author.userId !== dropoutId)) {
      expect(after.find((candidate) => candidate.id === pair.id)?.status).not.toBe('REMOVED');
    }
  });

  it('the new reviewers write; reviews are released; authors rate them; the coach sees the ratings', async () => {
    for (const person of DEMO_PARTICIPANTS.slice(0, -1)) {
      const tasks = (await ok<{ myReviewTasks: Task[] }>(t.http, `{ myReviewTasks(status: ASSIGNED) { id status } }`, {}, tokenOf(person.email))).myReviewTasks;
      for (const task of tasks) {
        await ok(
          t.http,
          SUBMIT_REVIEW,
          { input: { peerReviewId: task.id, scores: criteria.map((c) => ({ criterionId: c.id, score: c.minScore })), comment: 'Ingevallen voor een collega.' } },
          tokenOf(person.email),
        );
      }
    }
    const author = DEMO_PARTICIPANTS[0];
    const RECEIVED = `query ($id: ID!) { myReceivedReviews(assignmentId: $id) { released reviews { id comment reviewer { hidden name } scores { score } } } }`;
    const hidden = (await ok(t.http, RECEIVED, { id: assignmentId }, tokenOf(author.email))).myReceivedReviews;
    expect(hidden).toMatchObject({ released: false, reviews: [] });

    await ok(
      t.http,
      `mutation ($id: ID!) { updateAssignment(id: $id, input: { releaseReviewsImmediately: true }) { releaseReviewsImmediately } }`,
      { id: assignmentId },
      coach,
    );
    const received = (await ok(t.http, RECEIVED, { id: assignmentId }, tokenOf(author.email))).myReceivedReviews;
    expect(received.released).toBe(true);
    expect(received.reviews.length).toBeGreaterThanOrEqual(reviewsPerSubmission - 1);
    for (const review of received.reviews) expect(review.reviewer).toEqual({ hidden: true, name: null });

    await ok(
      t.http,
      `mutation ($id: ID!) { rateReview(peerReviewId: $id, helpfulness: 4, comment: "Bruikbare tips") { helpfulness } }`,
      { id: received.reviews[0].id },
      tokenOf(author.email),
    );
    const overview = await ok(
      t.http,
      `query ($id: ID!) { assignmentReviews(assignmentId: $id) { id helpfulness helpfulnessComment } }`,
      { id: assignmentId },
      coach,
    );
    expect(overview.assignmentReviews.find((review: { id: string }) => review.id === received.reviews[0].id)).toMatchObject({
      helpfulness: 4,
      helpfulnessComment: 'Bruikbare tips',
    });
  });

  it('participants were told about the pairing and about reviews they received', async () => {
    const kinds = (await ok(t.http, `{ myNotifications { kind } }`, {}, tokenOf(DEMO_PARTICIPANTS[0].email))).myNotifications.map(
      (notification: { kind: string }) => notification.kind,
    );
    expect(kinds).toEqual(expect.arrayContaining(['PAIRINGS_PUBLISHED', 'REVIEW_RECEIVED']));
  });
});
