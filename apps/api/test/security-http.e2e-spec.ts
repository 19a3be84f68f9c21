import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { REQUEST_TIMEOUT_MS } from '../src/bootstrap';
import { ADMIN_EMAIL, ADMIN_PASSWORD, snapshotDatabase, startTestApp, type GraphQLResponse, type TestApp } from './support/test-app';

const LOGIN = 'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }';
const LOGIN_INLINE = `mutation { login(email: "${ADMIN_EMAIL}", password: "${ADMIN_PASSWORD}") { accessToken } }`;
const INTROSPECTION = '{ __schema { queryType { name } types { name } } }';

const refreshTokens = async (t: TestApp) => Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM refresh_tokens'))[0].n);

/** No stack trace, file path or HTML in what a client sees. */
function expectNoInternals(text: string): void {
  expect(text).not.toMatch(/\n\s+at |node_modules|\/src\/|<html|<pre/i);
}

describe('HTTP protections', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('security headers (helmet)', () => {
    it('sends them on the API, with a content security policy that allows nothing to load', async () => {
      for (const response of [
        await request(t.http).post('/graphql').set('content-type', 'application/json').send({ query: '{ __typename }' }),
        await request(t.http).get('/health'),
      ]) {
        expect(response.headers).toMatchObject({
          'content-security-policy': expect.stringContaining("default-src 'none'"),
          'x-content-type-options': 'nosniff',
          'x-frame-options': 'SAMEORIGIN',
          'strict-transport-security': expect.stringContaining('max-age='),
          'referrer-policy': 'no-referrer',
          'cross-origin-opener-policy': 'same-origin',
        });
        expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
        expect(response.headers['x-powered-by']).toBeUndefined();
        expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      }
    });

    it('in development, serves GraphiQL on GET /graphql without the CSP that would break it', async () => {
      const response = await request(t.http).get('/graphql').set('accept', 'text/html');
      expect(response.status).toBe(200);
      expect(response.text).toMatch(/graphiql/i);
      expect(response.headers['content-security-policy']).toBeUndefined();
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    });
  });

  describe('CSRF (Apollo csrfPrevention)', () => {
    it('does not run a mutation sent as text/plain, form data or multipart, or through GET', async () => {
      const before = await snapshotDatabase(t.dataSource);
      const tokens = await refreshTokens(t);
      const body = JSON.stringify({ query: LOGIN, variables: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
      const attempts = [
        await request(t.http).post('/graphql').set('content-type', 'text/plain').send(body),
        await request(t.http).post('/graphql').type('form').send({ query: LOGIN_INLINE }),
        await request(t.http).post('/graphql').field('query', LOGIN_INLINE),
        await request(t.http).get('/graphql').query({ query: LOGIN_INLINE }),
        await request(t.http).get('/graphql').set('apollo-require-preflight', 'true').query({ query: LOGIN_INLINE }),
      ];
      for (const response of attempts) {
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(response.text).not.toContain('accessToken');
      }
      expect(attempts[0].text).toMatch(/Cross-Site Request Forgery/);
      expect(attempts[1].text).toMatch(/Cross-Site Request Forgery/);
      expect(attempts[2].text).toMatch(/Cross-Site Request Forgery/);
      expect(await refreshTokens(t)).toBe(tokens);
      expect(await snapshotDatabase(t.dataSource)).toBe(before);
      // The control: the same mutation as JSON runs.
      const json = await request(t.http).post('/graphql').set('content-type', 'application/json').send(body);
      expect((json.body as GraphQLResponse).data?.login.accessToken).toEqual(expect.any(String));
    });
  });

  describe('request bodies', () => {
    it('answers a 20 MB JSON body with 413 and a JSON error', async () => {
      const before = await refreshTokens(t);
      const body = JSON.stringify({ query: LOGIN, variables: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD, padding: 'x'.repeat(20 * 1024 * 1024) } });
      const response = await request(t.http).post('/graphql').set('content-type', 'application/json').send(body);
      expect(response.status).toBe(413);
      expect(response.headers['content-type']).toMatch(/application\/json/);
      expect(response.body).toMatchObject({ statusCode: 413, message: expect.stringContaining('1mb') });
      expectNoInternals(response.text);
      expect(await refreshTokens(t)).toBe(before);
    });

    it('refuses an announced 20 MB body before reading it', async () => {
      const server = t.http as unknown as import('node:http').Server;
      if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const status = await new Promise<number>((resolve, reject) => {
        const call = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json', 'content-length': String(20 * 1024 * 1024) } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
          call.destroy();
        });
        call.on('error', (error) => (call.destroyed ? undefined : reject(error)));
        // Only the first 64 KB are ever sent: the answer must come without the rest.
        call.write('{"query":"' + 'x'.repeat(64 * 1024));
      });
      expect(status).toBe(413);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('stops reading a chunked body (no Content-Length) at the limit', async () => {
      const server = t.http as unknown as import('node:http').Server;
      if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const status = await new Promise<number>((resolve, reject) => {
        const call = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        call.on('error', reject);
        call.write('{"query":"');
        for (let chunk = 0; chunk < 5; chunk += 1) call.write('x'.repeat(512 * 1024));
        call.end('"}');
      });
      expect(status).toBe(413);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('answers malformed JSON with 400 and a JSON error without a stack', async () => {
      for (const text of ['{"query": "{ __typename }"', '{query: 1}', '\u0000\u0001', '[{"query":']) {
        const response = await request(t.http).post('/graphql').set('content-type', 'application/json').send(text);
        expect(response.status).toBe(400);
        expect(response.headers['content-type']).toMatch(/application\/json/);
        expect(response.body).toMatchObject({ statusCode: 400, message: expect.any(String) });
        expectNoInternals(response.text);
      }
    });
  });

  describe('connections', () => {
    it('gives a request two minutes to arrive whole (Fastify alone would wait for ever)', () => {
      expect((t.http as unknown as import('node:http').Server).requestTimeout).toBe(REQUEST_TIMEOUT_MS);
    });

    it('routes a path with a trailing slash as the path without it', async () => {
      expect((await request(t.http).get('/health/')).status).toBe(200);
    });
  });

  describe('CORS', () => {
    it('allows no cross-origin browser calls unless CORS_ORIGINS names the origin', async () => {
      const preflight = await request(t.http).options('/graphql').set('origin', 'https://evil.example').set('access-control-request-method', 'POST');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});

describe('configured limits and origins', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT: '10kb', CORS_ORIGINS: 'https://academy.example, https://beheer.academy.example' });
  });
  afterAll(() => t.close());

  it('takes the body limit from BODY_LIMIT', async () => {
    const small = await request(t.http).post('/graphql').set('content-type', 'application/json').send({ query: '{ __typename }', variables: { pad: 'x'.repeat(5_000) } });
    expect(small.status).toBe(200);
    const large = await request(t.http).post('/graphql').set('content-type', 'application/json').send({ query: '{ __typename }', variables: { pad: 'x'.repeat(20_000) } });
    expect(large.status).toBe(413);
  });

  it('answers preflights only for the origins in CORS_ORIGINS', async () => {
    const preflight = (origin: string) => request(t.http).options('/graphql').set('origin', origin).set('access-control-request-method', 'POST').set('access-control-request-headers', 'content-type,authorization');
    expect((await preflight('https://academy.example')).headers['access-control-allow-origin']).toBe('https://academy.example');
    const simple = await request(t.http).post('/graphql').set('origin', 'https://academy.example').set('content-type', 'application/json').send({ query: '{ __typename }' });
    expect(simple.headers['access-control-expose-headers']).toBe('X-Request-Id');
    expect((await preflight('https://beheer.academy.example')).headers['access-control-allow-origin']).toBe('https://beheer.academy.example');
    expect((await preflight('https://evil.example')).headers['access-control-allow-origin']).toBeUndefined();
    expect((await preflight('https://academy.example.evil.example')).headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('production (NODE_ENV=production)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ NODE_ENV: 'production' });
  });
  afterAll(() => t.close());

  it('refuses introspection', async () => {
    expect(t.config.exposesDevelopmentFeatures).toBe(false);
    for (const query of [INTROSPECTION, '{ __type(name: "User") { fields { name } } }']) {
      const response = await request(t.http).post('/graphql').set('content-type', 'application/json').send({ query });
      expect(response.status).toBe(400);
      const body = response.body as GraphQLResponse;
      expect(body.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(body.errors?.[0].message).toMatch(/introspection is not allowed/i);
      expect(JSON.stringify(body)).not.toContain('Mutation');
    }
  });

  it('serves no landing page or GraphiQL on GET /graphql', async () => {
    const response = await request(t.http).get('/graphql').set('accept', 'text/html');
    expect(response.text).not.toMatch(/<html|graphiql|apollo sandbox|embeddable/i);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('gives no field suggestions that would map the schema', async () => {
    const response = await request(t.http).post('/graphql').set('content-type', 'application/json').send({ query: '{ mee { id } }' });
    const body = response.body as GraphQLResponse;
    expect(body.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors?.[0].message).not.toMatch(/did you mean|"me"/i);
  });
});

describe('start-up without NODE_ENV', () => {
  const ROOT = join(__dirname, '../../..');
  const dir = mkdtempSync(join(tmpdir(), 'academy-security-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exposes no development features: no introspection, no GraphiQL', async () => {
    const port = String(42000 + Math.floor(Math.random() * 1000));
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      TS_NODE_COMPILER_OPTIONS: '{"module":"commonjs","moduleResolution":"node10","ignoreDeprecations":"6.0","resolvePackageJsonExports":false}',
      PORT: port,
      SQLITE_PATH: join(dir, 'academy.sqlite'),
      JWT_SECRET_FILE: join(dir, 'jwt-secret'),
      ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    };
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const until = Date.now() + 45_000;
      while (!output.includes(`:${port}/graphql`)) {
        if (Date.now() > until) throw new Error(`did not start:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const introspection = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: INTROSPECTION }) });
      expect(introspection.status).toBe(400);
      expect(JSON.stringify(await introspection.json())).toMatch(/introspection is not allowed/i);
      const landing = await fetch(`http://127.0.0.1:${port}/graphql`, { headers: { accept: 'text/html' } });
      expect(await landing.text()).not.toMatch(/<html|graphiql/i);
      // Logs are JSON lines (pino), and the start-up line says where the server listens.
      const listening = output.split('\n').find((line) => line.includes(`:${port}/graphql`));
      expect(JSON.parse(listening ?? '{}')).toMatchObject({ level: 30, msg: expect.stringContaining('/graphql') });
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 60_000);
});
