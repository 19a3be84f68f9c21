import { EnrollmentEntity } from '../src/enrollments/enrollment.entity';
import { PeerReviewScoreEntity } from '../src/peer-reviews/peer-review-score.entity';
import { PeerReviewEntity, PeerReviewStatus } from '../src/peer-reviews/peer-review.entity';
import {
  createLiveCohort,
  createPerson,
  createReviewAssignment,
  enrol,
  hoursFromNow,
  insertReviewPairs,
  insertSubmission,
  PersonFixture,
  rejects,
  ReviewAssignmentFixture,
  unique,
} from './support/fixtures';
import { countStatements } from './support/statement-counter';
import { loginAdmin, ok, startTestApp, TestApp } from './support/test-app';

const REPORT = `query ($cohortId: ID!) {
  cohortReport(cohortId: $cohortId) {
    cohortId cohortName cohortStatus generatedAt
    totals {
      participants assignments expectedSubmissions submitted onTime late missing pending
      reviewsAssigned reviewsDone reviewsOverdue helpfulnessRatings helpfulnessMean atRiskParticipants
    }
    assignments {
      assignmentId title moduleTitle anonymity enrolled submitted onTime late missing pending
      reviewsAssigned reviewsDone reviewsOverdue helpfulnessRatings helpfulnessMean
      rubric { criterionId title position minScore maxScore scores mean standardDeviation }
    }
    participants {
      userId name municipality { code name } businessDomain { code }
      submissions late missing pending reviewsAssigned reviewsDone reviewsOverdue reviewsReceived
      distinctMunicipalities distinctDomains atRisk atRiskReasons
    }
    network {
      summary {
        reviews crossDomainReviews crossDomainShare crossMunicipalityReviews crossMunicipalityShare
        municipalities municipalityCells domains meanDistinctMunicipalities meanDistinctDomains
      }
      municipalityMatrix { reviewerMunicipality { code name } authorMunicipality { code } reviews }
      domainMatrix { reviewerDomain { code } authorDomain { code } reviews }
    }
  }
}`;

const COMPARISON = `query ($cohortIds: [ID!]!) {
  cohortComparison(cohortIds: $cohortIds) {
    cohortId cohortName
    totals { participants assignments submitted missing reviewsDone atRiskParticipants helpfulnessMean }
    network { reviews crossDomainShare crossMunicipalityShare meanDistinctDomains }
  }
}`;

const DAY = 24;

