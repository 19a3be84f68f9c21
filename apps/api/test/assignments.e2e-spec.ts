import { randomUUID } from 'node:crypto';
import { createAssignment, createCohort, createModule, createPerson, enrol, expectError, PersonFixture, rejects, unique } from './support/fixtures';
import { fails, loginAdmin, ok, startTestApp, TestApp } from './support/test-app';

const FIELDS = `id moduleId title instructions dueAt reviewDueAt reviewsPerSubmission anonymity showHiddenAffiliation allowLateSubmissions archivedAt
  rubric { id position title description minScore maxScore }`;
const CREATE = `mutation ($input: CreateAssignmentInput!) { createAssignment(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateAssignmentInput!) { updateAssignment(id: $id, input: $input) { ${FIELDS} } }`;
const ARCHIVE = `mutation ($id: ID!) { archiveAssignment(id: $id) { id archivedAt } }`;
const ASSIGNMENT = `query ($id: ID!) { assignment(id: $id) { ${FIELDS} module { id title } } }`;
const ASSIGNMENTS = `query ($cohortId: ID!, $moduleId: ID, $includeArchived: Boolean, $first: Int, $after: String) {
  assignments(cohortId: $cohortId, moduleId: $moduleId, includeArchived: $includeArchived, first: $first, after: $after) {
    totalCount
    edges { node { id dueAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** createCohort's module is open from 2027-02-01T00:00Z to 2027-03-31T23:00Z. */
const OPENS = '2027-02-01T00:00:00.000Z';
const CLOSES = '2027-03-31T23:00:00.000Z';

interface Setting {
  cohortId: string;
  moduleId: string;
  assignmentId: string;
  coach: PersonFixture;
  participant: PersonFixture;
}

describe('assignments', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAdmin(t.http);
  });
  afterAll(() => t.close());

  async function setting(): Promise<Setting> {
    const cohort = await createCohort(t.http, admin);
    const [coach, participant] = [await createPerson(t.http, admin), await createPerson(t.http, admin)];
    await enrol(t.http, admin, cohort.cohortId, coach.id, 'COACH');
    await enrol(t.http, admin, cohort.cohortId, participant.id, 'PARTICIPANT');
    return { ...cohort, coach, participant };
  }

  const input = (moduleId: string, overrides: Record<string, unknown> = {}) => ({
    moduleId,
    title: unique('Opdracht'),
    dueAt: '2027-03-01T17:00:00.000Z',
    reviewDueAt: '2027-03-08T17:00:00.000Z',
    rubric: [{ title: 'Volledigheid' }],
    ...overrides,
  });

  const ids = (data: { assignments: { edges: { node: { id: string } }[] } }) => data.assignments.edges.map((edge) => edge.node.id);

  describe('createAssignment', () => {
    it('creates an assignment with the documented defaults', async () => {
      const { moduleId } = await setting();
      const data = await ok(t.http, CREATE, { input: input(moduleId, { title: '  Zaakgericht werken  ' }) }, admin);
      expect(data.createAssignment).toMatchObject({
        moduleId,
        title: 'Zaakgericht werken',
        instructions: '',
        dueAt: '2027-03-01T17:00:00.000Z',
        reviewDueAt: '2027-03-08T17:00:00.000Z',
        reviewsPerSubmission: 2,
        anonymity: 'DOUBLE_BLIND',
        showHiddenAffiliation: true,
        allowLateSubmissions: true,
        archivedAt: null,
        rubric: [{ position: 0, title: 'Volledigheid', description: '', minScore: 1, maxScore: 5 }],
      });
    });

    it('stores every option and the rubric in order', async () => {
      const { moduleId, coach } = await setting();
      const rubric = [
        { title: 'Volledigheid', description: 'Alle onderdelen', minScore: 0, maxScore: 10 },
        { title: 'Onderbouwing', minScore: 1, maxScore: 4 },
        { title: 'Leesbaarheid', minScore: 1, maxScore: 2 },
      ];
      const data = await ok(
        t.http,
        CREATE,
        {
          input: input(moduleId, {
            instructions: '# Opdracht',
            reviewsPerSubmission: 10,
            anonymity: 'OPEN',
            showHiddenAffiliation: false,
            allowLateSubmissions: false,
            rubric,
          }),
        },
        coach.token,
      );
      expect(data.createAssignment).toMatchObject({ instructions: '# Opdracht', reviewsPerSubmission: 10, anonymity: 'OPEN', showHiddenAffiliation: false, allowLateSubmissions: false });
      expect(data.createAssignment.rubric).toEqual(rubric.map((criterion, position) => ({ id: expect.any(String), description: '', ...criterion, position })));
    });

    it('accepts due dates on the edges of the module window', async () => {
      const { moduleId } = await setting();
      await ok(t.http, CREATE, { input: input(moduleId, { dueAt: OPENS, reviewDueAt: '2027-02-01T00:00:00.001Z' }) }, admin);
      const last = await ok(t.http, CREATE, { input: input(moduleId, { dueAt: CLOSES, reviewDueAt: '2027-04-10T00:00:00Z', reviewsPerSubmission: 1 }) }, admin);
      expect(last.createAssignment).toMatchObject({ dueAt: CLOSES, reviewsPerSubmission: 1 });
    });

    it.each([
      ['before the module opens', '2027-01-31T23:59:59.999Z'],
      ['after the module closes', '2027-03-31T23:00:00.001Z'],
      ['outside the cohort', '2028-06-01T00:00:00Z'],
    ])('refuses a due date %s, writing nothing', async (_label, dueAt) => {
      const { moduleId } = await setting();
      const error = await rejects(t, CREATE, { input: input(moduleId, { dueAt, reviewDueAt: '2028-12-01T00:00:00Z' }) }, admin, 'BAD_USER_INPUT', 'input.dueAt');
      expect(error.message).toContain(OPENS);
    });

    it('refuses a review deadline that is not after the due date, writing nothing', async () => {
      const { moduleId } = await setting();
      await rejects(t, CREATE, { input: input(moduleId, { reviewDueAt: '2027-02-28T17:00:00Z' }) }, admin, 'BAD_USER_INPUT', 'input.reviewDueAt');
      await rejects(t, CREATE, { input: input(moduleId, { reviewDueAt: '2027-03-01T17:00:00Z' }) }, admin, 'BAD_USER_INPUT', 'input.reviewDueAt');
    });

    it.each([0, 11, -2])('refuses reviewsPerSubmission %d, writing nothing', async (reviewsPerSubmission) => {
      const { moduleId } = await setting();
      await rejects(t, CREATE, { input: input(moduleId, { reviewsPerSubmission }) }, admin, 'BAD_USER_INPUT', 'input.reviewsPerSubmission');
    });

    it.each([
      ['maxScore equal to minScore', [{ title: 'A', minScore: 3, maxScore: 3 }], 'input.rubric.0.maxScore'],
      ['maxScore below minScore', [{ title: 'A', minScore: 5, maxScore: 1 }], 'input.rubric.0.maxScore'],
      ['a bad second criterion', [{ title: 'A' }, { title: 'B', minScore: 4, maxScore: 2 }], 'input.rubric.1.maxScore'],
      ['maxScore above 100', [{ title: 'A', maxScore: 101 }], 'input.rubric.0.maxScore'],
      ['a negative minScore', [{ title: 'A', minScore: -1 }], 'input.rubric.0.minScore'],
      ['an untitled criterion', [{ title: '' }], 'input.rubric.0.title'],
      ['an empty rubric', [], 'input.rubric'],
      ['21 criteria', Array.from({ length: 21 }, (_, i) => ({ title: `C${i}` })), 'input.rubric'],
    ])('refuses a rubric with %s, writing nothing', async (_label, rubric, field) => {
      const { moduleId } = await setting();
      await rejects(t, CREATE, { input: input(moduleId, { rubric }) }, admin, 'BAD_USER_INPUT', field);
    });

    it('refuses other malformed input, writing nothing', async () => {
      const { moduleId } = await setting();
      await rejects(t, CREATE, { input: input(moduleId, { title: '' }) }, admin, 'BAD_USER_INPUT', 'input.title');
      await rejects(t, CREATE, { input: input('nope') }, admin, 'BAD_USER_INPUT', 'input.moduleId');
      const anonymity = await rejects(t, CREATE, { input: input(moduleId, { anonymity: 'HALF_BLIND' }) }, admin, 'BAD_USER_INPUT');
      expect(anonymity.message).toContain('anonymity');
    });

    it('refuses an archived module, writing nothing', async () => {
      const { moduleId } = await setting();
      await ok(t.http, `mutation ($id: ID!) { archiveCourseModule(id: $id) { id } }`, { id: moduleId }, admin);
      await rejects(t, CREATE, { input: input(moduleId) }, admin, 'BAD_USER_INPUT', 'input.moduleId');
    });

    it('answers NOT_FOUND for an unknown module and FORBIDDEN for participants, writing nothing', async () => {
      const { moduleId, participant } = await setting();
      await rejects(t, CREATE, { input: input(randomUUID()) }, admin, 'NOT_FOUND', 'input.moduleId');
      await rejects(t, CREATE, { input: input(moduleId) }, participant.token, 'FORBIDDEN');
      await rejects(t, CREATE, { input: input(moduleId) }, undefined, 'UNAUTHENTICATED');
    });
  });

  describe('assignments and assignment', () => {
    it("lists a cohort's assignments by due date, optionally of one module", async () => {
      const { cohortId, moduleId, assignmentId, participant } = await setting();
      const otherModule = await createModule(t.http, admin, cohortId, { opensAt: '2027-01-01T00:00:00Z', closesAt: '2027-06-30T00:00:00Z' });
      const early = await createAssignment(t.http, admin, otherModule, { dueAt: '2027-01-10T09:00:00Z', reviewDueAt: '2027-01-20T09:00:00Z' });
      const late = await createAssignment(t.http, admin, otherModule, { dueAt: '2027-06-01T09:00:00Z', reviewDueAt: '2027-06-20T09:00:00Z' });
      // Another cohort's assignment never shows.
      await createCohort(t.http, admin);
      expect(ids(await ok(t.http, ASSIGNMENTS, { cohortId }, participant.token))).toEqual([early, assignmentId, late]);
      expect(ids(await ok(t.http, ASSIGNMENTS, { cohortId, moduleId }, participant.token))).toEqual([assignmentId]);
      expect(ids(await ok(t.http, ASSIGNMENTS, { cohortId, moduleId: otherModule }, admin))).toEqual([early, late]);
      expect(ids(await ok(t.http, ASSIGNMENTS, { cohortId, moduleId: randomUUID() }, admin))).toEqual([]);
    });

    it('shows archived assignments only on request, and only to managers', async () => {
      const { cohortId, assignmentId, participant, coach } = await setting();
      await ok(t.http, ARCHIVE, { id: assignmentId }, admin);
      expect(ids(await ok(t.http, ASSIGNMENTS, { cohortId }, participant.token))).toEqual([]);
      expect(ids(await ok(t.http, ASSIGNMENTS, { cohortId, includeArchived: true }, coach.token))).toEqual([assignmentId]);
      expectError(await fails(t.http, ASSIGNMENTS, { cohortId, includeArchived: true }, participant.token), 'FORBIDDEN');
      expectError(await fails(t.http, ASSIGNMENT, { id: assignmentId }, participant.token), 'NOT_FOUND', 'id');
      expect((await ok(t.http, ASSIGNMENT, { id: assignmentId }, coach.token)).assignment.archivedAt).toEqual(expect.any(String));
    });

    it('returns one assignment with its rubric and module', async () => {
      const { moduleId, assignmentId, participant } = await setting();
      const data = await ok(t.http, ASSIGNMENT, { id: assignmentId }, participant.token);
      expect(data.assignment).toMatchObject({
        id: assignmentId,
        moduleId,
        title: 'Stelsel van basisregistraties in jouw gemeente',
        dueAt: '2027-02-15T17:00:00.000Z',
        reviewsPerSubmission: 2,
        module: { id: moduleId, title: 'Basisregistraties' },
        rubric: [{ id: expect.any(String), position: 0, title: 'Volledigheid', description: '', minScore: 1, maxScore: 5 }],
      });
    });

    it('refuses outsiders, unknown ids and bad arguments', async () => {
      const { cohortId, assignmentId } = await setting();
      const stranger = await createPerson(t.http, admin);
      expectError(await fails(t.http, ASSIGNMENTS, { cohortId }, stranger.token), 'FORBIDDEN');
      expectError(await fails(t.http, ASSIGNMENT, { id: assignmentId }, stranger.token), 'FORBIDDEN');
      expectError(await fails(t.http, ASSIGNMENT, { id: randomUUID() }, admin), 'NOT_FOUND', 'id');
      expectError(await fails(t.http, ASSIGNMENTS, { cohortId: randomUUID() }, admin), 'NOT_FOUND', 'cohortId');
      expectError(await fails(t.http, ASSIGNMENTS, { cohortId, moduleId: 'x' }, admin), 'BAD_USER_INPUT', 'moduleId');
      expectError(await fails(t.http, ASSIGNMENTS, { cohortId, first: 0 }, admin), 'BAD_USER_INPUT', 'first');
      expectError(await fails(t.http, ASSIGNMENT, { id: assignmentId }), 'UNAUTHENTICATED');
    });
  });

  describe('updateAssignment', () => {
    it('changes the fields it is given and keeps the rubric', async () => {
      const { assignmentId, coach } = await setting();
      const before = (await ok(t.http, ASSIGNMENT, { id: assignmentId }, admin)).assignment;
      const data = await ok(
        t.http,
        UPDATE,
        { id: assignmentId, input: { title: ' Herzien ', dueAt: '2027-03-31T23:00:00Z', reviewDueAt: '2027-04-07T23:00:00Z', anonymity: 'SINGLE_BLIND', reviewsPerSubmission: 3 } },
        coach.token,
      );
      expect(data.updateAssignment).toMatchObject({ title: 'Herzien', dueAt: CLOSES, reviewDueAt: '2027-04-07T23:00:00.000Z', anonymity: 'SINGLE_BLIND', reviewsPerSubmission: 3 });
      expect(data.updateAssignment.rubric).toEqual(before.rubric);
    });

    it('replaces the whole rubric', async () => {
      const { assignmentId } = await setting();
      const before = (await ok(t.http, ASSIGNMENT, { id: assignmentId }, admin)).assignment;
      const rubric = [
        { title: 'Inhoud', minScore: 1, maxScore: 10 },
        { title: 'Vorm', description: 'Opbouw en taal', minScore: 0, maxScore: 3 },
      ];
      const data = await ok(t.http, UPDATE, { id: assignmentId, input: { rubric } }, admin);
      expect(data.updateAssignment.rubric).toEqual([
        { id: expect.any(String), position: 0, title: 'Inhoud', description: '', minScore: 1, maxScore: 10 },
        { id: expect.any(String), position: 1, title: 'Vorm', description: 'Opbouw en taal', minScore: 0, maxScore: 3 },
      ]);
      expect(data.updateAssignment.rubric.map((criterion: { id: string }) => criterion.id)).not.toContain(before.rubric[0].id);
      const rows: unknown[] = await t.dataSource.query(`SELECT id FROM rubric_criteria WHERE assignment_id = '${assignmentId}'`);
      expect(rows).toHaveLength(2);
    });

    it('refuses a due date outside the module window or a review deadline before it, writing nothing', async () => {
      const { assignmentId } = await setting();
      await rejects(t, UPDATE, { id: assignmentId, input: { dueAt: '2027-04-01T00:00:00Z', reviewDueAt: '2027-04-10T00:00:00Z' } }, admin, 'BAD_USER_INPUT', 'input.dueAt');
      // The stored review deadline (2027-02-22) would come before a due date of 2027-03-01.
      await rejects(t, UPDATE, { id: assignmentId, input: { dueAt: '2027-03-01T00:00:00Z' } }, admin, 'BAD_USER_INPUT', 'input.reviewDueAt');
      await rejects(t, UPDATE, { id: assignmentId, input: { reviewDueAt: '2027-02-15T17:00:00Z' } }, admin, 'BAD_USER_INPUT', 'input.reviewDueAt');
    });

    it.each([
      ['an inverted criterion', { rubric: [{ title: 'A' }, { title: 'B', minScore: 5, maxScore: 5 }] }, 'input.rubric.1.maxScore'],
      ['an inverted criterion next to other changes', { title: 'Nieuw', rubric: [{ title: 'A', minScore: 9, maxScore: 2 }] }, 'input.rubric.0.maxScore'],
      ['an empty rubric', { rubric: [] }, 'input.rubric'],
      ['a null rubric', { rubric: null }, 'input.rubric'],
      ['reviewsPerSubmission 11', { reviewsPerSubmission: 11 }, 'input.reviewsPerSubmission'],
      ['reviewsPerSubmission 0', { reviewsPerSubmission: 0 }, 'input.reviewsPerSubmission'],
      ['a null due date', { dueAt: null }, 'input.dueAt'],
      ['a null title', { title: null }, 'input.title'],
      ['a null anonymity', { anonymity: null }, 'input.anonymity'],
      ['a null flag', { allowLateSubmissions: null }, 'input.allowLateSubmissions'],
    ])('refuses %s, writing nothing', async (_label, change, field) => {
      const { assignmentId } = await setting();
      await rejects(t, UPDATE, { id: assignmentId, input: change }, admin, 'BAD_USER_INPUT', field);
    });

    it('answers NOT_FOUND for an unknown assignment and FORBIDDEN for participants, writing nothing', async () => {
      const { assignmentId, participant } = await setting();
      await rejects(t, UPDATE, { id: randomUUID(), input: { title: 'X' } }, admin, 'NOT_FOUND', 'id');
      await rejects(t, UPDATE, { id: assignmentId, input: { title: 'X' } }, participant.token, 'FORBIDDEN');
    });
  });

  describe('archiveAssignment', () => {
    it("archives an assignment: gone from the module's live assignments", async () => {
      const { moduleId, assignmentId, coach } = await setting();
      const data = await ok(t.http, ARCHIVE, { id: assignmentId }, coach.token);
      expect(data.archiveAssignment).toEqual({ id: assignmentId, archivedAt: expect.any(String) });
      const module = await ok(t.http, `query ($id: ID!) { courseModule(id: $id) { assignments { id } } }`, { id: moduleId }, admin);
      expect(module.courseModule.assignments).toEqual([]);
    });

    it('refuses a second archive, writing nothing', async () => {
      const { assignmentId } = await setting();
      await ok(t.http, ARCHIVE, { id: assignmentId }, admin);
      await rejects(t, ARCHIVE, { id: assignmentId }, admin, 'BAD_USER_INPUT', 'id');
    });

    it('answers NOT_FOUND for an unknown assignment and FORBIDDEN for participants, writing nothing', async () => {
      const { assignmentId, participant } = await setting();
      await rejects(t, ARCHIVE, { id: randomUUID() }, admin, 'NOT_FOUND', 'id');
      await rejects(t, ARCHIVE, { id: assignmentId }, participant.token, 'FORBIDDEN');
    });
  });
});
