import { randomUUID } from 'node:crypto';
import { createAssignment, createCohort, createModule, createPerson, enrol, expectError, PersonFixture, rejects, unique } from './support/fixtures';
import { fails, loginAdmin, ok, startTestApp, TestApp } from './support/test-app';

const MODULE_FIELDS = 'id cohortId position title description opensAt closesAt archivedAt';
const CREATE = `mutation ($input: CreateCourseModuleInput!) { createCourseModule(input: $input) { ${MODULE_FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateCourseModuleInput!) { updateCourseModule(id: $id, input: $input) { ${MODULE_FIELDS} } }`;
const ARCHIVE = `mutation ($id: ID!) { archiveCourseModule(id: $id) { id archivedAt } }`;
const MODULE = `query ($id: ID!) { courseModule(id: $id) { ${MODULE_FIELDS} cohort { id } assignments { id title } } }`;
const MODULES = `query ($cohortId: ID!, $includeArchived: Boolean, $first: Int, $after: String) {
  courseModules(cohortId: $cohortId, includeArchived: $includeArchived, first: $first, after: $after) {
    totalCount
    edges { node { id position title archivedAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const COHORT_MODULES = `query ($id: ID!) { cohort(id: $id) { modules { id } } }`;

/** Cohort 2027-01-01 to 2027-12-31, as made by createCohort. */
const WINDOW = { opensAt: '2027-04-01T00:00:00.000Z', closesAt: '2027-05-31T22:00:00.000Z' };

describe('course modules', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAdmin(t.http);
  });
  afterAll(() => t.close());

  /** An ACTIVE cohort (with createCohort's module, assignment and dates) and a coach and a participant. */
  async function setting(): Promise<{ cohortId: string; moduleId: string; assignmentId: string; coach: PersonFixture; participant: PersonFixture }> {
    const cohort = await createCohort(t.http, admin);
    const [coach, participant] = [await createPerson(t.http, admin), await createPerson(t.http, admin)];
    await enrol(t.http, admin, cohort.cohortId, coach.id, 'COACH');
    await enrol(t.http, admin, cohort.cohortId, participant.id, 'PARTICIPANT');
    return { ...cohort, coach, participant };
  }

  describe('createCourseModule', () => {
    it('appends modules in order unless a position is given', async () => {
      const { cohortId } = await setting();
      const second = await ok(t.http, CREATE, { input: { cohortId, title: '  Tweede  ', ...WINDOW } }, admin);
      expect(second.createCourseModule).toMatchObject({ cohortId, position: 1, title: 'Tweede', description: '', ...WINDOW, archivedAt: null });
      const placed = await ok(t.http, CREATE, { input: { cohortId, title: 'Vijfde', description: 'Uitleg', position: 5, ...WINDOW } }, admin);
      expect(placed.createCourseModule).toMatchObject({ position: 5, description: 'Uitleg' });
      const next = await ok(t.http, CREATE, { input: { cohortId, title: 'Zesde', ...WINDOW } }, admin);
      expect(next.createCourseModule.position).toBe(6);
    });

    it('accepts a window that spans the whole cohort, first to last day', async () => {
      const { cohortId } = await setting();
      const data = await ok(t.http, CREATE, { input: { cohortId, title: 'Heel jaar', opensAt: '2027-01-01T00:00:00.000Z', closesAt: '2028-01-01T00:00:00.000Z' } }, admin);
      expect(data.createCourseModule.closesAt).toBe('2028-01-01T00:00:00.000Z');
    });

    it("lets the cohort's coach create modules", async () => {
      const { cohortId, coach } = await setting();
      const data = await ok(t.http, CREATE, { input: { cohortId, title: 'Door coach', ...WINDOW } }, coach.token);
      expect(data.createCourseModule.cohortId).toBe(cohortId);
    });

    it('refuses a window that closes before or when it opens, writing nothing', async () => {
      const { cohortId } = await setting();
      const base = { cohortId, title: 'Fout' };
      await rejects(t, CREATE, { input: { ...base, opensAt: WINDOW.closesAt, closesAt: WINDOW.opensAt } }, admin, 'BAD_USER_INPUT', 'input.closesAt');
      await rejects(t, CREATE, { input: { ...base, opensAt: WINDOW.opensAt, closesAt: WINDOW.opensAt } }, admin, 'BAD_USER_INPUT', 'input.closesAt');
    });

    it('refuses a window outside the cohort dates, writing nothing', async () => {
      const { cohortId } = await setting();
      const base = { cohortId, title: 'Fout' };
      const early = await rejects(
        t,
        CREATE,
        { input: { ...base, opensAt: '2026-12-31T23:59:59.000Z', closesAt: WINDOW.closesAt } },
        admin,
        'BAD_USER_INPUT',
        'input.opensAt',
      );
      expect(early.message).toContain('2027-01-01');
      await rejects(t, CREATE, { input: { ...base, opensAt: WINDOW.opensAt, closesAt: '2028-01-01T00:00:01.000Z' } }, admin, 'BAD_USER_INPUT', 'input.closesAt');
      await rejects(t, CREATE, { input: { ...base, opensAt: '2029-01-01T00:00:00Z', closesAt: '2029-02-01T00:00:00Z' } }, admin, 'BAD_USER_INPUT', 'input.closesAt');
    });

    it('refuses malformed input, writing nothing', async () => {
      const { cohortId } = await setting();
      await rejects(t, CREATE, { input: { cohortId, title: '', ...WINDOW } }, admin, 'BAD_USER_INPUT', 'input.title');
      await rejects(t, CREATE, { input: { cohortId, title: 'X', position: -1, ...WINDOW } }, admin, 'BAD_USER_INPUT', 'input.position');
      await rejects(t, CREATE, { input: { cohortId: 'not-a-uuid', title: 'X', ...WINDOW } }, admin, 'BAD_USER_INPUT', 'input.cohortId');
      const error = await rejects(t, CREATE, { input: { cohortId, title: 'X', opensAt: 'next tuesday', closesAt: WINDOW.closesAt } }, admin, 'BAD_USER_INPUT');
      expect(error.message).toContain('opensAt');
    });

    it('answers NOT_FOUND for an unknown cohort and FORBIDDEN for participants, writing nothing', async () => {
      const { participant, cohortId } = await setting();
      await rejects(t, CREATE, { input: { cohortId: randomUUID(), title: 'X', ...WINDOW } }, admin, 'NOT_FOUND', 'input.cohortId');
      await rejects(t, CREATE, { input: { cohortId, title: 'X', ...WINDOW } }, participant.token, 'FORBIDDEN');
      await rejects(t, CREATE, { input: { cohortId, title: 'X', ...WINDOW } }, undefined, 'UNAUTHENTICATED');
    });
  });

  describe('courseModules and courseModule', () => {
    it('lists live modules in course order; archived ones only on request', async () => {
      const { cohortId, moduleId, participant } = await setting();
      const later = await createModule(t.http, admin, cohortId, { ...WINDOW, position: 3 });
      const earlier = await createModule(t.http, admin, cohortId, { ...WINDOW, position: 1 });
      await ok(t.http, ARCHIVE, { id: earlier }, admin);
      const live = await ok(t.http, MODULES, { cohortId }, participant.token);
      expect(live.courseModules.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([moduleId, later]);
      const all = await ok(t.http, MODULES, { cohortId, includeArchived: true }, admin);
      expect(all.courseModules.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([moduleId, earlier, later]);
      expectError(await fails(t.http, MODULES, { cohortId, includeArchived: true }, participant.token), 'FORBIDDEN');
    });

    it('pages through the modules', async () => {
      const { cohortId, moduleId } = await setting();
      const more = [];
      for (let i = 0; i < 4; i += 1) more.push(await createModule(t.http, admin, cohortId, WINDOW));
      const first = await ok(t.http, MODULES, { cohortId, first: 3 }, admin);
      expect(first.courseModules.totalCount).toBe(5);
      expect(first.courseModules.pageInfo.hasNextPage).toBe(true);
      const rest = await ok(t.http, MODULES, { cohortId, first: 3, after: first.courseModules.pageInfo.endCursor }, admin);
      expect(rest.courseModules.pageInfo.hasNextPage).toBe(false);
      const ids = [...first.courseModules.edges, ...rest.courseModules.edges].map((edge: { node: { id: string } }) => edge.node.id);
      expect(ids).toEqual([moduleId, ...more]);
    });

    it('returns one module with its cohort and assignments', async () => {
      const { cohortId, moduleId, assignmentId, participant } = await setting();
      const data = await ok(t.http, MODULE, { id: moduleId }, participant.token);
      expect(data.courseModule).toMatchObject({ id: moduleId, cohortId, position: 0, title: 'Basisregistraties', cohort: { id: cohortId } });
      expect(data.courseModule.assignments.map((assignment: { id: string }) => assignment.id)).toEqual([assignmentId]);
    });

    it('hides an archived module from participants but not from coaches', async () => {
      const { moduleId, participant, coach } = await setting();
      await ok(t.http, ARCHIVE, { id: moduleId }, admin);
      expectError(await fails(t.http, MODULE, { id: moduleId }, participant.token), 'NOT_FOUND', 'id');
      expect((await ok(t.http, MODULE, { id: moduleId }, coach.token)).courseModule.archivedAt).toEqual(expect.any(String));
    });

    it('refuses outsiders, unknown ids and bad arguments', async () => {
      const { cohortId, moduleId } = await setting();
      const stranger = await createPerson(t.http, admin);
      expectError(await fails(t.http, MODULES, { cohortId }, stranger.token), 'FORBIDDEN');
      expectError(await fails(t.http, MODULE, { id: moduleId }, stranger.token), 'FORBIDDEN');
      expectError(await fails(t.http, MODULE, { id: randomUUID() }, admin), 'NOT_FOUND', 'id');
      expectError(await fails(t.http, MODULES, { cohortId: randomUUID() }, admin), 'NOT_FOUND', 'cohortId');
      expectError(await fails(t.http, MODULES, { cohortId: 'nope' }, admin), 'BAD_USER_INPUT', 'cohortId');
      expectError(await fails(t.http, MODULES, { cohortId, first: 101 }, admin), 'BAD_USER_INPUT', 'first');
    });
  });

  describe('updateCourseModule', () => {
    it('changes the fields it is given', async () => {
      const { moduleId, coach } = await setting();
      const title = unique('Nieuw');
      const data = await ok(
        t.http,
        UPDATE,
        { id: moduleId, input: { title: ` ${title} `, description: 'Nu met uitleg', position: 4, opensAt: '2027-01-15T00:00:00.000Z' } },
        coach.token,
      );
      expect(data.updateCourseModule).toMatchObject({ title, description: 'Nu met uitleg', position: 4, opensAt: '2027-01-15T00:00:00.000Z', closesAt: '2027-03-31T23:00:00.000Z' });
    });

    it("refuses a window that would leave an assignment's due date outside it, writing nothing", async () => {
      // createCohort's assignment is due 2027-02-15T17:00Z.
      const { moduleId } = await setting();
      const late = await rejects(t, UPDATE, { id: moduleId, input: { opensAt: '2027-02-16T00:00:00Z' } }, admin, 'BAD_USER_INPUT', 'input.opensAt');
      expect(late.message).toContain('Stelsel van basisregistraties');
      await rejects(t, UPDATE, { id: moduleId, input: { closesAt: '2027-02-15T16:59:59Z' } }, admin, 'BAD_USER_INPUT', 'input.closesAt');
      const data = await ok(t.http, UPDATE, { id: moduleId, input: { opensAt: '2027-02-15T17:00:00Z', closesAt: '2027-02-15T18:00:00Z' } }, admin);
      expect(data.updateCourseModule).toMatchObject({ opensAt: '2027-02-15T17:00:00.000Z', closesAt: '2027-02-15T18:00:00.000Z' });
    });

    it('ignores archived assignments when checking the window', async () => {
      const { cohortId } = await setting();
      const moduleId = await createModule(t.http, admin, cohortId, WINDOW);
      const assignmentId = await createAssignment(t.http, admin, moduleId, { dueAt: '2027-04-10T12:00:00Z', reviewDueAt: '2027-04-20T12:00:00Z' });
      await rejects(t, UPDATE, { id: moduleId, input: { opensAt: '2027-05-01T00:00:00Z' } }, admin, 'BAD_USER_INPUT', 'input.opensAt');
      await ok(t.http, `mutation ($id: ID!) { archiveAssignment(id: $id) { id } }`, { id: assignmentId }, admin);
      await ok(t.http, UPDATE, { id: moduleId, input: { opensAt: '2027-05-01T00:00:00Z' } }, admin);
    });

    it('refuses a window that is inverted or outside the cohort, writing nothing', async () => {
      const { moduleId } = await setting();
      await rejects(t, UPDATE, { id: moduleId, input: { closesAt: '2027-01-31T00:00:00Z' } }, admin, 'BAD_USER_INPUT', 'input.closesAt');
      await rejects(t, UPDATE, { id: moduleId, input: { opensAt: '2026-12-01T00:00:00Z' } }, admin, 'BAD_USER_INPUT', 'input.opensAt');
      await rejects(t, UPDATE, { id: moduleId, input: { closesAt: '2028-01-02T00:00:00Z' } }, admin, 'BAD_USER_INPUT', 'input.closesAt');
    });

    it.each([
      ['a null opening time', { opensAt: null }, 'input.opensAt'],
      ['a null title', { title: null }, 'input.title'],
      ['an empty title', { title: '' }, 'input.title'],
      ['a negative position', { position: -1 }, 'input.position'],
      ['a null position', { position: null }, 'input.position'],
    ])('refuses %s, writing nothing', async (_label, input, field) => {
      const { moduleId } = await setting();
      await rejects(t, UPDATE, { id: moduleId, input }, admin, 'BAD_USER_INPUT', field);
    });

    it('answers NOT_FOUND for an unknown module and FORBIDDEN for participants, writing nothing', async () => {
      const { moduleId, participant } = await setting();
      await rejects(t, UPDATE, { id: randomUUID(), input: { title: 'X' } }, admin, 'NOT_FOUND', 'id');
      await rejects(t, UPDATE, { id: moduleId, input: { title: 'X' } }, participant.token, 'FORBIDDEN');
    });
  });

  describe('archiveCourseModule', () => {
    it('archives a module: gone from the cohort tree and the assignment lists', async () => {
      const { cohortId, moduleId, coach } = await setting();
      const data = await ok(t.http, ARCHIVE, { id: moduleId }, coach.token);
      expect(data.archiveCourseModule).toEqual({ id: moduleId, archivedAt: expect.any(String) });
      expect((await ok(t.http, COHORT_MODULES, { id: cohortId }, admin)).cohort.modules).toEqual([]);
      const assignments = await ok(t.http, `query ($cohortId: ID!) { assignments(cohortId: $cohortId) { totalCount } }`, { cohortId }, admin);
      expect(assignments.assignments.totalCount).toBe(0);
    });

    it('refuses a second archive, writing nothing', async () => {
      const { moduleId } = await setting();
      await ok(t.http, ARCHIVE, { id: moduleId }, admin);
      await rejects(t, ARCHIVE, { id: moduleId }, admin, 'BAD_USER_INPUT', 'id');
    });

    it('answers NOT_FOUND for an unknown module and FORBIDDEN for participants, writing nothing', async () => {
      const { moduleId, participant } = await setting();
      await rejects(t, ARCHIVE, { id: randomUUID() }, admin, 'NOT_FOUND', 'id');
      await rejects(t, ARCHIVE, { id: moduleId }, participant.token, 'FORBIDDEN');
    });
  });
});
