import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { AuthService } from '../src/auth/auth.service';
import { clientAddressTracker } from '../src/auth/login-throttler.guard';
import { SystemRole, UserEntity } from '../src/users/user.entity';
import { CreateUserInput } from '../src/users/user.inputs';
import { UsersService } from '../src/users/users.service';
import { PASSWORD } from './support/fixtures';
import { errorCodes, tryLogin, tryRefresh } from './support/matrix-support';
import { GraphQLResponse, startTestApp, TestApp } from './support/test-app';

/**
 * Login attempts are limited per account and per client address. Every app here starts with
 * its own limits and an empty counter; accounts are made through the services, so that no
 * login, refresh or invitation over HTTP spends any of the budget under test.
 */

const WRONG = 'definitely not it 000';
const LOGIN = `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }`;

async function accounts(t: TestApp, count: number): Promise<string[]> {
  const admin = await t.dataSource.getRepository(UserEntity).findOneByOrFail({ role: SystemRole.ADMIN });
  const users = t.app.get(UsersService);
  const auth = t.app.get(AuthService);
  const emails: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const email = `account${i}.${randomBytes(4).toString('hex')}@gemeente.example`;
    const input = Object.assign(new CreateUserInput(), { name: `Account ${i}`, email, role: SystemRole.USER });
    const { invitation } = await users.create({ id: admin.id, role: SystemRole.ADMIN }, input);
    await auth.setPasswordWithToken(invitation.token, PASSWORD);
    emails.push(email);
  }
  return emails;
}

/** A login straight over HTTP, to set headers and read them. */
const rawLogin = (t: TestApp, email: string, password: string, headers: Record<string, string> = {}) =>
  request(t.http).post('/graphql').set('content-type', 'application/json').set(headers).send({ query: LOGIN, variables: { email, password } });

