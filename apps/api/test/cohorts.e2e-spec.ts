import { randomUUID } from 'node:crypto';
import { createCohort, createModule, createPerson, enrol, expectError, rejects, unique } from './support/fixtures';
import { fails, loginAdmin, ok, startTestApp, TestApp } from './support/test-app';

const COHORT_FIELDS = 'id name description startDate endDate status archivedAt createdAt enrollmentCounts { participants coaches }';
const CREATE = `mutation ($input: CreateCohortInput!) { createCohort(input: $input) { ${COHORT_FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateCohortInput!) { updateCohort(id: $id, input: $input) { ${COHORT_FIELDS} } }`;
const ARCHIVE = `mutation ($id: ID!) { archiveCohort(id: $id) { id archivedAt } }`;
const COHORT = `query ($id: ID!) { cohort(id: $id) { ${COHORT_FIELDS} modules { id title } } }`;
const COHORTS = `query ($first: Int, $after: String, $status: CohortStatus, $includeArchived: Boolean) {
  cohorts(first: $first, after: $after, status: $status, includeArchived: $includeArchived) {
    totalCount
    edges { node { id name status startDate archivedAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface CohortNode {
  id: string;
  name: string;
  status: string;
  startDate: string;
  archivedAt: string | null;
}

describe('cohorts', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAdmin(t.http);
  });
  afterAll(() => t.close());

  const input = (overrides: Record<string, unknown> = {}) => ({ name: unique('Cohort'), startDate: '2027-01-01', endDate: '2027-12-31', ...overrides });
  const create = async (overrides: Record<string, unknown> = {}, token = admin) => (await ok(t.http, CREATE, { input: input(overrides) }, token)).createCohort;

  /** Every cohort the caller can list with these filters, through all pages. */
  async function listAll(token: string, filter: Record<string, unknown> = {}): Promise<CohortNode[]> {
    const nodes: CohortNode[] = [];
    let after: string | null = null;
    do {
      const data: { cohorts: { edges: { node: CohortNode }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } = await ok(
        t.http,
        COHORTS,
        { first: 7, after, ...filter },
        token,
      );
      nodes.push(...data.cohorts.edges.map((edge) => edge.node));
      after = data.cohorts.pageInfo.hasNextPage ? data.cohorts.pageInfo.endCursor : null;
    } while (after);
    return nodes;
  }

  describe('createCohort', () => {
    it('creates a draft cohort with defaults', async () => {
      const name = unique('Voorjaar');
      const cohort = await create({ name: `  ${name}  ` });
      expect(cohort).toMatchObject({
        name,
        description: '',
        startDate: '2027-01-01',
        endDate: '2027-12-31',
        status: 'DRAFT',
        archivedAt: null,
        enrollmentCounts: { participants: 0, coaches: 0 },
      });
      expect(new Date(cohort.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    });

    it('takes a status and description, and a one-day cohort', async () => {
      const cohort = await create({ status: 'ACTIVE', description: 'Leergang **NUP**', startDate: '2028-02-29', endDate: '2028-02-29' });
      expect(cohort).toMatchObject({ status: 'ACTIVE', description: 'Leergang **NUP**', startDate: '2028-02-29', endDate: '2028-02-29' });
    });

    it('refuses an end date before the start date, writing nothing', async () => {
      const error = await rejects(t, CREATE, { input: input({ startDate: '2027-06-01', endDate: '2027-05-31' }) }, admin, 'BAD_USER_INPUT', 'input.endDate');
      expect(error.message).toContain('2027-06-01');
    });

    it.each([
      ['2027-02-30', 'endDate'],
      ['2027-13-01', 'endDate'],
      ['2027-1-5', 'endDate'],
      ['31-12-2027', 'endDate'],
      ['2027-12-31T00:00:00Z', 'endDate'],
    ])('refuses the end date %p, writing nothing', async (endDate, field) => {
      await rejects(t, CREATE, { input: input({ endDate }) }, admin, 'BAD_USER_INPUT', `input.${field}`);
    });

    it('refuses 2027-02-30 as a start date (no such day), writing nothing', async () => {
      await rejects(t, CREATE, { input: input({ startDate: '2027-02-30' }) }, admin, 'BAD_USER_INPUT', 'input.startDate');
    });

    it('refuses a duplicate name, writing nothing', async () => {
      const cohort = await create();
      await rejects(t, CREATE, { input: input({ name: cohort.name }) }, admin, 'CONFLICT', 'input.name');
      await rejects(t, CREATE, { input: input({ name: ` ${cohort.name} ` }) }, admin, 'CONFLICT', 'input.name');
    });

    it('refuses an empty name or an unknown status, writing nothing', async () => {
      await rejects(t, CREATE, { input: input({ name: '' }) }, admin, 'BAD_USER_INPUT', 'input.name');
      const error = await rejects(t, CREATE, { input: input({ status: 'OPEN' }) }, admin, 'BAD_USER_INPUT');
      expect(error.message).toContain('status');
    });

    it('is for admins only, even coaches may not', async () => {
      const { cohortId } = await createCohort(t.http, admin);
      const coach = await createPerson(t.http, admin);
      await enrol(t.http, admin, cohortId, coach.id, 'COACH');
      await rejects(t, CREATE, { input: input() }, coach.token, 'FORBIDDEN');
      await rejects(t, CREATE, { input: input() }, undefined, 'UNAUTHENTICATED');
    });
  });

  describe('cohorts (list) and cohort(id)', () => {
    it('filters by status, newest start first', async () => {
      const draft = await create({ startDate: '2030-03-01', endDate: '2030-12-31' });
      const active = await create({ status: 'ACTIVE', startDate: '2030-05-01', endDate: '2030-12-31' });
      const closed = await create({ status: 'CLOSED', startDate: '2020-01-01', endDate: '2020-12-31' });
      const activeOnes = await listAll(admin, { status: 'ACTIVE' });
      expect(activeOnes.every((cohort) => cohort.status === 'ACTIVE')).toBe(true);
      expect(activeOnes.map((cohort) => cohort.id)).toContain(active.id);
      expect(activeOnes.map((cohort) => cohort.id)).not.toContain(draft.id);
      expect((await listAll(admin, { status: 'CLOSED' })).map((cohort) => cohort.id)).toContain(closed.id);
      const everything = await listAll(admin);
      const starts = everything.map((cohort) => cohort.startDate);
      expect(starts).toEqual([...starts].sort().reverse());
      expect(new Set(everything.map((cohort) => cohort.id)).size).toBe(everything.length);
      expect(everything.map((cohort) => cohort.id)).toEqual(expect.arrayContaining([draft.id, active.id, closed.id]));
    });

    it('hides archived cohorts unless includeArchived', async () => {
      const cohort = await create({ status: 'ACTIVE' });
      await ok(t.http, ARCHIVE, { id: cohort.id }, admin);
      expect((await listAll(admin)).map((node) => node.id)).not.toContain(cohort.id);
      expect((await listAll(admin, { status: 'ACTIVE' })).map((node) => node.id)).not.toContain(cohort.id);
      const withArchived = await listAll(admin, { includeArchived: true });
      expect(withArchived.find((node) => node.id === cohort.id)?.archivedAt).toEqual(expect.any(String));
    });

    it('shows participants their running cohorts and coaches their drafts too', async () => {
      const running = await createCohort(t.http, admin);
      const draft = await create();
      const other = await createCohort(t.http, admin);
      const participant = await createPerson(t.http, admin);
      const coach = await createPerson(t.http, admin);
      await enrol(t.http, admin, running.cohortId, participant.id, 'PARTICIPANT');
      await enrol(t.http, admin, draft.id, participant.id, 'PARTICIPANT');
      await enrol(t.http, admin, draft.id, coach.id, 'COACH');
      expect((await listAll(participant.token)).map((node) => node.id)).toEqual([running.cohortId]);
      expect((await listAll(coach.token)).map((node) => node.id)).toEqual([draft.id]);
      const stranger = await createPerson(t.http, admin);
      expect(await listAll(stranger.token)).toEqual([]);

      const seen = await ok(t.http, COHORT, { id: running.cohortId }, participant.token);
      expect(seen.cohort).toMatchObject({ id: running.cohortId, status: 'ACTIVE', enrollmentCounts: { participants: 1, coaches: 0 } });
      expect(seen.cohort.modules).toHaveLength(1);
      expectError(await fails(t.http, COHORT, { id: draft.id }, participant.token), 'FORBIDDEN');
      expectError(await fails(t.http, COHORT, { id: other.cohortId }, participant.token), 'FORBIDDEN');
      expect((await ok(t.http, COHORT, { id: draft.id }, coach.token)).cohort.enrollmentCounts).toEqual({ participants: 1, coaches: 1 });
    });

    it('answers a user error, never an internal one, for an id that is not an id', async () => {
      const error = await fails(t.http, COHORT, { id: "nope'; DROP TABLE cohorts; --" }, admin);
      expect(['BAD_USER_INPUT', 'NOT_FOUND']).toContain(error.extensions.code);
    });

    it('answers NOT_FOUND for an unknown cohort', async () => {
      expectError(await fails(t.http, COHORT, { id: randomUUID() }, admin), 'NOT_FOUND', 'id');
    });

    it('refuses bad list arguments and anonymous callers', async () => {
      expectError(await fails(t.http, COHORTS, { first: 0 }, admin), 'BAD_USER_INPUT', 'first');
      expectError(await fails(t.http, COHORTS, { after: '%%%' }, admin), 'BAD_USER_INPUT', 'after');
      expectError(await fails(t.http, COHORTS, {}), 'UNAUTHENTICATED');
      expectError(await fails(t.http, COHORT, { id: randomUUID() }), 'UNAUTHENTICATED');
    });
  });

  describe('updateCohort', () => {
    it('changes the fields it is given and keeps the others', async () => {
      const cohort = await create({ description: 'oud' });
      const name = unique('Hernoemd');
      const data = await ok(t.http, UPDATE, { id: cohort.id, input: { name: ` ${name} `, endDate: '2027-11-30', status: 'ACTIVE' } }, admin);
      expect(data.updateCohort).toMatchObject({ id: cohort.id, name, description: 'oud', startDate: '2027-01-01', endDate: '2027-11-30', status: 'ACTIVE' });
      const same = await ok(t.http, UPDATE, { id: cohort.id, input: { name, status: 'CLOSED' } }, admin);
      expect(same.updateCohort).toMatchObject({ name, status: 'CLOSED' });
    });

    it("lets the cohort's coach update it, not its participants", async () => {
      const { cohortId } = await createCohort(t.http, admin);
      const [coach, participant] = [await createPerson(t.http, admin), await createPerson(t.http, admin)];
      await enrol(t.http, admin, cohortId, coach.id, 'COACH');
      await enrol(t.http, admin, cohortId, participant.id, 'PARTICIPANT');
      const data = await ok(t.http, UPDATE, { id: cohortId, input: { description: 'door de coach' } }, coach.token);
      expect(data.updateCohort.description).toBe('door de coach');
      await rejects(t, UPDATE, { id: cohortId, input: { description: 'door een deelnemer' } }, participant.token, 'FORBIDDEN');
      const stranger = await createPerson(t.http, admin);
      await rejects(t, UPDATE, { id: cohortId, input: { description: 'x' } }, stranger.token, 'FORBIDDEN');
    });

    it('refuses an end date before the (stored) start date, writing nothing', async () => {
      const cohort = await create({ startDate: '2027-03-01', endDate: '2027-06-30' });
      await rejects(t, UPDATE, { id: cohort.id, input: { endDate: '2027-02-28' } }, admin, 'BAD_USER_INPUT', 'input.endDate');
      await rejects(t, UPDATE, { id: cohort.id, input: { startDate: '2027-07-01' } }, admin, 'BAD_USER_INPUT', 'input.endDate');
      await rejects(t, UPDATE, { id: cohort.id, input: { startDate: '2027-02-30' } }, admin, 'BAD_USER_INPUT', 'input.startDate');
    });

    it('refuses dates that would leave a module outside the cohort, writing nothing', async () => {
      const { cohortId } = await createCohort(t.http, admin);
      // createCohort's module runs from 1 February to 31 March 2027.
      await rejects(t, UPDATE, { id: cohortId, input: { startDate: '2027-02-02' } }, admin, 'BAD_USER_INPUT', 'input.startDate');
      await rejects(t, UPDATE, { id: cohortId, input: { endDate: '2027-03-30' } }, admin, 'BAD_USER_INPUT', 'input.endDate');
      const data = await ok(t.http, UPDATE, { id: cohortId, input: { startDate: '2027-02-01', endDate: '2027-03-31' } }, admin);
      expect(data.updateCohort).toMatchObject({ startDate: '2027-02-01', endDate: '2027-03-31' });
    });

    it('refuses going back to DRAFT once started, writing nothing', async () => {
      const cohort = await create({ status: 'ACTIVE' });
      await rejects(t, UPDATE, { id: cohort.id, input: { status: 'DRAFT' } }, admin, 'BAD_USER_INPUT', 'input.status');
    });

    it("refuses another cohort's name, writing nothing", async () => {
      const [a, b] = [await create(), await create()];
      await rejects(t, UPDATE, { id: a.id, input: { name: b.name } }, admin, 'CONFLICT', 'input.name');
    });

    it.each([
      ['a null name', { name: null }, 'input.name'],
      ['an empty name', { name: '' }, 'input.name'],
      ['a null start date', { startDate: null }, 'input.startDate'],
      ['a null status', { status: null }, 'input.status'],
    ])('refuses %s, writing nothing', async (_label, change, field) => {
      const cohort = await create();
      await rejects(t, UPDATE, { id: cohort.id, input: change }, admin, 'BAD_USER_INPUT', field);
    });

    it('answers NOT_FOUND for an unknown cohort, writing nothing', async () => {
      await rejects(t, UPDATE, { id: randomUUID(), input: { name: 'x' } }, admin, 'NOT_FOUND', 'id');
    });
  });

  describe('archiveCohort', () => {
    it('archives: hidden from lists, still readable by id', async () => {
      const cohort = await create();
      const data = await ok(t.http, ARCHIVE, { id: cohort.id }, admin);
      expect(data.archiveCohort.archivedAt).toEqual(expect.any(String));
      expect((await ok(t.http, COHORT, { id: cohort.id }, admin)).cohort.archivedAt).toBe(data.archiveCohort.archivedAt);
    });

    it('refuses a second archive, writing nothing', async () => {
      const cohort = await create();
      await ok(t.http, ARCHIVE, { id: cohort.id }, admin);
      await rejects(t, ARCHIVE, { id: cohort.id }, admin, 'BAD_USER_INPUT', 'id');
    });

    it('is for admins only, writing nothing', async () => {
      const { cohortId } = await createCohort(t.http, admin);
      const coach = await createPerson(t.http, admin);
      await enrol(t.http, admin, cohortId, coach.id, 'COACH');
      await rejects(t, ARCHIVE, { id: cohortId }, coach.token, 'FORBIDDEN');
      await rejects(t, ARCHIVE, { id: randomUUID() }, admin, 'NOT_FOUND', 'id');
    });
  });

  it('lists a new module in the cohort tree', async () => {
    const cohort = await create({ status: 'ACTIVE' });
    const moduleId = await createModule(t.http, admin, cohort.id, { title: 'Gegevenslandschap' });
    const data = await ok(t.http, COHORT, { id: cohort.id }, admin);
    expect(data.cohort.modules).toEqual([{ id: moduleId, title: 'Gegevenslandschap' }]);
  });
});
