import { randomUUID } from 'node:crypto';
import { createCohort, createPerson, enrol, expectError, PASSWORD, rejects, unique } from './support/fixtures';
import { ADMIN_EMAIL, fails, gql, login, loginAdmin, ok, startTestApp, TestApp } from './support/test-app';

const ME = `{ me { id name email role active jobTitle municipality { code name } businessDomain { code } } }`;
const USERS = `query ($first: Int, $after: String, $search: String, $municipalityCode: String) {
  users(first: $first, after: $after, search: $search, municipalityCode: $municipalityCode) {
    totalCount
    edges { node { id name email role active } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const USER = `query ($id: ID!) { user(id: $id) { id name email role active municipality { code } businessDomain { code } } }`;
const CREATE_USER = `mutation ($input: CreateUserInput!) {
  createUser(input: $input) {
    user { id name email role active jobTitle municipality { code } businessDomain { code } }
    invitation { token expiresAt }
  }
}`;
const UPDATE_USER = `mutation ($id: ID!, $input: UpdateUserInput!) {
  updateUser(id: $id, input: $input) { id name email role active jobTitle municipality { code } businessDomain { code } }
}`;
const DEACTIVATE = `mutation ($id: ID!) { deactivateUser(id: $id) { id active } }`;
const REACTIVATE = `mutation ($id: ID!) { reactivateUser(id: $id) { id active } }`;
const RESET = `mutation ($userId: ID!) { issuePasswordReset(userId: $userId) { token expiresAt } }`;
const SET_PASSWORD = `mutation ($token: String!, $password: String!) {
  setPasswordWithToken(token: $token, newPassword: $password) { accessToken user { id } }
}`;

interface UserNode {
  id: string;
  name: string;
  email: string | null;
  role: string | null;
  active: boolean | null;
}

describe('users', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAdmin(t.http);
  });
  afterAll(() => t.close());

  const email = (label: string) => `${unique(label).replace(/\s+/g, '.').toLowerCase()}@gemeente.example`;

  /** Every user, through all pages. */
  async function allUsers(token = admin): Promise<UserNode[]> {
    const users: UserNode[] = [];
    let after: string | null = null;
    do {
      const data: { users: { edges: { node: UserNode }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await ok(
        t.http,
        USERS,
        { first: 100, after },
        token,
      );
      users.push(...data.users.edges.map((edge) => edge.node));
      after = data.users.pageInfo.hasNextPage ? data.users.pageInfo.endCursor : null;
    } while (after);
    return users;
  }

  describe('me', () => {
    it('returns the logged-in admin', async () => {
      const data = await ok(t.http, ME, {}, admin);
      expect(data.me).toMatchObject({ email: ADMIN_EMAIL, role: 'ADMIN', active: true, municipality: null });
    });

    it('returns a user their own profile with private fields', async () => {
      const person = await createPerson(t.http, admin, { municipalityCode: 'GM0518', businessDomainCode: 'BZ' });
      const data = await ok(t.http, ME, {}, person.token);
      expect(data.me).toMatchObject({
        id: person.id,
        email: person.email,
        role: 'USER',
        active: true,
        municipality: { code: 'GM0518', name: "'s-Gravenhage" },
        businessDomain: { code: 'BZ' },
      });
    });

    it('refuses callers without a valid token', async () => {
      expectError(await fails(t.http, ME), 'UNAUTHENTICATED');
      expectError(await fails(t.http, ME, {}, 'not-a-token'), 'UNAUTHENTICATED');
    });
  });

  describe('users (list)', () => {
    it('finds people by part of their name or e-mail address, case-insensitively', async () => {
      const tag = unique('Zoek').replace(/\W/g, '');
      const anna = await createPerson(t.http, admin, { name: `Anna ${tag}`, email: `anna.${tag}@gemeente.example`.toLowerCase() });
      await createPerson(t.http, admin, { name: `Bert ${tag}` });
      const byName = await ok(t.http, USERS, { search: tag.toUpperCase() }, admin);
      expect(byName.users.totalCount).toBe(2);
      expect(byName.users.edges.map((edge: { node: UserNode }) => edge.node.name)).toEqual([`Anna ${tag}`, `Bert ${tag}`]);
      const byEmail = await ok(t.http, USERS, { search: `ANNA.${tag}@` }, admin);
      expect(byEmail.users.edges.map((edge: { node: UserNode }) => edge.node.id)).toEqual([anna.id]);
      expect(byEmail.users.edges[0].node).toMatchObject({ email: anna.email, role: 'USER', active: true });
    });

    it('filters by municipality', async () => {
      const tag = unique('Gemeente').replace(/\W/g, '');
      const hague = await createPerson(t.http, admin, { name: `Haags ${tag}`, municipalityCode: 'GM0518' });
      await createPerson(t.http, admin, { name: `Amsterdams ${tag}`, municipalityCode: 'GM0363' });
      const data = await ok(t.http, USERS, { search: tag, municipalityCode: 'GM0518' }, admin);
      expect(data.users.edges.map((edge: { node: UserNode }) => edge.node.id)).toEqual([hague.id]);
    });

    it('treats LIKE wildcards in the search literally', async () => {
      const data = await ok(t.http, USERS, { search: '%_%' }, admin);
      expect(data.users.totalCount).toBe(0);
    });

    it('pages through everyone in name order without repeats', async () => {
      await createPerson(t.http, admin);
      const everyone = await allUsers();
      const pages: UserNode[] = [];
      let after: string | null = null;
      do {
        const data: { users: { edges: { node: UserNode }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } = await ok(
          t.http,
          USERS,
          { first: 3, after },
          admin,
        );
        pages.push(...data.users.edges.map((edge) => edge.node));
        after = data.users.pageInfo.hasNextPage ? data.users.pageInfo.endCursor : null;
      } while (after);
      expect(pages.map((user) => user.id)).toEqual(everyone.map((user) => user.id));
      expect(new Set(pages.map((user) => user.id)).size).toBe(pages.length);
    });

    it('refuses bad filters', async () => {
      expectError(await fails(t.http, USERS, { municipalityCode: 'Amsterdam' }, admin), 'BAD_USER_INPUT', 'municipalityCode');
      expectError(await fails(t.http, USERS, { first: 101 }, admin), 'BAD_USER_INPUT', 'first');
      expectError(await fails(t.http, USERS, { after: 'garbage' }, admin), 'BAD_USER_INPUT', 'after');
    });

    it('is for admins only', async () => {
      const person = await createPerson(t.http, admin);
      expectError(await fails(t.http, USERS, {}, person.token), 'FORBIDDEN');
      expectError(await fails(t.http, USERS, {}), 'UNAUTHENTICATED');
    });
  });

  describe('user(id)', () => {
    it('shows an admin anyone, with private fields', async () => {
      const person = await createPerson(t.http, admin);
      const data = await ok(t.http, USER, { id: person.id }, admin);
      expect(data.user).toMatchObject({ id: person.id, email: person.email, role: 'USER', active: true, municipality: { code: 'GM0363' } });
    });

    it('shows cohort mates their public profile, and coaches the e-mail address too', async () => {
      const { cohortId } = await createCohort(t.http, admin);
      const [participant, mate, coach] = [await createPerson(t.http, admin), await createPerson(t.http, admin), await createPerson(t.http, admin)];
      await enrol(t.http, admin, cohortId, participant.id, 'PARTICIPANT');
      await enrol(t.http, admin, cohortId, mate.id, 'PARTICIPANT');
      await enrol(t.http, admin, cohortId, coach.id, 'COACH');
      const asMate = await ok(t.http, USER, { id: participant.id }, mate.token);
      expect(asMate.user).toMatchObject({ id: participant.id, email: null, role: null, active: null, municipality: { code: 'GM0363' } });
      const asCoach = await ok(t.http, USER, { id: participant.id }, coach.token);
      expect(asCoach.user.email).toBe(participant.email);
      const self = await ok(t.http, USER, { id: participant.id }, participant.token);
      expect(self.user).toMatchObject({ email: participant.email, role: 'USER', active: true });
    });

    it('keeps members hidden from a participant while the cohort is a DRAFT; the coach sees them', async () => {
      const { createCohort: draft } = await ok(
        t.http,
        `mutation ($input: CreateCohortInput!) { createCohort(input: $input) { id } }`,
        { input: { name: unique('Draft cohort'), startDate: '2027-01-01', endDate: '2027-06-30', status: 'DRAFT' } },
        admin,
      );
      const [participant, mate, coach] = [await createPerson(t.http, admin), await createPerson(t.http, admin), await createPerson(t.http, admin)];
      await enrol(t.http, admin, draft.id, participant.id, 'PARTICIPANT');
      await enrol(t.http, admin, draft.id, mate.id, 'PARTICIPANT');
      await enrol(t.http, admin, draft.id, coach.id, 'COACH');
      expectError(await fails(t.http, USER, { id: mate.id }, participant.token), 'FORBIDDEN');
      expect((await ok(t.http, USER, { id: mate.id }, coach.token)).user.id).toBe(mate.id);
    });

    it('refuses people who share no cohort', async () => {
      const [a, b] = [await createPerson(t.http, admin), await createPerson(t.http, admin)];
      expectError(await fails(t.http, USER, { id: b.id }, a.token), 'FORBIDDEN');
    });

    it('answers NOT_FOUND for an unknown id', async () => {
      expectError(await fails(t.http, USER, { id: randomUUID() }, admin), 'NOT_FOUND', 'id');
    });
  });

  describe('createUser', () => {
    it('creates an account with a lower-cased address and an invitation that logs in', async () => {
      const address = email('Nieuw');
      const data = await ok(
        t.http,
        CREATE_USER,
        {
          input: {
            name: '  Anna de Vries  ',
            email: `  ${address.toUpperCase()} `,
            municipalityCode: 'GM0518',
            businessDomainCode: 'GEO',
            jobTitle: 'Adviseur basisregistraties',
          },
        },
        admin,
      );
      expect(data.createUser.user).toMatchObject({
        name: 'Anna de Vries',
        email: address,
        role: 'USER',
        active: true,
        jobTitle: 'Adviseur basisregistraties',
        municipality: { code: 'GM0518' },
        businessDomain: { code: 'GEO' },
      });
      expect(new Date(data.createUser.invitation.expiresAt).getTime()).toBeGreaterThan(Date.now());
      // No password yet: logging in fails until the invitation is accepted.
      const refused = await fails(
        t.http,
        `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }`,
        { email: address, password: PASSWORD },
      );
      expectError(refused, 'UNAUTHENTICATED');
      const session = await ok(t.http, SET_PASSWORD, { token: data.createUser.invitation.token, password: PASSWORD });
      expect(session.setPasswordWithToken.user.id).toBe(data.createUser.user.id);
      const me = await ok(t.http, ME, {}, session.setPasswordWithToken.accessToken);
      expect(me.me.email).toBe(address);
    });

    it('creates admins and people without a municipality (coaches, staff)', async () => {
      const data = await ok(
        t.http,
        CREATE_USER,
        { input: { name: 'Beheerder', email: email('Beheer'), role: 'ADMIN', municipalityCode: null, businessDomainCode: null } },
        admin,
      );
      expect(data.createUser.user).toMatchObject({ role: 'ADMIN', municipality: null, businessDomain: null });
    });

    it('refuses a duplicate e-mail address in any case, writing nothing', async () => {
      const person = await createPerson(t.http, admin);
      await rejects(t, CREATE_USER, { input: { name: 'Dubbel', email: person.email.toUpperCase() } }, admin, 'CONFLICT', 'input.email');
      await rejects(t, CREATE_USER, { input: { name: 'Dubbel', email: ADMIN_EMAIL.replace('admin', 'ADMIN') } }, admin, 'CONFLICT', 'input.email');
    });

    it('refuses an unknown municipality or business domain, writing nothing', async () => {
      const error = await rejects(
        t,
        CREATE_USER,
        { input: { name: 'X', email: email('Onbekend'), municipalityCode: 'GM9999' } },
        admin,
        'BAD_USER_INPUT',
        'input.municipalityCode',
      );
      expect(error.message).toContain('GM9999');
      await rejects(t, CREATE_USER, { input: { name: 'X', email: email('Onbekend'), municipalityCode: 'Amsterdam' } }, admin, 'BAD_USER_INPUT', 'input.municipalityCode');
      await rejects(t, CREATE_USER, { input: { name: 'X', email: email('Onbekend'), businessDomainCode: 'XX' } }, admin, 'BAD_USER_INPUT', 'input.businessDomainCode');
    });

    it.each([
      ['a bad e-mail address', { name: 'X', email: 'not-an-address' }, 'input.email'],
      ['an empty name', { name: '', email: 'leeg@gemeente.example' }, 'input.name'],
      ['a too long name', { name: 'x'.repeat(121), email: 'lang@gemeente.example' }, 'input.name'],
    ])('refuses %s, writing nothing', async (_label, input, field) => {
      await rejects(t, CREATE_USER, { input }, admin, 'BAD_USER_INPUT', field);
    });

    it('is for admins only', async () => {
      const person = await createPerson(t.http, admin);
      await rejects(t, CREATE_USER, { input: { name: 'X', email: email('Geen') } }, person.token, 'FORBIDDEN');
      await rejects(t, CREATE_USER, { input: { name: 'X', email: email('Geen') } }, undefined, 'UNAUTHENTICATED');
    });
  });

  describe('updateUser', () => {
    it('changes the profile, and null clears the optional fields', async () => {
      const person = await createPerson(t.http, admin);
      const address = email('Gewijzigd');
      const data = await ok(
        t.http,
        UPDATE_USER,
        { id: person.id, input: { name: ' Nieuwe Naam ', email: address.toUpperCase(), municipalityCode: 'GM0518', businessDomainCode: 'BZ', jobTitle: 'Teamleider' } },
        admin,
      );
      expect(data.updateUser).toMatchObject({ name: 'Nieuwe Naam', email: address, jobTitle: 'Teamleider', municipality: { code: 'GM0518' }, businessDomain: { code: 'BZ' } });
      const cleared = await ok(t.http, UPDATE_USER, { id: person.id, input: { jobTitle: null, municipalityCode: null } }, admin);
      expect(cleared.updateUser).toMatchObject({ name: 'Nieuwe Naam', jobTitle: null, municipality: null, businessDomain: { code: 'BZ' } });
      const me = await ok(t.http, ME, {}, person.token);
      expect(me.me.email).toBe(address);
    });

    it('keeps the own address when only its case changes', async () => {
      const person = await createPerson(t.http, admin);
      const data = await ok(t.http, UPDATE_USER, { id: person.id, input: { email: person.email.toUpperCase() } }, admin);
      expect(data.updateUser.email).toBe(person.email);
    });

    it('promotes at once: the same token can do admin work', async () => {
      const person = await createPerson(t.http, admin);
      expectError(await fails(t.http, USERS, { first: 1 }, person.token), 'FORBIDDEN');
      await ok(t.http, UPDATE_USER, { id: person.id, input: { role: 'ADMIN' } }, admin);
      expect((await ok(t.http, USERS, { first: 1 }, person.token)).users.totalCount).toBeGreaterThan(1);
      await ok(t.http, UPDATE_USER, { id: person.id, input: { role: 'USER' } }, admin);
      expectError(await fails(t.http, USERS, { first: 1 }, person.token), 'FORBIDDEN');
    });

    it("refuses another person's address, writing nothing", async () => {
      const [a, b] = [await createPerson(t.http, admin), await createPerson(t.http, admin)];
      await rejects(t, UPDATE_USER, { id: a.id, input: { email: b.email.toUpperCase() } }, admin, 'CONFLICT', 'input.email');
    });

    it.each([
      ['an unknown municipality', { municipalityCode: 'GM9999' }, 'input.municipalityCode'],
      ['an unknown business domain', { businessDomainCode: 'ZZZ' }, 'input.businessDomainCode'],
      ['a bad e-mail address', { email: 'nope' }, 'input.email'],
      ['an empty name', { name: '' }, 'input.name'],
      ['a null name', { name: null }, 'input.name'],
      ['a null e-mail address', { email: null }, 'input.email'],
      ['a null role', { role: null }, 'input.role'],
    ])('refuses %s, writing nothing', async (_label, input, field) => {
      const person = await createPerson(t.http, admin);
      await rejects(t, UPDATE_USER, { id: person.id, input }, admin, 'BAD_USER_INPUT', field);
    });

    it('answers NOT_FOUND for an unknown user and FORBIDDEN for non-admins, writing nothing', async () => {
      await rejects(t, UPDATE_USER, { id: randomUUID(), input: { name: 'X' } }, admin, 'NOT_FOUND', 'id');
      const person = await createPerson(t.http, admin);
      await rejects(t, UPDATE_USER, { id: person.id, input: { role: 'ADMIN' } }, person.token, 'FORBIDDEN');
    });
  });

  describe('deactivateUser and reactivateUser', () => {
    it("ends the user's access at once and restores it on reactivation", async () => {
      const person = await createPerson(t.http, admin);
      const data = await ok(t.http, DEACTIVATE, { id: person.id }, admin);
      expect(data.deactivateUser).toEqual({ id: person.id, active: false });
      expectError(await fails(t.http, ME, {}, person.token), 'UNAUTHENTICATED');
      await expect(login(t.http, person.email, PASSWORD)).rejects.toThrow('UNAUTHENTICATED');
      const listed = await ok(t.http, USER, { id: person.id }, admin);
      expect(listed.user.active).toBe(false);

      const back = await ok(t.http, REACTIVATE, { id: person.id }, admin);
      expect(back.reactivateUser).toEqual({ id: person.id, active: true });
      const token = await login(t.http, person.email, PASSWORD);
      expect((await ok(t.http, ME, {}, token)).me.id).toBe(person.id);
    });

    it('refuses to deactivate yourself, writing nothing', async () => {
      const me = await ok(t.http, ME, {}, admin);
      await rejects(t, DEACTIVATE, { id: me.me.id }, admin, 'BAD_USER_INPUT', 'id');
    });

    it('keeps the last active administrator', async () => {
      const keeper = await createPerson(t.http, admin, { role: 'ADMIN', municipalityCode: null, businessDomainCode: null });
      const others = (await allUsers(keeper.token)).filter((user) => user.role === 'ADMIN' && user.active && user.id !== keeper.id);
      expect(others.length).toBeGreaterThan(0);
      for (const other of others) await ok(t.http, DEACTIVATE, { id: other.id }, keeper.token);
      try {
        await rejects(t, UPDATE_USER, { id: keeper.id, input: { role: 'USER' } }, keeper.token, 'BAD_USER_INPUT', 'input.role');
        await rejects(t, DEACTIVATE, { id: keeper.id }, keeper.token, 'BAD_USER_INPUT', 'id');
        // A second admin makes a demotion possible again.
        const second = await createPerson(t.http, keeper.token, { role: 'ADMIN', municipalityCode: null, businessDomainCode: null });
        await ok(t.http, UPDATE_USER, { id: second.id, input: { role: 'USER' } }, keeper.token);
      } finally {
        for (const other of others) await ok(t.http, REACTIVATE, { id: other.id }, keeper.token);
      }
      expect((await ok(t.http, ME, {}, admin)).me.role).toBe('ADMIN');
    });

    it('answers NOT_FOUND for an unknown user and FORBIDDEN for non-admins, writing nothing', async () => {
      await rejects(t, DEACTIVATE, { id: randomUUID() }, admin, 'NOT_FOUND', 'id');
      await rejects(t, REACTIVATE, { id: randomUUID() }, admin, 'NOT_FOUND', 'id');
      const [a, b] = [await createPerson(t.http, admin), await createPerson(t.http, admin)];
      await rejects(t, DEACTIVATE, { id: b.id }, a.token, 'FORBIDDEN');
      await ok(t.http, DEACTIVATE, { id: b.id }, admin);
      await rejects(t, REACTIVATE, { id: b.id }, a.token, 'FORBIDDEN');
    });
  });

  describe('issuePasswordReset and setPasswordWithToken', () => {
    it('sets a new password with a token that works once', async () => {
      const person = await createPerson(t.http, admin);
      const reset = await ok(t.http, RESET, { userId: person.id }, admin);
      const newPassword = 'another fine passphrase 7';
      const session = await ok(t.http, SET_PASSWORD, { token: reset.issuePasswordReset.token, password: newPassword });
      expect(session.setPasswordWithToken.user.id).toBe(person.id);
      await expect(login(t.http, person.email, PASSWORD)).rejects.toThrow('UNAUTHENTICATED');
      expect(await login(t.http, person.email, newPassword)).toEqual(expect.any(String));
      await rejects(t, SET_PASSWORD, { token: reset.issuePasswordReset.token, password: 'yet another passphrase 9' }, undefined, 'UNAUTHENTICATED');
    });

    it('voids an earlier unused token', async () => {
      const created = await ok(t.http, CREATE_USER, { input: { name: 'Uitgenodigd', email: email('Uitnodiging') } }, admin);
      const reset = await ok(t.http, RESET, { userId: created.createUser.user.id }, admin);
      await rejects(t, SET_PASSWORD, { token: created.createUser.invitation.token, password: PASSWORD }, undefined, 'UNAUTHENTICATED');
      await ok(t.http, SET_PASSWORD, { token: reset.issuePasswordReset.token, password: PASSWORD });
    });

    it('applies the password policy without using up the token', async () => {
      const person = await createPerson(t.http, admin);
      const { issuePasswordReset: reset } = await ok(t.http, RESET, { userId: person.id }, admin);
      const short = await rejects(t, SET_PASSWORD, { token: reset.token, password: 'short 1' }, undefined, 'BAD_USER_INPUT', 'newPassword');
      expect(short.message).toContain('at least 12');
      const local = person.email.split('@')[0];
      const withAddress = await rejects(t, SET_PASSWORD, { token: reset.token, password: `my ${local} secret` }, undefined, 'BAD_USER_INPUT', 'newPassword');
      expect(withAddress.message).toContain('e-mail');
      await rejects(t, SET_PASSWORD, { token: reset.token, password: `x${person.email.toUpperCase()}` }, undefined, 'BAD_USER_INPUT', 'newPassword');
      await rejects(t, SET_PASSWORD, { token: reset.token, password: 'aaaabbbbaaaabbbb' }, undefined, 'BAD_USER_INPUT', 'newPassword');
      await ok(t.http, SET_PASSWORD, { token: reset.token, password: 'a policy-proof passphrase' });
    });

    it('refuses tokens it did not hand out', async () => {
      await rejects(t, SET_PASSWORD, { token: 'garbage', password: PASSWORD }, undefined, 'UNAUTHENTICATED');
      await rejects(t, SET_PASSWORD, { token: `${randomUUID()}.${'A'.repeat(43)}`, password: PASSWORD }, undefined, 'UNAUTHENTICATED');
    });

    it('refuses a reset for a deactivated or unknown account, writing nothing', async () => {
      const person = await createPerson(t.http, admin);
      await ok(t.http, DEACTIVATE, { id: person.id }, admin);
      await rejects(t, RESET, { userId: person.id }, admin, 'BAD_USER_INPUT', 'userId');
      await rejects(t, RESET, { userId: randomUUID() }, admin, 'NOT_FOUND', 'id');
    });

    it('refuses a token of a deactivated account, writing nothing', async () => {
      const person = await createPerson(t.http, admin);
      const { issuePasswordReset: reset } = await ok(t.http, RESET, { userId: person.id }, admin);
      await ok(t.http, DEACTIVATE, { id: person.id }, admin);
      await rejects(t, SET_PASSWORD, { token: reset.token, password: 'a policy-proof passphrase' }, undefined, 'UNAUTHENTICATED');
    });

    it('lets only admins issue resets', async () => {
      const [a, b] = [await createPerson(t.http, admin), await createPerson(t.http, admin)];
      await rejects(t, RESET, { userId: b.id }, a.token, 'FORBIDDEN');
      await rejects(t, RESET, { userId: a.id }, a.token, 'FORBIDDEN');
      const response = await gql(t.http, RESET, { userId: a.id });
      expect(response.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    });
  });
});
