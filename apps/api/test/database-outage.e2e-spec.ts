import { randomBytes } from 'node:crypto';
import { childGql, childLogin, ChildServer, startChildServer, withPostgres } from './support/child-server';

const ADMIN_EMAIL = 'outage-admin@test.academy';
const ADMIN_PASSWORD = 'outage passphrase 12';
const CREATE_COHORT = `mutation ($name: String!) { createCohort(input: { name: $name, startDate: "2027-01-01", endDate: "2027-12-31" }) { id } }`;

async function healthStatus(url: string): Promise<number> {
  return (await fetch(`${url}/health`)).status;
}

async function waitForHealth(url: string, status: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  let last = 0;
  while (Date.now() < until) {
    last = await healthStatus(url);
    if (last === status) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`/health stayed ${last}, expected ${status}`);
}

/*
 * PostgreSQL only. The database goes away under a running server in a reversible way: a
 * dedicated database stops accepting connections (ALLOW_CONNECTIONS false) and every backend of
 * it is terminated, which is what the server sees when PostgreSQL restarts or fails over.
 *
 * Not run on SQLite: the embedded database lives in the server's own process and keeps its file
 * open, so it cannot "go away" independently of the process (removing or chmod-ing the file
 * does not affect an open handle), and there is nothing to recover from.
 */
const describePostgres = process.env.DATABASE_URL ? describe : describe.skip;

describePostgres('the database going away and coming back (PostgreSQL)', () => {
  const database = `academy_outage_${randomBytes(4).toString('hex')}`;
  let server: ChildServer | undefined;
  const databaseUrl = () => {
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${database}`;
    return url.toString();
  };

  const setConnections = (allowed: boolean) =>
    withPostgres(async (client) => {
      await client.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS ${allowed}`);
      if (!allowed) {
        await client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [database]);
      }
    });

  beforeAll(async () => {
    await withPostgres((client) => client.query(`CREATE DATABASE ${database}`));
    server = await startChildServer({ DATABASE_URL: databaseUrl(), JWT_SECRET: randomBytes(32).toString('hex'), ADMIN_EMAIL, ADMIN_PASSWORD });
  }, 90_000);

  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await setConnections(true).catch(() => undefined);
    await withPostgres((client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  });

  it('turns unready while the database is away, keeps serving HTTP, and recovers when it is back', async () => {
    const { url } = server!;
    const token = await childLogin(url, ADMIN_EMAIL, ADMIN_PASSWORD);
    expect((await childGql(url, CREATE_COHORT, { name: 'Voor de storing' }, token)).data).toEqual({ createCohort: { id: expect.any(String) } });

    await setConnections(false);
    try {
      await waitForHealth(url, 503, 15_000);
      // Still up and answering: health keeps saying 503, and an operation fails with an error
      // the client can read (masked, never a hang or a dropped connection).
      for (let i = 0; i < 3; i += 1) expect(await healthStatus(url)).toBe(503);
      const during = await childGql(url, CREATE_COHORT, { name: 'Tijdens de storing' }, token);
      expect(during.data).toBeNull();
      expect(during.errors?.[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
      expect(during.errors?.[0].message).not.toMatch(/ALLOW_CONNECTIONS|database .* is not currently accepting connections|terminat/i);
      expect(server!.child.exitCode).toBeNull();
    } finally {
      await setConnections(true);
    }

    await waitForHealth(url, 200, 20_000);
    const after = await childGql<{ createCohort: { id: string } }>(url, CREATE_COHORT, { name: 'Na de storing' }, token);
    expect(after.errors).toBeUndefined();
    const list = await childGql<{ cohort: { name: string } }>(url, `query ($id: ID!) { cohort(id: $id) { name } }`, { id: after.data!.createCohort.id }, token);
    expect(list.data).toEqual({ cohort: { name: 'Na de storing' } });
    // The write attempted during the outage did not half-happen.
    const names = await withPostgres(async (client) => (await client.query<{ name: string }>(`SELECT name FROM cohorts ORDER BY name`)).rows.map((row) => row.name), databaseUrl());
    expect(names).toEqual(['Na de storing', 'Voor de storing']);
    expect(server!.child.exitCode).toBeNull();
  }, 90_000);
});
