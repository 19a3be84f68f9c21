import { randomUUID } from 'node:crypto';
import { createCohort, createPerson, enrol, expectError, PersonFixture, rejects, unique } from './support/fixtures';
import { fails, loginAdmin, ok, snapshotDatabase, startTestApp, TestApp } from './support/test-app';

const ENROLL = `mutation ($input: EnrollUserInput!) { enrollUser(input: $input) { id cohortId userId role createdAt user { id name } cohort { id } } }`;
const UNENROLL = `mutation ($cohortId: ID!, $userId: ID!) { unenrollUser(cohortId: $cohortId, userId: $userId) }`;
const ENROLLMENTS = `query ($cohortId: ID!, $role: EnrollmentRole, $first: Int, $after: String) {
  enrollments(cohortId: $cohortId, role: $role, first: $first, after: $after) {
    totalCount
    edges { node { id userId role user { id name email } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const IMPORT = `mutation ($cohortId: ID!, $csv: String!) {
  importEnrollments(cohortId: $cohortId, csv: $csv) { enrolled createdUsers unchanged enrollments { userId role cohortId } }
}`;
const USER_BY_EMAIL = `query ($search: String!) {
  users(search: $search) { totalCount edges { node { id name email role municipality { code } businessDomain { code } } } }
}`;
const HEADER = 'name,email,municipality_code,domain_code,role';

interface EnrollmentNode {
  id: string;
  userId: string;
  role: string;
  user: { id: string; name: string; email: string | null };
}

describe('enrollments', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAdmin(t.http);
  });
  afterAll(() => t.close());

  const enrollmentsOf = async (cohortId: string, variables: Record<string, unknown> = {}, token = admin): Promise<EnrollmentNode[]> =>
    (await ok(t.http, ENROLLMENTS, { cohortId, first: 100, ...variables }, token)).enrollments.edges.map((edge: { node: EnrollmentNode }) => edge.node);

  /** Addresses no other test uses. */
  const addresses = (count: number) => {
    const tag = unique('csv').replace(/\W+/g, '-').toLowerCase();
    return Array.from({ length: count }, (_, i) => `deelnemer${i + 1}.${tag}@gemeente.example`);
  };

  async function userByEmail(email: string) {
    const data = await ok(t.http, USER_BY_EMAIL, { search: email }, admin);
    expect(data.users.totalCount).toBe(1);
    return data.users.edges[0].node;
  }

  describe('enrollUser and enrollments', () => {
    it('enrols participants and coaches and lists them, filtered by role', async () => {
      const { cohortId } = await createCohort(t.http, admin);
      const [participant, coach] = [await createPerson(t.http, admin), await createPerson(t.http, admin, { municipalityCode: null, businessDomainCode: null })];
      const enrolled = await ok(t.http, ENROLL, { input: { cohortId, userId: participant.id } }, admin);
      expect(enrolled.enrollUser).toMatchObject({ cohortId, userId: participant.id, role: 'PARTICIPANT', user: { id: participant.id }, cohort: { id: cohortId } });
      await ok(t.http, ENROLL, { input: { cohortId, userId: coach.id, role: 'COACH' } }, admin);

      const all = await enrollmentsOf(cohortId);
      expect(all.map((node) => [node.userId, node.role]).sort()).toEqual([[participant.id, 'PARTICIPANT'], [coach.id, 'COACH']].sort());
      expect((await enrollmentsOf(cohortId, { role: 'COACH' })).map((node) => node.userId)).toEqual([coach.id]);
      expect((await enrollmentsOf(cohortId, { role: 'PARTICIPANT' })).map((node) => node.userId)).toEqual([participant.id]);
      // Members see each other; only coaches and admins see e-mail addresses.
      const seenByParticipant = await enrollmentsOf(cohortId, {}, participant.token);
      expect(seenByParticipant.find((node) => node.userId === coach.id)?.user.email).toBeNull();
      const seenByCoach = await enrollmentsOf(cohortId, {}, coach.token);
      expect(seenByCoach.find((node) => node.userId === participant.id)?.user.email).toBe(participant.email);
    });

    it("lets the cohort's coach enrol people", async () => {
      const { cohortId } = await createCohort(t.http, admin);
      const [coach, person] = [await createPerson(t.http, admin), await createPerson(t.http, admin)];
      await enrol(t.http, admin, cohortId, coach.id, 'COACH');
      const data = await ok(t.http, ENROLL, { input: { cohortId, userId: person.id } }, coach.token);
      expect(data.enrollUser.userId).toBe(person.id);
    });

    it('refuses a second enrollment of the same person, in any role, writing nothing', async () => {
      const { cohortId } = await createCohort(t.http, admin);
      const person = await createPerson(t.http, admin);
      await enrol(t.http, admin, cohortId, person.id, 'PARTICIPANT');
      await rejects(t, ENROLL, { input: { cohortId, userId: person.id, role: 'PARTICIPANT' } }, admin, 'CONFLICT', 'input.userId');
      await rejects(t, ENROLL, { input: { cohortId, userId: person.id, role: 'COACH' } }, admin, 'CONFLICT', 'input.userId');
    });

    it('refuses a participant without municipality or business domain, writing nothing', async () => {
      const { cohortId } = await createCohort(t.http, admin);
      const noMunicipality = await createPerson(t.http, admin, { municipalityCode: null });
      const noDomain = await createPerson(t.http, admin, { businessDomainCode: null });
      const error = await rejects(t, ENROLL, { input: { cohortId, userId: noMunicipality.id } }, admin, 'BAD_USER_INPUT', 'input.userId');
      expect(error.message).toContain('municipality');
      await rejects(t, ENROLL, { input: { cohortId, userId: noDomain.id, role: 'PARTICIPANT' } }, admin, 'BAD_USER_INPUT', 'input.userId');
      // As a coach they are fine.
      await ok(t.http, ENROLL, { input: { cohortId, userId: noMunicipality.id, role: 'COACH' } }, admin);
    });

    it('refuses unknown people and cohorts and malformed ids, writing nothing', async () => {
      const { cohortId } = await createCohort(t.http, admin);
      const person = await createPerson(t.http, admin);
      await rejects(t, ENROLL, { input: { cohortId, userId: randomUUID() } }, admin, 'NOT_FOUND', 'input.userId');
      await rejects(t, ENROLL, { input: { cohortId: randomUUID(), userId: person.id } }, admin, 'NOT_FOUND', 'input.cohortId');
      await rejects(t, ENROLL, { input: { cohortId: 'x', userId: person.id } }, admin, 'BAD_USER_INPUT', 'input.cohortId');
      await rejects(t, ENROLL, { input: { cohortId, userId: 'y' } }, admin, 'BAD_USER_INPUT', 'input.userId');
      const role = await rejects(t, ENROLL, { input: { cohortId, userId: person.id, role: 'OBSERVER' } }, admin, 'BAD_USER_INPUT');
      expect(role.message).toContain('role');
    });

    it('refuses participants and outsiders, writing nothing', async () => {
      const { cohortId } = await createCohort(t.http, admin);
      const [participant, other] = [await createPerson(t.http, admin), await createPerson(t.http, admin)];
      await enrol(t.http, admin, cohortId, participant.id, 'PARTICIPANT');
      await rejects(t, ENROLL, { input: { cohortId, userId: other.id } }, participant.token, 'FORBIDDEN');
      await rejects(t, ENROLL, { input: { cohortId, userId: other.id } }, other.token, 'FORBIDDEN');
      expectError(await fails(t.http, ENROLLMENTS, { cohortId }, other.token), 'FORBIDDEN');
    });

    it('refuses bad list arguments', async () => {
      const { cohortId } = await createCohort(t.http, admin);
      expectError(await fails(t.http, ENROLLMENTS, { cohortId: randomUUID() }, admin), 'NOT_FOUND', 'cohortId');
      expectError(await fails(t.http, ENROLLMENTS, { cohortId: 'nope' }, admin), 'BAD_USER_INPUT', 'cohortId');
      expectError(await fails(t.http, ENROLLMENTS, { cohortId, first: 101 }, admin), 'BAD_USER_INPUT', 'first');
      expectError(await fails(t.http, ENROLLMENTS, { cohortId, after: '!' }, admin), 'BAD_USER_INPUT', 'after');
    });

    it('pages through the people of a cohort', async () => {
      const { cohortId } = await createCohort(t.http, admin);
      const people: PersonFixture[] = [];
      for (let i = 0; i < 5; i += 1) people.push(await createPerson(t.http, admin));
      for (const person of people) await enrol(t.http, admin, cohortId, person.id, 'PARTICIPANT');
      const first = await ok(t.http, ENROLLMENTS, { cohortId, first: 2 }, admin);
      const second = await ok(t.http, ENROLLMENTS, { cohortId, first: 2, after: first.enrollments.pageInfo.endCursor }, admin);
      const third = await ok(t.http, ENROLLMENTS, { cohortId, first: 2, after: second.enrollments.pageInfo.endCursor }, admin);
      expect([first, second, third].map((page) => page.enrollments.pageInfo.hasNextPage)).toEqual([true, true, false]);
      const seen = [first, second, third].flatMap((page) => page.enrollments.edges.map((edge: { node: EnrollmentNode }) => edge.node.userId));
      expect(seen.sort()).toEqual(people.map((person) => person.id).sort());
    });
  });

  describe('unenrollUser', () => {
    it('removes an enrollment', async () => {
      const { cohortId } = await createCohort(t.http, admin);
      const [stays, leaves] = [await createPerson(t.http, admin), await createPerson(t.http, admin)];
      await enrol(t.http, admin, cohortId, stays.id, 'PARTICIPANT');
      await enrol(t.http, admin, cohortId, leaves.id, 'PARTICIPANT');
      expect((await ok(t.http, UNENROLL, { cohortId, userId: leaves.id }, admin)).unenrollUser).toBe(true);
      expect((await enrollmentsOf(cohortId)).map((node) => node.userId)).toEqual([stays.id]);
      expectError(await fails(t.http, `query ($id: ID!) { cohort(id: $id) { id } }`, { id: cohortId }, leaves.token), 'FORBIDDEN');
    });

    it('refuses someone who is not enrolled, writing nothing', async () => {
      const { cohortId } = await createCohort(t.http, admin);
      const person = await createPerson(t.http, admin);
      await rejects(t, UNENROLL, { cohortId, userId: person.id }, admin, 'NOT_FOUND', 'userId');
      await enrol(t.http, admin, cohortId, person.id, 'PARTICIPANT');
      await ok(t.http, UNENROLL, { cohortId, userId: person.id }, admin);
      await rejects(t, UNENROLL, { cohortId, userId: person.id }, admin, 'NOT_FOUND', 'userId');
    });

    it('refuses unknown cohorts and participants, writing nothing', async () => {
      const { cohortId } = await createCohort(t.http, admin);
      const [a, b] = [await createPerson(t.http, admin), await createPerson(t.http, admin)];
      await enrol(t.http, admin, cohortId, a.id, 'PARTICIPANT');
      await enrol(t.http, admin, cohortId, b.id, 'PARTICIPANT');
      await rejects(t, UNENROLL, { cohortId: randomUUID(), userId: a.id }, admin, 'NOT_FOUND', 'cohortId');
      await rejects(t, UNENROLL, { cohortId, userId: b.id }, a.token, 'FORBIDDEN');
      await rejects(t, UNENROLL, { cohortId, userId: a.id }, a.token, 'FORBIDDEN');
    });
  });

  describe('importEnrollments', () => {
    it('creates the unknown people and enrols everyone with the right profile', async () => {
      const { cohortId } = await createCohort(t.http, admin);
      const known = await createPerson(t.http, admin, { municipalityCode: 'GM0344', businessDomainCode: 'SD' });
      const [anne, bert, coach] = addresses(3);
      const csv = [
        HEADER,
        `"de Vries, Anne",${anne},GM0518,GEO,PARTICIPANT`,
        `Bert Jansen,${bert.toUpperCase()},gm0363,ia,participant`,
        `Coach Carla,${coach},,,COACH`,
        `Bekende,${known.email},GM0363,IA,PARTICIPANT`,
      ].join('\n');
      const data = await ok(t.http, IMPORT, { cohortId, csv }, admin);
      expect(data.importEnrollments).toMatchObject({ enrolled: 4, createdUsers: 3, unchanged: 0 });
      expect(data.importEnrollments.enrollments).toHaveLength(4);

      expect(await userByEmail(anne)).toMatchObject({ name: 'de Vries, Anne', email: anne, role: 'USER', municipality: { code: 'GM0518' }, businessDomain: { code: 'GEO' } });
      expect(await userByEmail(bert)).toMatchObject({ name: 'Bert Jansen', email: bert, municipality: { code: 'GM0363' }, businessDomain: { code: 'IA' } });
      expect(await userByEmail(coach)).toMatchObject({ municipality: null, businessDomain: null });
      // A known person keeps their own profile.
      expect(await userByEmail(known.email)).toMatchObject({ id: known.id, municipality: { code: 'GM0344' }, businessDomain: { code: 'SD' } });

      const enrolled = await enrollmentsOf(cohortId);
      expect(enrolled.filter((node) => node.role === 'COACH')).toHaveLength(1);
      expect(enrolled.filter((node) => node.role === 'PARTICIPANT')).toHaveLength(3);
      expect(enrolled.map((node) => node.user.email)).toEqual(expect.arrayContaining([anne, bert, coach, known.email]));
    });

    it('is idempotent: importing the same file again changes no enrollment', async () => {
      const { cohortId } = await createCohort(t.http, admin);
      const [a, b] = addresses(2);
      const csv = `${HEADER}\r\nA,${a},GM0363,IA,PARTICIPANT\r\nB,${b},GM0518,BZ,COACH\r\n`;
      expect((await ok(t.http, IMPORT, { cohortId, csv }, admin)).importEnrollments).toMatchObject({ enrolled: 2, createdUsers: 2, unchanged: 0 });
      const before = await enrollmentsOf(cohortId);
      const again = await ok(t.http, IMPORT, { cohortId, csv }, admin);
      expect(again.importEnrollments).toEqual({ enrolled: 0, createdUsers: 0, unchanged: 2, enrollments: [] });
      expect(await enrollmentsOf(cohortId)).toEqual(before);
      const users: unknown[] = await t.dataSource.query(`SELECT id FROM users WHERE email IN ('${a}', '${b}')`);
      expect(users).toHaveLength(2);
    });

    it('accepts a byte-order mark, an upper-case header and blank lines at the end', async () => {
      const { cohortId } = await createCohort(t.http, admin);
      const [a] = addresses(1);
      const csv = `\uFEFF${HEADER.toUpperCase()}\n A , ${a} , GM0363 , IA , PARTICIPANT \n\n\n`;
      expect((await ok(t.http, IMPORT, { cohortId, csv }, admin)).importEnrollments).toMatchObject({ enrolled: 1, createdUsers: 1 });
      expect(await userByEmail(a)).toMatchObject({ name: 'A', municipality: { code: 'GM0363' } });
    });

    it('reports every bad row with its line and column, and writes nothing', async () => {
      const { cohortId } = await createCohort(t.http, admin);
      const [good, other] = addresses(2);
      const csv = [
        HEADER,
        `Goed,${good},GM0363,IA,PARTICIPANT`,
        `Fout adres,not-an-address,GM0363,IA,PARTICIPANT`,
        `Onbekende gemeente,${other},GM9999,IA,PARTICIPANT`,
        `Verkeerde rol,x.${other},GM0363,IA,OBSERVER`,
        `Dubbel,${good.toUpperCase()},GM0518,BZ,COACH`,
      ].join('\n');
      const error = await rejects(t, IMPORT, { cohortId, csv }, admin, 'BAD_USER_INPUT', 'csv');
      expect(error.extensions.problems?.map(({ field, line, column }) => ({ field, line, column }))).toEqual([
        { field: 'csv', line: 3, column: 'email' },
        { field: 'csv', line: 4, column: 'municipality_code' },
        { field: 'csv', line: 5, column: 'role' },
        { field: 'csv', line: 6, column: 'email' },
      ]);
      expect(error.extensions.problems?.[3].message).toContain('line 2');
      expect(error.message).toContain('nothing was imported');
      expect(await enrollmentsOf(cohortId)).toEqual([]);
    });

    it.each([
      ['a wrong header', 'name,email,role\nA,a@b.example,PARTICIPANT', 1, undefined],
      ['only a header', HEADER, 2, undefined],
      ['an empty file', '', 1, undefined],
      ['a short row', `${HEADER}\nA,a@gemeente.example,GM0363`, 2, '*'],
      ['a participant without municipality', `${HEADER}\nA,a@gemeente.example,,IA,PARTICIPANT`, 2, 'municipality_code'],
      ['a participant without domain', `${HEADER}\nA,a@gemeente.example,GM0363,,PARTICIPANT`, 2, 'domain_code'],
      ['an unknown domain', `${HEADER}\nA,a@gemeente.example,GM0363,XYZ,PARTICIPANT`, 2, 'domain_code'],
      ['an empty name', `${HEADER}\n,a@gemeente.example,GM0363,IA,PARTICIPANT`, 2, 'name'],
    ])('refuses %s, writing nothing', async (_label, csv, line, column) => {
      const { cohortId } = await createCohort(t.http, admin);
      const error = await rejects(t, IMPORT, { cohortId, csv }, admin, 'BAD_USER_INPUT', 'csv');
      expect(error.extensions.problems?.[0]).toMatchObject({ field: 'csv', line, ...(column ? { column } : {}) });
    });

    it('refuses text that is not CSV, writing nothing', async () => {
      const { cohortId } = await createCohort(t.http, admin);
      await rejects(t, IMPORT, { cohortId, csv: `${HEADER}\n"A,a@gemeente.example,GM0363,IA,PARTICIPANT` }, admin, 'BAD_USER_INPUT', 'csv');
    });

    it('refuses a role change of someone already enrolled, writing nothing', async () => {
      const { cohortId } = await createCohort(t.http, admin);
      const person = await createPerson(t.http, admin);
      await enrol(t.http, admin, cohortId, person.id, 'PARTICIPANT');
      const error = await rejects(t, IMPORT, { cohortId, csv: `${HEADER}\nX,${person.email},GM0363,IA,COACH` }, admin, 'BAD_USER_INPUT', 'csv');
      expect(error.extensions.problems).toEqual([expect.objectContaining({ line: 2, column: 'role' })]);
    });

    it('refuses a known person without municipality as participant, writing nothing', async () => {
      const { cohortId } = await createCohort(t.http, admin);
      const person = await createPerson(t.http, admin, { municipalityCode: null });
      const error = await rejects(t, IMPORT, { cohortId, csv: `${HEADER}\nX,${person.email},GM0363,IA,PARTICIPANT` }, admin, 'BAD_USER_INPUT', 'csv');
      expect(error.extensions.problems).toEqual([expect.objectContaining({ line: 2, column: 'email' })]);
    });

    it("lets the cohort's coach import, not participants or outsiders, writing nothing", async () => {
      const { cohortId } = await createCohort(t.http, admin);
      const [coach, participant] = [await createPerson(t.http, admin), await createPerson(t.http, admin)];
      await enrol(t.http, admin, cohortId, coach.id, 'COACH');
      await enrol(t.http, admin, cohortId, participant.id, 'PARTICIPANT');
      const [a, b] = addresses(2);
      await rejects(t, IMPORT, { cohortId, csv: `${HEADER}\nA,${a},GM0363,IA,PARTICIPANT` }, participant.token, 'FORBIDDEN');
      await rejects(t, IMPORT, { cohortId: randomUUID(), csv: `${HEADER}\nA,${a},GM0363,IA,PARTICIPANT` }, admin, 'NOT_FOUND', 'cohortId');
      await rejects(t, IMPORT, { cohortId: 'nope', csv: HEADER }, admin, 'BAD_USER_INPUT', 'cohortId');
      const before = await snapshotDatabase(t.dataSource);
      const data = await ok(t.http, IMPORT, { cohortId, csv: `${HEADER}\nA,${a},GM0363,IA,PARTICIPANT\nB,${b},GM0363,IA,PARTICIPANT` }, coach.token);
      expect(data.importEnrollments).toMatchObject({ enrolled: 2, createdUsers: 2 });
      expect(await snapshotDatabase(t.dataSource)).not.toBe(before);
    });
  });
});
