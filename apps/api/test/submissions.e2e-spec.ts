import { PeerReviewEntity, PeerReviewStatus } from '../src/peer-reviews/peer-review.entity';
import { countStatements } from './support/statement-counter';
import { createCohort, createPerson, enrol, expectError, PersonFixture, rejects } from './support/fixtures';
import { fails, gql, loginAdmin, ok, startTestApp, TestApp } from './support/test-app';

const FIELDS = `id assignmentId version body submittedAt isLate isCurrent
  attachments { id fileName contentType sizeBytes sha256 downloadPath }
  author { hidden name municipality { code name } businessDomain { code } }
  feedback { id body createdAt coach { name } }`;
const SUBMIT = `mutation ($input: SubmitAssignmentInput!) { submitAssignment(input: $input) { ${FIELDS} } }`;
const MINE = `query ($assignmentId: ID!) { mySubmissions(assignmentId: $assignmentId) { ${FIELDS} } }`;
const ONE = `query ($id: ID!) { submission(id: $id) { ${FIELDS} } }`;
const LIST = `query ($assignmentId: ID!, $first: Int, $after: String) {
  submissions(assignmentId: $assignmentId, first: $first, after: $after) {
    totalCount edges { cursor node { id version isCurrent author { hidden name } } } pageInfo { hasNextPage endCursor }
  }
}`;
const FEEDBACK = `mutation ($submissionId: ID!, $body: String!) {
  addSubmissionFeedback(submissionId: $submissionId, body: $body) { id body createdAt coach { name } }
}`;
const UPDATE_ASSIGNMENT = `mutation ($id: ID!, $input: UpdateAssignmentInput!) { updateAssignment(id: $id, input: $input) { id } }`;

interface Setting {
  cohortId: string;
  moduleId: string;
  assignmentId: string;
  coach: PersonFixture;
  alice: PersonFixture;
  bob: PersonFixture;
}

