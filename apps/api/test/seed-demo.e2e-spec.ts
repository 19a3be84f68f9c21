import { DEMO_COHORT } from '../src/seed/demo-data';
import { formatLogins, seedDemo } from '../src/seed/demo';
import { loginSession } from './support/matrix-support';
import { loginAdmin, ok, snapshotDatabase, startTestApp, TestApp } from './support/test-app';

const DEMO_PASSWORD = 'seed test passphrase 31';

interface EnrollmentRow {
  role: 'PARTICIPANT' | 'COACH';
  user: { email: string; municipality: { code: string } | null; businessDomain: { code: string } | null; jobTitle: string | null };
}

describe('demo seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('creates an active cohort of 24 participants from 12 municipalities with 2 coaches, once', async () => {
    const first = await seedDemo(t.app, { password: DEMO_PASSWORD });
    expect(first.created).toBe(true);

    const admin = await loginAdmin(t.http);
    const data = await ok<{ cohort: { name: string; status: string; startDate: string; endDate: string; modules: { title: string; opensAt: string; closesAt: string; assignments: { dueAt: string; rubric: unknown[] }[] }[] } }>(
      t.http,
      `query ($id: ID!) { cohort(id: $id) { name status startDate endDate modules { title opensAt closesAt assignments { dueAt rubric { title } } } } }`,
      { id: first.cohortId },
      admin,
    );
    expect(data.cohort).toMatchObject({ name: DEMO_COHORT.name, status: 'ACTIVE' });
    expect(data.cohort.modules.map((module) => module.title)).toEqual([
      'Basisregistraties (BRP, BAG, BGT)',
      'Dienstverlening en e-formulieren',
      'Zaakgericht werken en digitaal archief',
      'Berichtenbox en MijnOverheid',
      'Informatieveiligheid',
    ]);
    for (const module of data.cohort.modules) {
      expect(module.opensAt >= `${data.cohort.startDate}T00:00:00`).toBe(true);
      expect(module.closesAt.slice(0, 10) <= data.cohort.endDate).toBe(true);
      expect(module.assignments).toHaveLength(1);
      expect(module.assignments[0].rubric.length).toBeGreaterThanOrEqual(3);
      expect(module.assignments[0].rubric.length).toBeLessThanOrEqual(4);
    }

    const enrollments = await ok<{ enrollments: { totalCount: number; edges: { node: EnrollmentRow }[] } }>(
      t.http,
      `query ($id: ID!) { enrollments(cohortId: $id, first: 100) { totalCount edges { node { role user { email jobTitle municipality { code } businessDomain { code } } } } } }`,
      { id: first.cohortId },
      admin,
    );
    const rows = enrollments.enrollments.edges.map((edge) => edge.node);
    const participants = rows.filter((row) => row.role === 'PARTICIPANT');
    expect(participants).toHaveLength(24);
    expect(rows.filter((row) => row.role === 'COACH')).toHaveLength(2);
    expect(new Set(participants.map((row) => row.user.municipality?.code)).size).toBe(12);
    expect(new Set(participants.map((row) => row.user.businessDomain?.code)).size).toBeGreaterThanOrEqual(8);
    expect(participants.every((row) => row.user.jobTitle)).toBe(true);

    // Again: nothing changes, the logins are printed all the same.
    const before = await snapshotDatabase(t.dataSource);
    const second = await seedDemo(t.app, { password: DEMO_PASSWORD });
    expect(second).toMatchObject({ created: false, cohortId: first.cohortId });
    expect(await snapshotDatabase(t.dataSource)).toBe(before);
    expect(formatLogins(second)).toContain('already exists');
  });

  it('lists logins that work: admin, both coaches and some participants', async () => {
    const { logins } = await seedDemo(t.app, { password: DEMO_PASSWORD });
    expect(logins.map((login) => login.role)).toEqual(['admin', 'coach', 'coach', 'participant', 'participant', 'participant', 'participant']);
    for (const login of logins) {
      const session = await loginSession(t.http, login.email, login.password);
      const me = await ok<{ me: { email: string } }>(t.http, `{ me { email } cohorts { totalCount } }`, {}, session.accessToken);
      expect(me.me.email).toBe(login.email);
    }
    const participant = logins.find((login) => login.role === 'participant')!;
    const session = await loginSession(t.http, participant.email, DEMO_PASSWORD);
    const cohorts = await ok<{ cohorts: { edges: { node: { name: string } }[] } }>(t.http, `{ cohorts { edges { node { name } } } }`, {}, session.accessToken);
    expect(cohorts.cohorts.edges.map((edge) => edge.node.name)).toEqual([DEMO_COHORT.name]);
  });
});