describe('login throttling', () => {
  describe('per account (5 attempts per 900 s)', () => {
    let t: TestApp;
    let emails: string[];

    beforeAll(async () => {
      // The alias limit refuses 100 aliased logins before they run (security-limits.e2e-spec.ts);
      // it is raised here to prove the throttle holds on its own as a second line of defence.
      t = await startTestApp({
        LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: '5',
        LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '1000',
        LOGIN_WINDOW_SECONDS: '900',
        GRAPHQL_MAX_ALIASES: '200',
      });
      emails = await accounts(t, 4);
    });
    afterAll(() => t.close());

    it('refuses the 6th attempt even with the right password, in any spelling of the address; other accounts still log in', async () => {
      const [target, bystander] = emails;
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        expect({ attempt, codes: errorCodes(await tryLogin(t.http, target, WRONG)) }).toEqual({ attempt, codes: ['UNAUTHENTICATED'] });
      }
      const sixth = await rawLogin(t, target, PASSWORD);
      expect(errorCodes(sixth.body as GraphQLResponse)).toEqual(['TOO_MANY_REQUESTS']);
      expect((sixth.body as GraphQLResponse).data).toBeNull();
      expect(Number(sixth.headers['retry-after-account'])).toBeGreaterThan(0);
      expect(errorCodes(await tryLogin(t.http, `  ${target.toUpperCase()} `, PASSWORD))).toEqual(['TOO_MANY_REQUESTS']);

      expect(errorCodes(await tryLogin(t.http, bystander, PASSWORD))).toEqual([]);
    });

    it('counts every aliased login field of one document as an attempt', async () => {
      const target = emails[2];
      const fields = Array.from({ length: 100 }, (_, i) => `a${i}: login(email: $email, password: $password) { accessToken }`);
      const document = `mutation ($email: String!, $password: String!) { ${fields.join(' ')} }`;
      // With the right password, five fields get a session and the sixth is refused; mutation
      // fields run in order and a failed non-null field ends the document.
      const response = (await request(t.http).post('/graphql').set('content-type', 'application/json').send({ query: document, variables: { email: target, password: PASSWORD } }))
        .body as GraphQLResponse;
      expect(response.errors?.map((error) => [error.path?.[0], error.extensions.code])).toEqual([['a5', 'TOO_MANY_REQUESTS']]);
      expect(response.data).toBeNull();
      expect(errorCodes(await tryLogin(t.http, target, PASSWORD))).toEqual(['TOO_MANY_REQUESTS']);
    });

    it('does not let a document of wrong guesses try more than one of them', async () => {
      const target = emails[3];
      const fields = Array.from({ length: 100 }, (_, i) => `a${i}: login(email: $email, password: "${WRONG} ${i}") { accessToken }`);
      const response = (
        await request(t.http)
          .post('/graphql')
          .set('content-type', 'application/json')
          .send({ query: `mutation ($email: String!) { ${fields.join(' ')} }`, variables: { email: target } })
      ).body as GraphQLResponse;
      expect(response.errors?.map((error) => [error.path?.[0], error.extensions.code])).toEqual([['a0', 'UNAUTHENTICATED']]);
      // That was attempt 1 of 5.
      for (let attempt = 2; attempt <= 5; attempt += 1) expect(errorCodes(await tryLogin(t.http, target, WRONG))).toEqual(['UNAUTHENTICATED']);
      expect(errorCodes(await tryLogin(t.http, target, PASSWORD))).toEqual(['TOO_MANY_REQUESTS']);
    });
  });

  describe('per client address (8 attempts per 900 s)', () => {
    let t: TestApp;
    let emails: string[];

    beforeAll(async () => {
      t = await startTestApp({ LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: '5', LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '8', LOGIN_WINDOW_SECONDS: '900' });
      emails = await accounts(t, 5);
    });
    afterAll(() => t.close());

    it('refuses the 9th attempt from one address, for an account that has not been tried', async () => {
      // Two attempts on each of four accounts: no account reaches its own limit of 5.
      for (const email of emails.slice(0, 4)) {
        expect(errorCodes(await tryLogin(t.http, email, WRONG))).toEqual(['UNAUTHENTICATED']);
        expect(errorCodes(await tryLogin(t.http, email, PASSWORD))).toEqual([]);
      }
      const ninth = await rawLogin(t, emails[4], PASSWORD);
      expect(errorCodes(ninth.body as GraphQLResponse)).toEqual(['TOO_MANY_REQUESTS']);
      expect(Number(ninth.headers['retry-after-address'])).toBeGreaterThan(0);
    });

    it('limits guessing refresh tokens per address too', async () => {
      const guess = () => `${'0'.repeat(8)}-0000-4000-8000-${randomBytes(6).toString('hex')}.${randomBytes(32).toString('base64url')}`;
      for (let attempt = 1; attempt <= 8; attempt += 1) expect(errorCodes(await tryRefresh(t.http, guess()))).toEqual(['UNAUTHENTICATED']);
      expect(errorCodes(await tryRefresh(t.http, guess()))).toEqual(['TOO_MANY_REQUESTS']);
    });
  });

  describe('forged X-Forwarded-For (trust proxy off)', () => {
    let t: TestApp;
    let emails: string[];

    beforeAll(async () => {
      t = await startTestApp({ LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: '5', LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '8', LOGIN_WINDOW_SECONDS: '900' });
      emails = await accounts(t, 9);
    });
    afterAll(() => t.close());

    it('does not give each forged address a budget of its own', async () => {
      expect(t.config.TRUST_PROXY).toBeUndefined();
      for (let attempt = 1; attempt <= 8; attempt += 1) {
        const response = await rawLogin(t, emails[attempt - 1], WRONG, { 'x-forwarded-for': `203.0.113.${attempt}`, 'x-real-ip': `198.51.100.${attempt}` });
        expect({ attempt, codes: errorCodes(response.body as GraphQLResponse) }).toEqual({ attempt, codes: ['UNAUTHENTICATED'] });
      }
      const ninth = await rawLogin(t, emails[8], PASSWORD, { 'x-forwarded-for': '192.0.2.77' });
      expect(errorCodes(ninth.body as GraphQLResponse)).toEqual(['TOO_MANY_REQUESTS']);
    });
  });

  it('counts an IPv6 client per /64 and an IPv4-mapped address as its IPv4 address', () => {
    const tracker = (ip: string) => clientAddressTracker({ ip });
    expect(tracker('2001:db8:1:2::1')).toBe(tracker('2001:db8:1:2:ffff:ffff:ffff:fffe'));
    expect(tracker('2001:db8:1:2::1')).not.toBe(tracker('2001:db8:1:3::1'));
    expect(tracker('::ffff:192.0.2.10')).toBe(tracker('192.0.2.10'));
    expect(tracker('192.0.2.10')).not.toBe(tracker('192.0.2.11'));
  });
});
