import { JwtService } from '@nestjs/jwt';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { PasswordTokenEntity } from '../src/auth/password-token.entity';
import { PasswordService } from '../src/auth/password.service';
import { UserEntity } from '../src/users/user.entity';
import { createPerson, PASSWORD, PersonFixture } from './support/fixtures';
import { errorCodes, inviteUser, loginSession, refreshSession, tryLogin, tryRefresh, SessionTokens } from './support/matrix-support';
import { gql, GraphQLResponse, loginAdmin, ok, startTestApp, TestApp } from './support/test-app';

/** Two fields, so a refused token is seen to yield no data at all, not just no `me`. */
const PROBE = `{ me { id email } cohorts { totalCount } }`;
const SET_PASSWORD = `mutation ($token: String!, $password: String!) { setPasswordWithToken(token: $token, newPassword: $password) { accessToken refreshToken } }`;
const CHANGE_PASSWORD = `mutation ($current: String!, $next: String!) { changeMyPassword(currentPassword: $current, newPassword: $next) }`;
const NEW_PASSWORD = 'new and improved passphrase 9';

const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const decode = (segment: string): Record<string, unknown> => JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as Record<string, unknown>;

function expectUnauthenticated(response: GraphQLResponse<unknown>): void {
  expect(response.data).toBeNull();
  expect(new Set(errorCodes(response))).toEqual(new Set(['UNAUTHENTICATED']));
}