describe('submissions', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAdmin(t.http);
  });
  afterAll(() => t.close());

  /** A cohort of 2027 (nothing is due yet) with a coach and two participants from different places. */
  async function setting(): Promise<Setting> {
    const cohort = await createCohort(t.http, admin);
    const coach = await createPerson(t.http, admin, { name: 'Coach Carla' });
    const alice = await createPerson(t.http, admin, { name: 'Alice Auteur', municipalityCode: 'GM0363', businessDomainCode: 'IA' });
    const bob = await createPerson(t.http, admin, { name: 'Bob Beoordelaar', municipalityCode: 'GM0599', businessDomainCode: 'IA' });
    await enrol(t.http, admin, cohort.cohortId, coach.id, 'COACH');
    await enrol(t.http, admin, cohort.cohortId, alice.id, 'PARTICIPANT');
    await enrol(t.http, admin, cohort.cohortId, bob.id, 'PARTICIPANT');
    return { ...cohort, coach, alice, bob };
  }

  /** A cohort of 2026 whose assignment was due on 2026-02-01 (the clock says late 2026). */
  async function lateSetting(allowLateSubmissions: boolean) {
    const cohort = await ok(
      t.http,
      `mutation ($input: CreateCohortInput!) { createCohort(input: $input) { id } }`,
      { input: { name: `Late ${Date.now()}-${Math.random()}`, startDate: '2026-01-01', endDate: '2026-12-31', status: 'ACTIVE' } },
      admin,
    );
    const cohortId: string = cohort.createCohort.id;
    const module = await ok(
      t.http,
      `mutation ($input: CreateCourseModuleInput!) { createCourseModule(input: $input) { id } }`,
      { input: { cohortId, title: 'Verleden', opensAt: '2026-01-05T00:00:00Z', closesAt: '2026-12-01T00:00:00Z' } },
      admin,
    );
    const assignment = await ok(
      t.http,
      `mutation ($input: CreateAssignmentInput!) { createAssignment(input: $input) { id } }`,
      {
        input: {
          moduleId: module.createCourseModule.id,
          title: 'Te laat',
          dueAt: '2026-02-01T00:00:00Z',
          reviewDueAt: '2026-02-10T00:00:00Z',
          allowLateSubmissions,
          rubric: [{ title: 'Volledigheid' }],
        },
      },
      admin,
    );
    const participant = await createPerson(t.http, admin);
    await enrol(t.http, admin, cohortId, participant.id, 'PARTICIPANT');
    return { cohortId, assignmentId: assignment.createAssignment.id as string, participant };
  }

  const submit = (token: string, assignmentId: string, body = '# Mijn werk', attachmentIds?: string[]) =>
    ok(t.http, SUBMIT, { input: { assignmentId, body, ...(attachmentIds ? { attachmentIds } : {}) } }, token);

  async function pairReviewer(s: Setting, reviewer: PersonFixture, author: PersonFixture, submissionId: string, status = PeerReviewStatus.ASSIGNED) {
    await t.dataSource.getRepository(PeerReviewEntity).save({
      assignmentId: s.assignmentId,
      reviewerId: reviewer.id,
      authorId: author.id,
      submissionId,
      status,
    });
  }

  describe('submitAssignment', () => {
    it('stores version 1 with the body, on time, and shows the author to themself', async () => {
      const s = await setting();
      const data = await submit(s.alice.token, s.assignmentId, '# Basisregistraties in Amsterdam');
      expect(data.submitAssignment).toMatchObject({
        assignmentId: s.assignmentId,
        version: 1,
        body: '# Basisregistraties in Amsterdam',
        isLate: false,
        isCurrent: true,
        attachments: [],
        feedback: [],
        author: { hidden: false, name: 'Alice Auteur', municipality: { code: 'GM0363' }, businessDomain: { code: 'IA' } },
      });
      expect(new Date(data.submitAssignment.submittedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
      const audit = await t.dataSource.query(`SELECT action FROM audit_log WHERE subject_id = '${data.submitAssignment.id}'`);
      expect(audit).toEqual([{ action: 'submission.created' }]);
    });

    it('resubmitting adds version 2 and keeps version 1', async () => {
      const s = await setting();
      const first = (await submit(s.alice.token, s.assignmentId, 'eerste')).submitAssignment;
      const second = (await submit(s.alice.token, s.assignmentId, 'tweede')).submitAssignment;
      expect(second).toMatchObject({ version: 2, body: 'tweede', isCurrent: true });
      const mine = await ok(t.http, MINE, { assignmentId: s.assignmentId }, s.alice.token);
      expect(mine.mySubmissions.map((x: { version: number; body: string; isCurrent: boolean }) => [x.version, x.body, x.isCurrent])).toEqual([
        [2, 'tweede', true],
        [1, 'eerste', false],
      ]);
      const old = await ok(t.http, ONE, { id: first.id }, s.alice.token);
      expect(old.submission).toMatchObject({ version: 1, body: 'eerste', isCurrent: false });
      // Bob's versions are counted on their own.
      expect((await submit(s.bob.token, s.assignmentId)).submitAssignment.version).toBe(1);
    });

    it('accepts a late submission and flags it when the assignment allows it', async () => {
      const { assignmentId, participant } = await lateSetting(true);
      const data = await submit(participant.token, assignmentId);
      expect(data.submitAssignment).toMatchObject({ version: 1, isLate: true });
    });

    it('refuses a late submission when the assignment does not allow it, writing nothing', async () => {
      const { assignmentId, participant } = await lateSetting(false);
      const error = await rejects(t, SUBMIT, { input: { assignmentId, body: 'te laat' } }, participant.token, 'BAD_USER_INPUT', 'input.assignmentId');
      expect(error.message).toContain('the due date (2026-02-01T00:00:00.000Z) has passed and this assignment accepts no late submissions');
    });

    it('refuses coaches, admins, participants of other cohorts and anonymous callers, writing nothing', async () => {
      const s = await setting();
      const other = await setting();
      const input = { input: { assignmentId: s.assignmentId, body: 'x' } };
      await rejects(t, SUBMIT, input, s.coach.token, 'FORBIDDEN');
      await rejects(t, SUBMIT, input, admin, 'FORBIDDEN');
      await rejects(t, SUBMIT, input, other.alice.token, 'FORBIDDEN');
      await rejects(t, SUBMIT, input, undefined, 'UNAUTHENTICATED');
    });

    it('refuses a closed cohort and an archived assignment', async () => {
      const s = await setting();
      const input = { input: { assignmentId: s.assignmentId, body: 'x' } };
      await ok(t.http, `mutation ($id: ID!) { archiveAssignment(id: $id) { id } }`, { id: s.assignmentId }, admin);
      await rejects(t, SUBMIT, input, s.alice.token, 'NOT_FOUND', 'input.assignmentId');
      const closed = await setting();
      await ok(t.http, `mutation ($id: ID!, $input: UpdateCohortInput!) { updateCohort(id: $id, input: $input) { id } }`, { id: closed.cohortId, input: { status: 'CLOSED' } }, admin);
      const error = await rejects(t, SUBMIT, { input: { assignmentId: closed.assignmentId, body: 'x' } }, closed.alice.token, 'BAD_USER_INPUT', 'input.assignmentId');
      expect(error.message).toContain('closed');
    });

    it('validates the body and the attachment list', async () => {
      const s = await setting();
      await rejects(t, SUBMIT, { input: { assignmentId: s.assignmentId, body: '' } }, s.alice.token, 'BAD_USER_INPUT', 'input.body');
      await rejects(t, SUBMIT, { input: { assignmentId: s.assignmentId, body: '   ' } }, s.alice.token, 'BAD_USER_INPUT', 'input.body');
      await rejects(t, SUBMIT, { input: { assignmentId: s.assignmentId, body: 'x'.repeat(100_001) } }, s.alice.token, 'BAD_USER_INPUT', 'input.body');
      await rejects(t, SUBMIT, { input: { assignmentId: s.assignmentId, body: 'x', attachmentIds: ['nope'] } }, s.alice.token, 'BAD_USER_INPUT', 'input.attachmentIds');
      const eleven = Array.from({ length: 11 }, (_, i) => `00000000-0000-4000-8000-0000000000${String(i).padStart(2, '0')}`);
      await rejects(t, SUBMIT, { input: { assignmentId: s.assignmentId, body: 'x', attachmentIds: eleven } }, s.alice.token, 'BAD_USER_INPUT', 'input.attachmentIds');
      await rejects(
        t,
        SUBMIT,
        { input: { assignmentId: s.assignmentId, body: 'x', attachmentIds: ['00000000-0000-4000-8000-000000000000'] } },
        s.alice.token,
        'BAD_USER_INPUT',
        'input.attachmentIds.0',
      );
      expect((await submit(s.alice.token, s.assignmentId, 'x'.repeat(100_000))).submitAssignment.version).toBe(1);
    });

    it('maps two submissions at the same moment to versions 1 and 2, or to CONFLICT for the loser', async () => {
      const s = await setting();
      const results = await Promise.all(
        [0, 1, 2].map((i) => gql(t.http, SUBMIT, { input: { assignmentId: s.assignmentId, body: `parallel ${i}` } }, s.alice.token)),
      );
      const versions = results.filter((r) => !r.errors).map((r) => r.data!.submitAssignment.version).sort();
      // SQLite queues transactions, so all three succeed there; PostgreSQL lets the unique constraint decide.
      for (const r of results.filter((r) => r.errors)) {
        expectError(r.errors![0], 'CONFLICT', 'input.assignmentId');
        expect(r.errors![0].message).toBe('submitted twice at once, try again');
      }
      expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1));
      const rows = await t.dataSource.query(`SELECT version FROM submissions WHERE assignment_id = '${s.assignmentId}' ORDER BY version`);
      expect(rows.map((row: { version: number }) => Number(row.version))).toEqual(versions);
    });
  });

  describe('reading', () => {
    it('a participant sees only their own work: mySubmissions is per person and B cannot read A by id', async () => {
      const s = await setting();
      const a = (await submit(s.alice.token, s.assignmentId, 'van Alice')).submitAssignment;
      expect((await ok(t.http, MINE, { assignmentId: s.assignmentId }, s.bob.token)).mySubmissions).toEqual([]);
      expectError(await fails(t.http, ONE, { id: a.id }, s.bob.token), 'FORBIDDEN');
      const other = await setting();
      expectError(await fails(t.http, ONE, { id: a.id }, other.alice.token), 'FORBIDDEN');
      expectError(await fails(t.http, MINE, { assignmentId: s.assignmentId }, other.alice.token), 'FORBIDDEN');
      expectError(await fails(t.http, ONE, { id: '00000000-0000-4000-8000-000000000000' }, s.alice.token), 'NOT_FOUND');
      expectError(await fails(t.http, LIST, { assignmentId: s.assignmentId }, s.alice.token), 'FORBIDDEN');
      expectError(await fails(t.http, LIST, { assignmentId: s.assignmentId }, other.coach.token), 'FORBIDDEN');
    });

    it('coaches and admins see every submission with the author, and the current versions as a connection', async () => {
      const s = await setting();
      const a1 = (await submit(s.alice.token, s.assignmentId, 'a1')).submitAssignment;
      const a2 = (await submit(s.alice.token, s.assignmentId, 'a2')).submitAssignment;
      const b1 = (await submit(s.bob.token, s.assignmentId, 'b1')).submitAssignment;
      for (const token of [s.coach.token, admin]) {
        const one = await ok(t.http, ONE, { id: a1.id }, token);
        expect(one.submission).toMatchObject({ version: 1, isCurrent: false, author: { hidden: false, name: 'Alice Auteur' } });
        const page1 = await ok(t.http, LIST, { assignmentId: s.assignmentId, first: 1 }, token);
        expect(page1.submissions.totalCount).toBe(2);
        expect(page1.submissions.pageInfo.hasNextPage).toBe(true);
        const page2 = await ok(t.http, LIST, { assignmentId: s.assignmentId, first: 1, after: page1.submissions.pageInfo.endCursor }, token);
        expect(page2.submissions.pageInfo.hasNextPage).toBe(false);
        const nodes = [...page1.submissions.edges, ...page2.submissions.edges].map((edge: { node: { id: string; isCurrent: boolean } }) => edge.node);
        expect(nodes.map((node) => node.id).sort()).toEqual([a2.id, b1.id].sort());
        expect(nodes.every((node) => node.isCurrent)).toBe(true);
      }
    });

    it('answers the list with nested authors, attachments and feedback in the same number of statements for 1 or 4 authors', async () => {
      const LIST_DEEP = `query ($assignmentId: ID!) {
        submissions(assignmentId: $assignmentId) { edges { node { ${FIELDS} } } }
      }`;
      async function assignmentWith(authors: number): Promise<Setting> {
        const s = await setting();
        const people = [s.alice, s.bob];
        for (let i = 2; i < authors; i += 1) {
          const person = await createPerson(t.http, admin, { municipalityCode: 'GM0599', businessDomainCode: 'IA' });
          await enrol(t.http, admin, s.cohortId, person.id, 'PARTICIPANT');
          people.push(person);
        }
        for (const person of people.slice(0, authors)) {
          const submitted = (await submit(person.token, s.assignmentId)).submitAssignment;
          await ok(t.http, FEEDBACK, { submissionId: submitted.id, body: 'ok' }, s.coach.token);
        }
        return s;
      }
      const small = await assignmentWith(1);
      const large = await assignmentWith(4);
      const run = (s: Setting) => countStatements(t.dataSource, () => ok(t.http, LIST_DEEP, { assignmentId: s.assignmentId }, s.coach.token));
      await run(small);
      const [few, many] = [await run(small), await run(large)];
      expect(many.count).toBe(few.count);
      const data = await ok(t.http, LIST_DEEP, { assignmentId: large.assignmentId }, large.coach.token);
      expect(data.submissions.edges).toHaveLength(4);
      expect(data.submissions.edges.every((edge: { node: { feedback: unknown[]; author: { hidden: boolean } } }) => edge.node.feedback.length === 1 && !edge.node.author.hidden)).toBe(true);
    });

    it.each([
      ['DOUBLE_BLIND', true, { hidden: true, name: null, municipality: { code: 'GM0363' }, businessDomain: { code: 'IA' } }],
      ['DOUBLE_BLIND', false, { hidden: true, name: null, municipality: null, businessDomain: null }],
      ['SINGLE_BLIND', true, { hidden: false, name: 'Alice Auteur', municipality: { code: 'GM0363' }, businessDomain: { code: 'IA' } }],
      ['OPEN', false, { hidden: false, name: 'Alice Auteur', municipality: { code: 'GM0363' }, businessDomain: { code: 'IA' } }],
    ])('a reviewer paired with a version reads exactly that version; under %s (affiliation %s) the author is %j', async (anonymity, showHiddenAffiliation, author) => {
      const s = await setting();
      await ok(t.http, UPDATE_ASSIGNMENT, { id: s.assignmentId, input: { anonymity, showHiddenAffiliation } }, admin);
      const v1 = (await submit(s.alice.token, s.assignmentId, 'versie 1')).submitAssignment;
      await ok(t.http, FEEDBACK, { submissionId: v1.id, body: 'Goed begin' }, s.coach.token);
      await pairReviewer(s, s.bob, s.alice, v1.id);
      // A resubmission after pairing does not change what the reviewer sees.
      const v2 = (await submit(s.alice.token, s.assignmentId, 'versie 2')).submitAssignment;

      const response = await ok(t.http, ONE, { id: v1.id }, s.bob.token);
      expect(response.submission).toMatchObject({ id: v1.id, body: 'versie 1', version: 1, isCurrent: false, feedback: [], author });
      if (author.hidden) {
        const json = JSON.stringify(response);
        expect(json).not.toContain(s.alice.id);
        expect(json).not.toContain(s.alice.email);
        expect(json).not.toContain('Alice');
      }
      expectError(await fails(t.http, ONE, { id: v2.id }, s.bob.token), 'FORBIDDEN');
      expect((await ok(t.http, MINE, { assignmentId: s.assignmentId }, s.bob.token)).mySubmissions).toEqual([]);
    });

    it('a REMOVED pair no longer grants access', async () => {
      const s = await setting();
      const v1 = (await submit(s.alice.token, s.assignmentId)).submitAssignment;
      await pairReviewer(s, s.bob, s.alice, v1.id, PeerReviewStatus.REMOVED);
      expectError(await fails(t.http, ONE, { id: v1.id }, s.bob.token), 'FORBIDDEN');
    });
  });

  describe('addSubmissionFeedback', () => {
    it('coaches and admins add feedback the author sees', async () => {
      const s = await setting();
      const a = (await submit(s.alice.token, s.assignmentId)).submitAssignment;
      const given = await ok(t.http, FEEDBACK, { submissionId: a.id, body: '**Sterk** stuk' }, s.coach.token);
      expect(given.addSubmissionFeedback).toMatchObject({ body: '**Sterk** stuk', coach: { name: 'Coach Carla' } });
      await ok(t.http, FEEDBACK, { submissionId: a.id, body: 'Nog een punt' }, admin);
      const seen = await ok(t.http, ONE, { id: a.id }, s.alice.token);
      // created_at has whole seconds on SQLite, so two entries of one second have no fixed order.
      expect(seen.submission.feedback.map((f: { body: string }) => f.body).sort()).toEqual(['**Sterk** stuk', 'Nog een punt']);
      const mine = await ok(t.http, MINE, { assignmentId: s.assignmentId }, s.alice.token);
      expect(mine.mySubmissions[0].feedback).toHaveLength(2);
      const coachView = await ok(t.http, ONE, { id: a.id }, s.coach.token);
      expect(coachView.submission.feedback).toHaveLength(2);
    });

    it('refuses participants, the author, coaches of other cohorts and empty bodies, writing nothing', async () => {
      const s = await setting();
      const other = await setting();
      const a = (await submit(s.alice.token, s.assignmentId)).submitAssignment;
      await rejects(t, FEEDBACK, { submissionId: a.id, body: 'x' }, s.alice.token, 'FORBIDDEN');
      await rejects(t, FEEDBACK, { submissionId: a.id, body: 'x' }, s.bob.token, 'FORBIDDEN');
      await rejects(t, FEEDBACK, { submissionId: a.id, body: 'x' }, other.coach.token, 'FORBIDDEN');
      await rejects(t, FEEDBACK, { submissionId: a.id, body: '' }, s.coach.token, 'BAD_USER_INPUT', 'body');
      await rejects(t, FEEDBACK, { submissionId: a.id, body: '  ' }, s.coach.token, 'BAD_USER_INPUT', 'body');
      await rejects(t, FEEDBACK, { submissionId: '00000000-0000-4000-8000-000000000000', body: 'x' }, s.coach.token, 'NOT_FOUND', 'submissionId');
      const rows = await t.dataSource.query(`SELECT id FROM submission_feedback WHERE submission_id = '${a.id}'`);
      expect(rows).toEqual([]);
    });
  });
});
