import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAssignment, createCohort, createModule, createPerson, enrol, expectError } from './support/fixtures';
import { fails, loginAdmin, ok, startTestApp, TestApp } from './support/test-app';

const MUNICIPALITIES = `query ($first: Int, $after: String, $search: String, $province: String) {
  municipalities(first: $first, after: $after, search: $search, province: $province) {
    totalCount
    edges { cursor node { code name } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const ASSIGNMENTS = `query ($cohortId: ID!, $moduleId: ID, $first: Int, $after: String) {
  assignments(cohortId: $cohortId, moduleId: $moduleId, first: $first, after: $after) {
    totalCount
    edges { cursor node { id dueAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Page<N> {
  totalCount: number;
  edges: { cursor: string; node: N }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('pagination', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAdmin(t.http);
  });
  afterAll(() => t.close());

  /** Follows endCursor until hasNextPage is false; returns every page. */
  async function walk<N>(query: string, field: string, variables: Record<string, unknown>, token = admin): Promise<Page<N>[]> {
    const pages: Page<N>[] = [];
    let after: string | null = null;
    for (;;) {
      const data: Record<string, Page<N>> = await ok(t.http, query, { ...variables, after }, token);
      const page = data[field];
      pages.push(page);
      if (!page.pageInfo.hasNextPage) return pages;
      expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1].cursor);
      after = page.pageInfo.endCursor;
      if (pages.length > 100) throw new Error('pagination does not end');
    }
  }

  describe('municipalities', () => {
    it('walks all 342 municipalities in name order, 50 at a time, without repeats', async () => {
      const pages = await walk<{ code: string; name: string }>(MUNICIPALITIES, 'municipalities', { first: 50 });
      expect(pages.map((page) => page.edges.length)).toEqual([50, 50, 50, 50, 50, 50, 42]);
      expect(pages.every((page) => page.totalCount === 342)).toBe(true);
      const codes = pages.flatMap((page) => page.edges.map((edge) => edge.node.code));
      expect(codes).toHaveLength(342);
      expect(new Set(codes).size).toBe(342);

      const reference = readFileSync(join(__dirname, '../../../data/reference/municipalities-nl.csv'), 'utf8');
      const referenceCodes = reference.split('\n').slice(1).map((line) => line.split(',')[0]).filter(Boolean);
      expect([...codes].sort()).toEqual([...referenceCodes].sort());

      // Name order as the database collates it (with the code as tie-breaker).
      const ordered: { code: string }[] = await t.dataSource.query('SELECT code FROM municipalities ORDER BY name, code');
      expect(codes).toEqual(ordered.map((row) => row.code));
      const names = pages.flatMap((page) => page.edges.map((edge) => edge.node.name));
      expect(names.indexOf('Aalsmeer')).toBeLessThan(names.indexOf('Amsterdam'));
      expect(names.indexOf('Amsterdam')).toBeLessThan(names.indexOf('Zwolle'));
    });

    it('keeps filters across pages', async () => {
      const pages = await walk<{ code: string; name: string }>(MUNICIPALITIES, 'municipalities', { first: 10, province: 'Noord-Holland' });
      const codes = pages.flatMap((page) => page.edges.map((edge) => edge.node.code));
      expect(codes).toHaveLength(44);
      expect(new Set(codes).size).toBe(44);
      expect(pages).toHaveLength(5);
      const searched = await walk<{ code: string; name: string }>(MUNICIPALITIES, 'municipalities', { first: 2, search: 'fryslan' });
      expect(searched.flatMap((page) => page.edges.map((edge) => edge.node.name))).toEqual(['Noardeast-Fryslân', 'Súdwest-Fryslân']);
    });

    it('gives an empty last page after the final cursor', async () => {
      const pages = await walk<{ code: string }>(MUNICIPALITIES, 'municipalities', { first: 100 });
      const last = pages[pages.length - 1];
      const beyond = await ok(t.http, MUNICIPALITIES, { first: 100, after: last.edges[last.edges.length - 1].cursor }, admin);
      expect(beyond.municipalities).toEqual({ totalCount: 342, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
    });

    it.each([
      ['garbage', 'garbage'],
      ['base64 of text that is not JSON', Buffer.from('hello').toString('base64url')],
      ['a JSON object', cursorOf({ name: 'Amsterdam', code: 'GM0363' })],
      ['a one-element array', cursorOf(['Amsterdam'])],
      ['an array with a non-string id', cursorOf(['Amsterdam', 363])],
      ['an over-long cursor', 'x'.repeat(600)],
    ])('refuses %s as `after` with BAD_USER_INPUT naming after', async (_label, after) => {
      const error = await fails(t.http, MUNICIPALITIES, { first: 5, after }, admin);
      expectError(error, 'BAD_USER_INPUT', 'after');
    });

    it.each([0, 101, 100000])('refuses first: %d with BAD_USER_INPUT naming first', async (first) => {
      expectError(await fails(t.http, MUNICIPALITIES, { first }, admin), 'BAD_USER_INPUT', 'first');
    });
  });

  describe('assignments (timestamp cursor)', () => {
    it('walks assignments by due date over several pages, ties included, without repeats', async () => {
      const { cohortId, moduleId, assignmentId } = await createCohort(t.http, admin);
      const participant = await createPerson(t.http, admin);
      await enrol(t.http, admin, cohortId, participant.id, 'PARTICIPANT');
      const secondModule = await createModule(t.http, admin, cohortId, { opensAt: '2027-01-01T00:00:00Z', closesAt: '2027-12-31T00:00:00Z' });
      const due = [
        '2027-02-10T09:00:00.000Z',
        '2027-02-10T09:00:00.000Z',
        '2027-02-10T09:00:00.000Z',
        '2027-02-10T09:00:00.001Z',
        '2027-02-20T12:30:00.000Z',
        '2027-03-01T00:00:00.000Z',
        '2027-03-01T00:00:00.000Z',
      ];
      for (const dueAt of due) await createAssignment(t.http, admin, moduleId, { dueAt, reviewDueAt: '2027-04-30T00:00:00Z' });
      for (const dueAt of ['2027-01-05T08:00:00.000Z', '2027-02-10T09:00:00.000Z', '2027-11-30T23:59:59.999Z']) {
        await createAssignment(t.http, admin, secondModule, { dueAt, reviewDueAt: '2027-12-30T00:00:00Z' });
      }

      const pages = await walk<{ id: string; dueAt: string }>(ASSIGNMENTS, 'assignments', { cohortId, first: 3 }, participant.token);
      expect(pages.map((page) => page.edges.length)).toEqual([3, 3, 3, 2]);
      const nodes = pages.flatMap((page) => page.edges.map((edge) => edge.node));
      expect(nodes).toHaveLength(11);
      expect(new Set(nodes.map((node) => node.id)).size).toBe(11);
      expect(nodes.map((node) => node.id)).toContain(assignmentId);
      const sorted = [...nodes].sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
      expect(nodes).toEqual(sorted);

      // One page at a time of a single module.
      const ofModule = await walk<{ id: string; dueAt: string }>(ASSIGNMENTS, 'assignments', { cohortId, moduleId: secondModule, first: 1 });
      expect(ofModule.map((page) => page.edges[0].node.dueAt)).toEqual(['2027-01-05T08:00:00.000Z', '2027-02-10T09:00:00.000Z', '2027-11-30T23:59:59.999Z']);
    });

    it('neither repeats nor skips when rows are added before the cursor between pages', async () => {
      const { cohortId, moduleId, assignmentId } = await createCohort(t.http, admin);
      const later = await createAssignment(t.http, admin, moduleId, { dueAt: '2027-03-10T00:00:00Z', reviewDueAt: '2027-04-01T00:00:00Z' });
      const first = await ok(t.http, ASSIGNMENTS, { cohortId, first: 1 }, admin);
      expect(first.assignments.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([assignmentId]);
      await createAssignment(t.http, admin, moduleId, { dueAt: '2027-02-01T00:00:00Z', reviewDueAt: '2027-04-01T00:00:00Z' });
      const second = await ok(t.http, ASSIGNMENTS, { cohortId, first: 5, after: first.assignments.pageInfo.endCursor }, admin);
      expect(second.assignments.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([later]);
      expect(second.assignments.totalCount).toBe(3);
    });

    it.each([
      ['garbage', 'garbage'],
      ['a cursor whose time is not a time', cursorOf(['not a time', '00000000-0000-0000-0000-000000000000'])],
    ])('refuses %s as `after` with BAD_USER_INPUT naming after', async (_label, after) => {
      const { cohortId } = await createCohort(t.http, admin);
      expectError(await fails(t.http, ASSIGNMENTS, { cohortId, after }, admin), 'BAD_USER_INPUT', 'after');
    });
  });
});