describe('auth tokens', () => {
  let t: TestApp;
  let adminToken: string;

  beforeAll(async () => {
    t = await startTestApp();
    adminToken = await loginAdmin(t.http);
  });
  afterAll(() => t.close());

  describe('access tokens', () => {
    let person: PersonFixture;
    /** The claims of a token the server issued: the template for the forged ones below. */
    let claims: Record<string, unknown>;
    let jwt: JwtService;
    const now = () => Math.floor(Date.now() / 1000);
    const probe = (token: string) => gql(t.http, PROBE, {}, token);

    beforeAll(async () => {
      person = await createPerson(t.http, adminToken, { name: 'Lotte Smit' });
      claims = decode(person.token.split('.')[1]);
      jwt = t.app.get(JwtService);
    });

    it('issues HS256 tokens with issuer, audience and expiry, and accepts a copy signed the same way', async () => {
      expect(decode(person.token.split('.')[0])).toMatchObject({ alg: 'HS256' });
      expect(claims).toMatchObject({ sub: person.id, iss: expect.any(String), aud: expect.any(String), exp: expect.any(Number) });
      // The control for every refusal below: the same crafting with good claims works.
      const copy = jwt.sign({ ...claims, iat: now(), exp: now() + 600 }, { algorithm: 'HS256' });
      expect((await ok<{ me: { id: string } }>(t.http, PROBE, {}, copy)).me.id).toBe(person.id);
    });

    it('refuses an expired token', async () => {
      const expired = jwt.sign({ ...claims, iat: now() - 3600, exp: now() - 60 }, { algorithm: 'HS256' });
      const response = await probe(expired);
      expectUnauthenticated(response);
      expect(response.errors?.[0].message).toMatch(/expired/i);
    });

    it('refuses a token whose payload was changed', async () => {
      const adminId = (await ok<{ me: { id: string } }>(t.http, `{ me { id } }`, {}, adminToken)).me.id;
      const [header, , signature] = person.token.split('.');
      expectUnauthenticated(await probe(`${header}.${base64url({ ...claims, sub: adminId, role: 'ADMIN' })}.${signature}`));
      expectUnauthenticated(await probe(`${header}.${base64url({ ...claims, exp: now() + 86400 * 365 })}.${signature}`));
    });

    it('refuses a token signed with another secret', async () => {
      expectUnauthenticated(await probe(jwt.sign({ ...claims }, { algorithm: 'HS256', secret: randomBytes(32).toString('hex') })));
    });

    it('refuses alg "none" and algorithms other than HS256, even with the right secret', async () => {
      const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;
      expectUnauthenticated(await probe(unsigned));
      expectUnauthenticated(await probe(`${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.${person.token.split('.')[2]}`));
      expectUnauthenticated(await probe(jwt.sign({ ...claims }, { algorithm: 'HS512' })));
    });

    it('refuses a wrong or missing issuer or audience', async () => {
      const { iss, aud, ...rest } = claims;
      expect([iss, aud]).toEqual([expect.any(String), expect.any(String)]);
      for (const forged of [{ ...claims, iss: 'someone-else' }, { ...claims, aud: 'another-api' }, rest]) {
        expectUnauthenticated(await probe(jwt.sign(forged, { algorithm: 'HS256' })));
      }
    });

    it('refuses a valid signature for an unknown or deleted user', async () => {
      expectUnauthenticated(await probe(jwt.sign({ ...claims, sub: randomUUID() }, { algorithm: 'HS256' })));
      const doomed = await createPerson(t.http, adminToken, { name: 'Wordt Verwijderd' });
      await ok(t.http, `{ me { id } }`, {}, doomed.token);
      await t.dataSource.getRepository(UserEntity).delete({ id: doomed.id });
      expectUnauthenticated(await probe(doomed.token));
    });

    it('takes the role from the database, not from the token', async () => {
      const promoted = jwt.sign({ ...claims, role: 'ADMIN' }, { algorithm: 'HS256' });
      const response = await gql(t.http, `{ users { totalCount } }`, {}, promoted);
      expect(errorCodes(response)).toEqual(['FORBIDDEN']);
      expect(response.data).toBeNull();
    });

    it('refuses malformed Authorization headers', async () => {
      for (const header of ['Bearer', `Basic ${person.token}`, person.token, 'Bearer a.b.c', `Bearer ${person.token} extra`]) {
        const response = await request(t.http).post('/graphql').set('content-type', 'application/json').set('authorization', header).send({ query: PROBE });
        expectUnauthenticated(response.body as GraphQLResponse);
      }
    });
  });

  describe('sessions', () => {
    let person: PersonFixture;
    const session = () => loginSession(t.http, person.email, PASSWORD);

    beforeEach(async () => {
      person = await createPerson(t.http, adminToken, { name: 'Daan Mulder' });
    });

    it('rotates refresh tokens: the new pair works, the old refresh token does not', async () => {
      const first = await session();
      const second = await refreshSession(t.http, first.refreshToken);
      expect(second.refreshToken).not.toBe(first.refreshToken);
      await ok(t.http, `{ me { id } }`, {}, second.accessToken);
      expectUnauthenticated(await tryRefresh(t.http, first.refreshToken));
    });

    it('revokes the whole family when a rotated refresh token is reused, and no other session', async () => {
      const first = await session();
      const second = await refreshSession(t.http, first.refreshToken);
      const third = await refreshSession(t.http, second.refreshToken);
      const elsewhere = await session();

      const reuse = await tryRefresh(t.http, first.refreshToken);
      expectUnauthenticated(reuse);
      expect(reuse.errors?.[0].message).toMatch(/already used/);
      // The thief's copy and the owner's newest token die together ...
      expectUnauthenticated(await tryRefresh(t.http, third.refreshToken));
      // ... while a separate login of the same person lives on.
      await refreshSession(t.http, elsewhere.refreshToken);
    });

    it('refuses refresh tokens that are malformed or have a wrong secret', async () => {
      const { refreshToken } = await session();
      const [id] = refreshToken.split('.');
      for (const forged of ['nonsense', `${id}.${randomBytes(32).toString('base64url')}`, `${randomUUID()}.${randomBytes(32).toString('base64url')}`]) {
        expectUnauthenticated(await tryRefresh(t.http, forged));
      }
      // A wrong guess at the secret does not burn the real token.
      await refreshSession(t.http, refreshToken);
    });

    it('ends a session on logout, and only the caller’s own', async () => {
      const mine = await session();
      const other = await session();
      const stranger = await createPerson(t.http, adminToken, { name: 'Vreemde Eend' });
      const strangers = await loginSession(t.http, stranger.email, PASSWORD);

      const foreign = await gql(t.http, `mutation ($r: String!) { logout(refreshToken: $r) }`, { r: strangers.refreshToken }, mine.accessToken);
      expect(errorCodes(foreign)).toEqual(['BAD_USER_INPUT']);
      await refreshSession(t.http, strangers.refreshToken);

      expect(await ok(t.http, `mutation ($r: String!) { logout(refreshToken: $r) }`, { r: mine.refreshToken }, mine.accessToken)).toEqual({ logout: true });
      expectUnauthenticated(await tryRefresh(t.http, mine.refreshToken));
      await refreshSession(t.http, other.refreshToken);
    });

    it('ends every session on logout everywhere', async () => {
      const sessions: SessionTokens[] = [await session(), await session(), await session()];
      await ok(t.http, `mutation { logout(everywhere: true) }`, {}, sessions[0].accessToken);
      for (const { refreshToken } of sessions) expectUnauthenticated(await tryRefresh(t.http, refreshToken));
    });

    it('shuts a deactivated user out at once: access token, refresh and login', async () => {
      const live = await session();
      await ok(t.http, `mutation ($id: ID!) { deactivateUser(id: $id) { active } }`, { id: person.id }, adminToken);
      expectUnauthenticated(await gql(t.http, PROBE, {}, live.accessToken));
      expectUnauthenticated(await tryRefresh(t.http, live.refreshToken));
      expectUnauthenticated(await tryLogin(t.http, person.email, PASSWORD));

      await ok(t.http, `mutation ($id: ID!) { reactivateUser(id: $id) { active } }`, { id: person.id }, adminToken);
      await session();
      // Sessions ended by the deactivation stay ended.
      expectUnauthenticated(await tryRefresh(t.http, live.refreshToken));
    });

    it('ends the other sessions when a password is changed', async () => {
      const here = await session();
      const there = await session();

      const wrong = await gql(t.http, CHANGE_PASSWORD, { current: 'not my password at all', next: NEW_PASSWORD }, here.accessToken);
      expect(errorCodes(wrong)).toEqual(['BAD_USER_INPUT']);
      expect(wrong.errors?.[0].extensions.problems?.[0].field).toBe('currentPassword');

      expect(await ok(t.http, CHANGE_PASSWORD, { current: PASSWORD, next: NEW_PASSWORD }, here.accessToken)).toEqual({ changeMyPassword: true });
      expectUnauthenticated(await tryRefresh(t.http, there.refreshToken));
      expectUnauthenticated(await tryLogin(t.http, person.email, PASSWORD));
      await loginSession(t.http, person.email, NEW_PASSWORD);
    });

    it('does not tell whether an account exists', async () => {
      const unknown = await tryLogin(t.http, 'nobody.here@gemeente.example', PASSWORD);
      const wrong = await tryLogin(t.http, person.email, 'not the password 123');
      expectUnauthenticated(unknown);
      expectUnauthenticated(wrong);
      expect(unknown.errors?.[0].message).toBe(wrong.errors?.[0].message);
    });

    it('resolves the private fields of the user in a login, refresh or invitation payload', async () => {
      const fields = `user { id email role active }`;
      const login = await ok<{ login: { refreshToken: string; user: object } }>(
        t.http,
        `mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { refreshToken ${fields} } }`,
        { e: person.email, p: PASSWORD },
      );
      expect(login.login.user).toEqual({ id: person.id, email: person.email, role: 'USER', active: true });
      const refreshed = await ok<{ refreshToken: { user: object } }>(
        t.http,
        `mutation ($r: String!) { refreshToken(refreshToken: $r) { ${fields} } }`,
        { r: login.login.refreshToken },
      );
      expect(refreshed.refreshToken.user).toEqual(login.login.user);
      const invited = await inviteUser(t.http, adminToken);
      const accepted = await ok<{ setPasswordWithToken: { user: object } }>(
        t.http,
        `mutation ($t: String!, $p: String!) { setPasswordWithToken(token: $t, newPassword: $p) { ${fields} } }`,
        { t: invited.invitation, p: PASSWORD },
      );
      expect(accepted.setPasswordWithToken.user).toEqual({ id: invited.id, email: invited.email, role: 'USER', active: true });
    });
  });

  describe('password tokens', () => {
    it('work once', async () => {
      const invited = await inviteUser(t.http, adminToken);
      const { setPasswordWithToken } = await ok<{ setPasswordWithToken: SessionTokens }>(t.http, SET_PASSWORD, { token: invited.invitation, password: PASSWORD });
      await ok(t.http, `{ me { id } }`, {}, setPasswordWithToken.accessToken);
      expectUnauthenticated(await gql(t.http, SET_PASSWORD, { token: invited.invitation, password: NEW_PASSWORD }));
      await loginSession(t.http, invited.email, PASSWORD);
    });

    it('expire after PASSWORD_TOKEN_TTL_HOURS', async () => {
      const before = Date.now();
      const created = await ok<{ createUser: { user: { id: string }; invitation: { token: string; expiresAt: string } } }>(
        t.http,
        `mutation ($input: CreateUserInput!) { createUser(input: $input) { user { id } invitation { token expiresAt } } }`,
        { input: { name: 'Bram de Boer', email: `bram.${randomBytes(4).toString('hex')}@gemeente.example` } },
        adminToken,
      );
      const ttl = t.config.PASSWORD_TOKEN_TTL_HOURS * 3600_000;
      const expiresAt = Date.parse(created.createUser.invitation.expiresAt);
      expect(expiresAt).toBeGreaterThanOrEqual(before + ttl - 1000);
      expect(expiresAt).toBeLessThanOrEqual(Date.now() + ttl + 1000);

      // Time travel: the token's hour has passed.
      await t.dataSource
        .getRepository(PasswordTokenEntity)
        .update({ userId: created.createUser.user.id }, { expiresAt: new Date(Date.now() - 1000) });
      const response = await gql(t.http, SET_PASSWORD, { token: created.createUser.invitation.token, password: PASSWORD });
      expectUnauthenticated(response);
      expect(response.errors?.[0].message).toMatch(/expired/);
    });

    it('are superseded by a newer one, and a reset ends the sessions the account had', async () => {
      const person = await createPerson(t.http, adminToken, { name: 'Eva Bakker' });
      const old = await loginSession(t.http, person.email, PASSWORD);
      const issue = async () =>
        (await ok<{ issuePasswordReset: { token: string } }>(t.http, `mutation ($id: ID!) { issuePasswordReset(userId: $id) { token } }`, { id: person.id }, adminToken))
          .issuePasswordReset.token;
      const first = await issue();
      const second = await issue();
      expectUnauthenticated(await gql(t.http, SET_PASSWORD, { token: first, password: NEW_PASSWORD }));
      await ok(t.http, SET_PASSWORD, { token: second, password: NEW_PASSWORD });
      expectUnauthenticated(await tryRefresh(t.http, old.refreshToken));
      await loginSession(t.http, person.email, NEW_PASSWORD);
    });
  });

  describe('password input', () => {
    it('refuses a 1 MB password with BAD_USER_INPUT before any hashing', async () => {
      const person = await createPerson(t.http, adminToken, { name: 'Mark Groot' });
      const invited = await inviteUser(t.http, adminToken);
      const huge = 'x'.repeat(1_000_000);
      const passwords = t.app.get(PasswordService);
      const verify = jest.spyOn(passwords, 'verify');
      const hash = jest.spyOn(passwords, 'hash');
      try {
        const calls: [string, Record<string, unknown>, string | undefined][] = [
          [`mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`, { e: person.email, p: huge }, undefined],
          [SET_PASSWORD, { token: invited.invitation, password: huge }, undefined],
          [CHANGE_PASSWORD, { current: huge, next: NEW_PASSWORD }, person.token],
          [CHANGE_PASSWORD, { current: PASSWORD, next: huge }, person.token],
        ];
        for (const [query, variables, token] of calls) {
          const started = Date.now();
          const response = await gql(t.http, query, variables, token);
          expect(Date.now() - started).toBeLessThan(2000);
          expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
          expect(response.errors?.[0].message.length).toBeLessThan(200);
        }
        expect(verify).not.toHaveBeenCalled();
        expect(hash).not.toHaveBeenCalled();
      } finally {
        verify.mockRestore();
        hash.mockRestore();
      }
      // The invitation was not used up by the refused attempt.
      await ok(t.http, SET_PASSWORD, { token: invited.invitation, password: PASSWORD });
    });

    it('explains the password policy per field, and a refused password leaves the token usable', async () => {
      const invited = await inviteUser(t.http, adminToken);
      const localPart = invited.email.split('@')[0];
      const cases: [string, string][] = [
        ['short pass', 'must be at least 12 characters'],
        [`my ${localPart} secret`, 'must not contain your e-mail address'],
        ['abababababababab', 'must contain at least 5 different characters'],
        ['y'.repeat(257), 'must be shorter than or equal to 256 characters'],
      ];
      for (const [password, message] of cases) {
        const response = await gql(t.http, SET_PASSWORD, { token: invited.invitation, password });
        expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
        expect(response.errors?.[0].extensions.problems).toEqual([{ field: 'newPassword', message }]);
      }
      const session = (await ok<{ setPasswordWithToken: SessionTokens }>(t.http, SET_PASSWORD, { token: invited.invitation, password: PASSWORD }))
        .setPasswordWithToken;

      const short = await gql(t.http, CHANGE_PASSWORD, { current: PASSWORD, next: 'too short' }, session.accessToken);
      expect(short.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', problems: [{ field: 'newPassword', message: 'must be at least 12 characters' }] });
    });
  });
});