describe('cohort reports', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAdmin(t.http);
  });
  afterAll(() => t.close());

  async function score(reviewId: string, assignment: ReviewAssignmentFixture, scores: [number, number]): Promise<void> {
    await t.dataSource
      .getRepository(PeerReviewScoreEntity)
      .insert(assignment.rubric.map((criterion, index) => ({ peerReviewId: reviewId, criterionId: criterion.id, score: scores[index] })));
  }

  const rate = (reviewId: string, helpfulness: number) => t.dataSource.getRepository(PeerReviewEntity).update({ id: reviewId }, { helpfulness });

  /**
   * Five participants, three assignments:
   * A1 (OPEN) due 5 days ago, reviews due yesterday; A2 (DOUBLE_BLIND) due 4 days ago, reviews
   * due in 5 days; A3 due in 3 days. Anne GM0363/IA, Bram GM0518/BZ, Cees GM0363/IA,
   * Dirk GM0599/IA, Eva GM0599/IA. A former participant (Xander) handed in A1 and left.
   */
  async function seedCohort() {
    const { cohortId, moduleId } = await createLiveCohort(t.http, admin);
    const coach = await createPerson(t.http, admin, { name: unique('Coach') });
    await enrol(t.http, admin, cohortId, coach.id, 'COACH');
    const person = async (name: string, municipalityCode: string, businessDomainCode: string) => {
      const member = await createPerson(t.http, admin, { name, municipalityCode, businessDomainCode });
      await enrol(t.http, admin, cohortId, member.id, 'PARTICIPANT');
      return member;
    };
    const anne = await person('Anne Aalbers', 'GM0363', 'IA');
    const bram = await person('Bram Bakker', 'GM0518', 'BZ');
    const cees = await person('Cees Claassen', 'GM0363', 'IA');
    const dirk = await person('Dirk Dekker', 'GM0599', 'IA');
    const eva = await person('Eva Evers', 'GM0599', 'IA');
    const xander = await person('Xander Xavier', 'GM0599', 'BZ');

    const a1 = await createReviewAssignment(t.http, admin, moduleId, { title: 'A1', dueAt: hoursFromNow(-5 * DAY), reviewDueAt: hoursFromNow(-1 * DAY), anonymity: 'OPEN' });
    const a2 = await createReviewAssignment(t.http, admin, moduleId, { title: 'A2', dueAt: hoursFromNow(-4 * DAY), reviewDueAt: hoursFromNow(5 * DAY), anonymity: 'DOUBLE_BLIND' });
    const a3 = await createReviewAssignment(t.http, admin, moduleId, { title: 'A3', dueAt: hoursFromNow(3 * DAY), reviewDueAt: hoursFromNow(10 * DAY) });

    // A1: Anne on time; Bram only late; Cees on time, then a late second version; Dirk and Eva nothing.
    await insertSubmission(t, a1.id, anne.id, { isLate: false });
    await insertSubmission(t, a1.id, bram.id, { isLate: true });
    await insertSubmission(t, a1.id, cees.id, { version: 1, isLate: false });
    await insertSubmission(t, a1.id, cees.id, { version: 2, isLate: true });
    await insertSubmission(t, a1.id, xander.id, { isLate: false });
    await t.dataSource.getRepository(EnrollmentEntity).delete({ cohortId, userId: xander.id });
    // A2: Anne late, Bram on time; the others nothing.
    await insertSubmission(t, a2.id, anne.id, { isLate: true });
    await insertSubmission(t, a2.id, bram.id, { isLate: false });
    // A3: Anne through the API, before the due date.
    await ok(t.http, `mutation ($input: SubmitAssignmentInput!) { submitAssignment(input: $input) { isLate } }`, { input: { assignmentId: a3.id, body: 'Mijn uitwerking' } }, anne.token);

    // A1 reviews: Dirk's pair on Cees was reassigned to Anne (REMOVED, with scores that must not count).
    const [r1, r2, r3, r4, r5, r6] = await insertReviewPairs(t, a1.id, coach.id, [
      { reviewerId: bram.id, authorId: anne.id, status: 'SUBMITTED' },
      { reviewerId: cees.id, authorId: anne.id, status: 'SUBMITTED' },
      { reviewerId: anne.id, authorId: bram.id, status: 'SUBMITTED' },
      { reviewerId: dirk.id, authorId: cees.id, status: 'REMOVED' },
      { reviewerId: anne.id, authorId: cees.id, status: 'ASSIGNED' },
      { reviewerId: cees.id, authorId: bram.id, status: 'ASSIGNED' },
    ]);
    await score(r1, a1, [4, 6]);
    await score(r2, a1, [2, 8]);
    await score(r3, a1, [5, 10]);
    await score(r4, a1, [1, 0]);
    await rate(r1, 5);
    await rate(r2, 3);
    void r5;
    void r6;
    // A2 reviews (double blind): Anne reviewed Bram; Bram still owes Anne one, not due yet.
    const [r7] = await insertReviewPairs(t, a2.id, coach.id, [
      { reviewerId: anne.id, authorId: bram.id, status: 'SUBMITTED' },
      { reviewerId: bram.id, authorId: anne.id, status: 'ASSIGNED' },
    ]);
    await score(r7, a2, [3, 5]);
    await rate(r7, 4);
    return { cohortId, coach, anne, bram, cees, dirk, eva, a1, a2, a3 };
  }

  let seeded: Awaited<ReturnType<typeof seedCohort>>;
  beforeAll(async () => {
    seeded = await seedCohort();
  });

  it('counts submissions per assignment: on time, late, missing after the due date, pending before it', async () => {
    const { cohortReport } = await ok(t.http, REPORT, { cohortId: seeded.cohortId }, seeded.coach.token);
    const rows = cohortReport.assignments.map(({ rubric: _rubric, assignmentId: _id, ...row }: Record<string, unknown>) => row);
    const moduleTitle = cohortReport.assignments[0].moduleTitle;
    expect(rows).toEqual([
      {
        title: 'A1', moduleTitle, anonymity: 'OPEN', enrolled: 5, submitted: 3, onTime: 2, late: 1, missing: 2, pending: 0,
        reviewsAssigned: 5, reviewsDone: 3, reviewsOverdue: 2, helpfulnessRatings: 2, helpfulnessMean: 4,
      },
      {
        title: 'A2', moduleTitle, anonymity: 'DOUBLE_BLIND', enrolled: 5, submitted: 2, onTime: 1, late: 1, missing: 3, pending: 0,
        reviewsAssigned: 2, reviewsDone: 1, reviewsOverdue: 0, helpfulnessRatings: 1, helpfulnessMean: 4,
      },
      {
        title: 'A3', moduleTitle, anonymity: 'DOUBLE_BLIND', enrolled: 5, submitted: 1, onTime: 1, late: 0, missing: 0, pending: 4,
        reviewsAssigned: 0, reviewsDone: 0, reviewsOverdue: 0, helpfulnessRatings: 0, helpfulnessMean: null,
      },
    ]);
    expect(cohortReport.assignments.map((row: { assignmentId: string }) => row.assignmentId)).toEqual([seeded.a1.id, seeded.a2.id, seeded.a3.id]);
  });

  it('gives mean and population standard deviation per rubric criterion over SUBMITTED reviews only', async () => {
    const { cohortReport } = await ok(t.http, REPORT, { cohortId: seeded.cohortId }, admin);
    const [a1, a2, a3] = cohortReport.assignments;
    // A1 Volledigheid: 4, 2, 5 (the REMOVED review's 1 is left out): mean 11/3, variance 15 - 121/9 = 14/9.
    expect(a1.rubric[0]).toMatchObject({ criterionId: seeded.a1.rubric[0].id, title: 'Volledigheid', position: 0, minScore: 1, maxScore: 5, scores: 3 });
    expect(a1.rubric[0].mean).toBeCloseTo(11 / 3, 10);
    expect(a1.rubric[0].standardDeviation).toBeCloseTo(Math.sqrt(14) / 3, 10);
    // A1 Toepasbaarheid: 6, 8, 10: mean 8, variance 200/3 - 64 = 8/3.
    expect(a1.rubric[1]).toMatchObject({ title: 'Toepasbaarheid', position: 1, minScore: 0, maxScore: 10, scores: 3, mean: 8 });
    expect(a1.rubric[1].standardDeviation).toBeCloseTo(Math.sqrt(8 / 3), 10);
    expect(a2.rubric.map((row: Record<string, unknown>) => [row.scores, row.mean, row.standardDeviation])).toEqual([
      [1, 3, 0],
      [1, 5, 0],
    ]);
    expect(a3.rubric.map((row: Record<string, unknown>) => [row.title, row.scores, row.mean, row.standardDeviation])).toEqual([
      ['Volledigheid', 0, null, null],
      ['Toepasbaarheid', 0, null, null],
    ]);
  });

  it('reports every current participant by name (also under DOUBLE_BLIND) with the at-risk reasons', async () => {
    const { cohortReport } = await ok(t.http, REPORT, { cohortId: seeded.cohortId }, seeded.coach.token);
    const row = (submissions: number, late: number, missing: number, pending: number, assigned: number, done: number, overdue: number, received: number) => ({
      submissions, late, missing, pending, reviewsAssigned: assigned, reviewsDone: done, reviewsOverdue: overdue, reviewsReceived: received,
    });
    expect(cohortReport.participants).toEqual([
      {
        userId: seeded.anne.id, name: 'Anne Aalbers', municipality: { code: 'GM0363', name: 'Amsterdam' }, businessDomain: { code: 'IA' },
        ...row(3, 1, 0, 0, 3, 2, 1, 2),
        distinctMunicipalities: 2, distinctDomains: 2, atRisk: true, atRiskReasons: ['OVERDUE_REVIEWS'],
      },
      {
        userId: seeded.bram.id, name: 'Bram Bakker', municipality: { code: 'GM0518', name: "'s-Gravenhage" }, businessDomain: { code: 'BZ' },
        ...row(2, 1, 0, 1, 2, 1, 0, 2),
        distinctMunicipalities: 1, distinctDomains: 1, atRisk: false, atRiskReasons: [],
      },
      {
        userId: seeded.cees.id, name: 'Cees Claassen', municipality: { code: 'GM0363', name: 'Amsterdam' }, businessDomain: { code: 'IA' },
        ...row(1, 0, 1, 1, 2, 1, 1, 0),
        distinctMunicipalities: 1, distinctDomains: 1, atRisk: true, atRiskReasons: ['OVERDUE_REVIEWS'],
      },
      {
        userId: seeded.dirk.id, name: 'Dirk Dekker', municipality: { code: 'GM0599', name: 'Rotterdam' }, businessDomain: { code: 'IA' },
        ...row(0, 0, 2, 1, 0, 0, 0, 0),
        distinctMunicipalities: 0, distinctDomains: 0, atRisk: true, atRiskReasons: ['MISSING_SUBMISSIONS'],
      },
      {
        userId: seeded.eva.id, name: 'Eva Evers', municipality: { code: 'GM0599', name: 'Rotterdam' }, businessDomain: { code: 'IA' },
        ...row(0, 0, 2, 1, 0, 0, 0, 0),
        distinctMunicipalities: 0, distinctDomains: 0, atRisk: true, atRiskReasons: ['MISSING_SUBMISSIONS'],
      },
    ]);
  });

  it('maps the collaboration network over SUBMITTED reviews', async () => {
    const { cohortReport } = await ok(t.http, REPORT, { cohortId: seeded.cohortId }, admin);
    // Submitted: Bram->Anne, Cees->Anne, Anne->Bram (A1), Anne->Bram (A2).
    expect(cohortReport.network).toEqual({
      summary: {
        reviews: 4,
        crossDomainReviews: 3,
        crossDomainShare: 0.75,
        crossMunicipalityReviews: 3,
        crossMunicipalityShare: 0.75,
        municipalities: 2,
        municipalityCells: 3,
        domains: 2,
        meanDistinctMunicipalities: 0.8,
        meanDistinctDomains: 0.8,
      },
      // The busiest cell first, then by codes.
      municipalityMatrix: [
        { reviewerMunicipality: { code: 'GM0363', name: 'Amsterdam' }, authorMunicipality: { code: 'GM0518' }, reviews: 2 },
        { reviewerMunicipality: { code: 'GM0363', name: 'Amsterdam' }, authorMunicipality: { code: 'GM0363' }, reviews: 1 },
        { reviewerMunicipality: { code: 'GM0518', name: "'s-Gravenhage" }, authorMunicipality: { code: 'GM0363' }, reviews: 1 },
      ],
      domainMatrix: [
        { reviewerDomain: { code: 'BZ' }, authorDomain: { code: 'IA' }, reviews: 1 },
        { reviewerDomain: { code: 'IA' }, authorDomain: { code: 'BZ' }, reviews: 2 },
        { reviewerDomain: { code: 'IA' }, authorDomain: { code: 'IA' }, reviews: 1 },
      ],
    });
  });

  it('pages the municipality matrix: the busiest cells first, or one municipality\'s row and column', async () => {
    const MATRIX = `query ($cohortId: ID!, $first: Int!, $code: String) {
      cohortReport(cohortId: $cohortId) { network { municipalityMatrix(first: $first, municipalityCode: $code) { reviewerMunicipality { code } authorMunicipality { code } reviews } } }
    }`;
    const page = async (first: number, code?: string) =>
      (await ok(t.http, MATRIX, { cohortId: seeded.cohortId, first, code }, admin)).cohortReport.network.municipalityMatrix;
    expect(await page(1)).toEqual([{ reviewerMunicipality: { code: 'GM0363' }, authorMunicipality: { code: 'GM0518' }, reviews: 2 }]);
    expect(await page(100, 'GM0518')).toEqual([
      { reviewerMunicipality: { code: 'GM0363' }, authorMunicipality: { code: 'GM0518' }, reviews: 2 },
      { reviewerMunicipality: { code: 'GM0518' }, authorMunicipality: { code: 'GM0363' }, reviews: 1 },
    ]);
    expect(await page(100, 'GM1680')).toEqual([]);
    await rejects(t, MATRIX, { cohortId: seeded.cohortId, first: 0 }, admin, 'BAD_USER_INPUT', 'first');
    await rejects(t, MATRIX, { cohortId: seeded.cohortId, first: 1001 }, admin, 'BAD_USER_INPUT', 'first');
    await rejects(t, MATRIX, { cohortId: seeded.cohortId, first: 10, code: "GM0363' OR 1=1 --" }, admin, 'BAD_USER_INPUT', 'municipalityCode');
  });

  it('sums the totals', async () => {
    const { cohortReport } = await ok(t.http, REPORT, { cohortId: seeded.cohortId }, admin);
    expect(cohortReport).toMatchObject({ cohortId: seeded.cohortId, cohortStatus: 'ACTIVE' });
    expect(cohortReport.totals).toEqual({
      participants: 5,
      assignments: 3,
      expectedSubmissions: 15,
      submitted: 6,
      onTime: 4,
      late: 2,
      missing: 5,
      pending: 4,
      reviewsAssigned: 7,
      reviewsDone: 4,
      reviewsOverdue: 2,
      helpfulnessRatings: 3,
      helpfulnessMean: 4,
      atRiskParticipants: 4,
    });
  });

  it('reports an empty cohort with zeros and nulls', async () => {
    const { cohortId } = await createLiveCohort(t.http, admin, 'DRAFT');
    const { cohortReport } = await ok(t.http, REPORT, { cohortId }, admin);
    expect(cohortReport).toMatchObject({ cohortStatus: 'DRAFT', assignments: [], participants: [] });
    expect(cohortReport.totals).toMatchObject({ participants: 0, assignments: 0, submitted: 0, helpfulnessMean: null, atRiskParticipants: 0 });
    expect(cohortReport.network.summary).toMatchObject({ reviews: 0, crossDomainShare: null, meanDistinctDomains: null });
  });

  describe('authorization', () => {
    let otherCoach: PersonFixture;
    beforeAll(async () => {
      const other = await createLiveCohort(t.http, admin);
      otherCoach = await createPerson(t.http, admin, { name: unique('Other coach') });
      await enrol(t.http, admin, other.cohortId, otherCoach.id, 'COACH');
    });

    it('lets the cohort’s coach and admins read the report', async () => {
      for (const token of [seeded.coach.token, admin]) {
        const { cohortReport } = await ok(t.http, REPORT, { cohortId: seeded.cohortId }, token);
        expect(cohortReport.totals.participants).toBe(5);
      }
    });

    it('refuses participants and other cohorts’ coaches (FORBIDDEN) and anonymous callers (UNAUTHENTICATED)', async () => {
      await rejects(t, REPORT, { cohortId: seeded.cohortId }, seeded.anne.token, 'FORBIDDEN');
      await rejects(t, REPORT, { cohortId: seeded.cohortId }, otherCoach.token, 'FORBIDDEN');
      await rejects(t, REPORT, { cohortId: seeded.cohortId }, undefined, 'UNAUTHENTICATED');
    });

    it('says NOT_FOUND for an unknown cohort and BAD_USER_INPUT for a malformed id', async () => {
      await rejects(t, REPORT, { cohortId: globalThis.crypto.randomUUID() }, admin, 'NOT_FOUND', 'cohortId');
      await rejects(t, REPORT, { cohortId: 'not-an-id' }, admin, 'BAD_USER_INPUT', 'cohortId');
    });

    it('keeps cohortComparison for admins', async () => {
      await rejects(t, COMPARISON, { cohortIds: [seeded.cohortId] }, seeded.coach.token, 'FORBIDDEN');
      await rejects(t, COMPARISON, { cohortIds: [seeded.cohortId] }, seeded.anne.token, 'FORBIDDEN');
      await rejects(t, COMPARISON, { cohortIds: [seeded.cohortId] }, undefined, 'UNAUTHENTICATED');
    });
  });

  describe('cohortComparison', () => {
    it('puts the totals and network summary of several cohorts side by side, in the order asked', async () => {
      const { cohortId: empty } = await createLiveCohort(t.http, admin);
      const { cohortComparison } = await ok(t.http, COMPARISON, { cohortIds: [empty, seeded.cohortId] }, admin);
      expect(cohortComparison).toEqual([
        {
          cohortId: empty,
          cohortName: expect.any(String),
          totals: { participants: 0, assignments: 0, submitted: 0, missing: 0, reviewsDone: 0, atRiskParticipants: 0, helpfulnessMean: null },
          network: { reviews: 0, crossDomainShare: null, crossMunicipalityShare: null, meanDistinctDomains: null },
        },
        {
          cohortId: seeded.cohortId,
          cohortName: expect.any(String),
          totals: { participants: 5, assignments: 3, submitted: 6, missing: 5, reviewsDone: 4, atRiskParticipants: 4, helpfulnessMean: 4 },
          network: { reviews: 4, crossDomainShare: 0.75, crossMunicipalityShare: 0.75, meanDistinctDomains: 0.8 },
        },
      ]);
    });

    it('checks its list: not empty, no duplicates, ids that exist', async () => {
      await rejects(t, COMPARISON, { cohortIds: [] }, admin, 'BAD_USER_INPUT', 'cohortIds');
      await rejects(t, COMPARISON, { cohortIds: [seeded.cohortId, seeded.cohortId] }, admin, 'BAD_USER_INPUT', 'cohortIds');
      await rejects(t, COMPARISON, { cohortIds: [seeded.cohortId, globalThis.crypto.randomUUID()] }, admin, 'NOT_FOUND', 'cohortIds.1');
    });
  });

  it('uses the same number of SQL statements for a small and a larger cohort', async () => {
    async function cohortOf(participants: number, assignments: number): Promise<{ cohortId: string; coach: PersonFixture }> {
      const { cohortId, moduleId } = await createLiveCohort(t.http, admin);
      const coach = await createPerson(t.http, admin, { name: unique('Coach') });
      await enrol(t.http, admin, cohortId, coach.id, 'COACH');
      const codes = ['GM0363', 'GM0518', 'GM0599'];
      const domains = ['IA', 'BZ'];
      const members: PersonFixture[] = [];
      for (let index = 0; index < participants; index += 1) {
        const member = await createPerson(t.http, admin, { municipalityCode: codes[index % 3], businessDomainCode: domains[index % 2] });
        await enrol(t.http, admin, cohortId, member.id, 'PARTICIPANT');
        members.push(member);
      }
      for (let a = 0; a < assignments; a += 1) {
        const assignment = await createReviewAssignment(t.http, admin, moduleId, { dueAt: hoursFromNow(-48), reviewDueAt: hoursFromNow(-24) });
        for (const member of members.slice(1)) await insertSubmission(t, assignment.id, member.id, { isLate: a % 2 === 1 });
        // Everyone reviews the next person, except that nobody reviews the first (who has no submission).
        const ids = await insertReviewPairs(
          t,
          assignment.id,
          coach.id,
          members.slice(0, -1).map((member, index) => ({ reviewerId: member.id, authorId: members[index + 1].id, status: index % 3 ? 'SUBMITTED' : 'ASSIGNED' })),
        );
        for (const [index, id] of ids.entries()) {
          if (index % 3 === 0) continue;
          await score(id, assignment, [1 + (index % 5), index % 11]);
          await rate(id, 1 + (index % 5));
        }
      }
      return { cohortId, coach };
    }
    const small = await cohortOf(2, 1);
    const large = await cohortOf(9, 4);
    const smallRun = await countStatements(t.dataSource, async () => {
      const { cohortReport } = await ok(t.http, REPORT, { cohortId: small.cohortId }, small.coach.token);
      expect(cohortReport.totals).toMatchObject({ participants: 2, assignments: 1 });
    });
    const largeRun = await countStatements(t.dataSource, async () => {
      const { cohortReport } = await ok(t.http, REPORT, { cohortId: large.cohortId }, large.coach.token);
      expect(cohortReport.totals).toMatchObject({ participants: 9, assignments: 4, submitted: 32, missing: 4 });
      expect(cohortReport.network.summary.reviews).toBe(20);
    });
    expect(largeRun.count).toBe(smallRun.count);
    // Authentication, the cohort with its access check, and the report's ten GROUP BY statements.
    expect(largeRun.count).toBeLessThanOrEqual(14);
  });

  it('counts a review under the municipality and domain people had when the pair was made, also after someone moves', async () => {
    const { cohortId, moduleId } = await createLiveCohort(t.http, admin);
    const coach = await createPerson(t.http, admin, { name: unique('Coach') });
    await enrol(t.http, admin, cohortId, coach.id, 'COACH');
    const people: PersonFixture[] = [];
    for (const [name, municipalityCode, businessDomainCode] of [
      ['Fenna Fokkema', 'GM0363', 'IA'],
      ['Gijs Groen', 'GM0518', 'BZ'],
      ['Hanna Hoek', 'GM0599', 'IA'],
    ]) {
      const member = await createPerson(t.http, admin, { name, municipalityCode, businessDomainCode });
      await enrol(t.http, admin, cohortId, member.id, 'PARTICIPANT');
      people.push(member);
    }
    const assignment = await createReviewAssignment(t.http, admin, moduleId, { title: 'Verhuizing', reviewsPerSubmission: 1 });
    for (const member of people) await insertSubmission(t, assignment.id, member.id);
    // Published through the API: the pairing stores both sides' affiliation on every pair.
    await ok(t.http, `mutation ($assignmentId: ID!) { publishPeerReviewPairings(assignmentId: $assignmentId, seed: 7) { version } }`, { assignmentId: assignment.id }, coach.token);
    const reviews = t.dataSource.getRepository(PeerReviewEntity);
    await reviews.update({ assignmentId: assignment.id }, { status: PeerReviewStatus.SUBMITTED, submittedAt: new Date() });
    const before = (await ok(t.http, REPORT, { cohortId }, coach.token)).cohortReport;
    expect(before.network.summary).toMatchObject({ reviews: 3, crossMunicipalityReviews: 3, municipalities: 3, domains: 2 });

    // Fenna moves from Amsterdam (GM0363, IA) to Aa en Hunze (GM1680, BZ) after the reviews.
    const fenna = people[0];
    await ok(
      t.http,
      `mutation ($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id } }`,
      { id: fenna.id, input: { municipalityCode: 'GM1680', businessDomainCode: 'BZ' } },
      admin,
    );
    const after = (await ok(t.http, REPORT, { cohortId }, coach.token)).cohortReport;
    expect(after.network).toEqual(before.network);
    const codes = after.network.municipalityMatrix.flatMap((cell: { reviewerMunicipality: { code: string }; authorMunicipality: { code: string } }) => [
      cell.reviewerMunicipality.code,
      cell.authorMunicipality.code,
    ]);
    expect(codes).toContain('GM0363');
    expect(codes).not.toContain('GM1680');
    // The participant list shows where Fenna is now; her exchange counts stay those of the reviews.
    const row = after.participants.find((participant: { userId: string }) => participant.userId === fenna.id);
    expect(row).toMatchObject({ municipality: { code: 'GM1680' }, businessDomain: { code: 'BZ' }, distinctMunicipalities: 2 });
    const stored = await reviews.find({ where: { assignmentId: assignment.id } });
    expect(stored.filter((review) => review.reviewerId === fenna.id).map((review) => review.reviewerMunicipalityCode)).toEqual(['GM0363']);
  });

  it('keeps the stored affiliation in step with the reviewer when a coach swaps reviewers', async () => {
    const { cohortId, moduleId } = await createLiveCohort(t.http, admin);
    const coach = await createPerson(t.http, admin, { name: unique('Coach') });
    await enrol(t.http, admin, cohortId, coach.id, 'COACH');
    const people: PersonFixture[] = [];
    for (const [index, municipalityCode] of ['GM0363', 'GM0518', 'GM0599', 'GM0014', 'GM1680', 'GM0344'].entries()) {
      const member = await createPerson(t.http, admin, { name: unique(`Ruiler ${index}`), municipalityCode, businessDomainCode: index % 2 ? 'IA' : 'BZ' });
      await enrol(t.http, admin, cohortId, member.id, 'PARTICIPANT');
      people.push(member);
    }
    const assignment = await createReviewAssignment(t.http, admin, moduleId, { title: 'Ruil', reviewsPerSubmission: 1 });
    for (const member of people) await insertSubmission(t, assignment.id, member.id);
    await ok(t.http, `mutation ($assignmentId: ID!) { publishPeerReviewPairings(assignmentId: $assignmentId, seed: 3) { version } }`, { assignmentId: assignment.id }, coach.token);
    const reviews = t.dataSource.getRepository(PeerReviewEntity);
    const pairs = await reviews.find({ where: { assignmentId: assignment.id } });
    const keys = new Set(pairs.map((pair) => `${pair.reviewerId}>${pair.authorId}`));
    const swap = pairs
      .flatMap((a) => pairs.map((b) => [a, b] as const))
      .find(
        ([a, b]) =>
          a.id !== b.id &&
          b.reviewerId !== a.authorId &&
          a.reviewerId !== b.authorId &&
          !keys.has(`${b.reviewerId}>${a.authorId}`) &&
          !keys.has(`${a.reviewerId}>${b.authorId}`) &&
          !keys.has(`${a.authorId}>${b.reviewerId}`) &&
          !keys.has(`${b.authorId}>${a.reviewerId}`),
      )!;
    await ok(
      t.http,
      `mutation ($pairA: ID!, $pairB: ID!) { swapPeerReviewers(pairA: $pairA, pairB: $pairB, expectedVersion: 1) { version } }`,
      { pairA: swap[0].id, pairB: swap[1].id },
      coach.token,
    );
    const users = new Map((await t.dataSource.getRepository('UserEntity').find()).map((user) => [user.id as string, user]));
    const stored = await reviews.find({ where: { assignmentId: assignment.id } });
    expect(stored.find((row) => row.id === swap[0].id)!.reviewerId).toBe(swap[1].reviewerId);
    for (const row of stored) {
      expect(row).toMatchObject({
        reviewerMunicipalityCode: users.get(row.reviewerId)!.municipalityCode,
        reviewerDomainCode: users.get(row.reviewerId)!.businessDomainCode,
        authorMunicipalityCode: users.get(row.authorId)!.municipalityCode,
        authorDomainCode: users.get(row.authorId)!.businessDomainCode,
      });
    }
  });
});
