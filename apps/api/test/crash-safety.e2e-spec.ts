import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { childGql, childLogin, createPostgresSchema, startChildServer, withPostgres } from './support/child-server';

const ADMIN_EMAIL = 'crash-admin@test.academy';
const ADMIN_PASSWORD = 'crash safe passphrase 7';
const CREATE_COHORT = `mutation ($input: CreateCohortInput!) { createCohort(input: $input) { id } }`;
const postgres = Boolean(process.env.DATABASE_URL);

/**
 * Durability: a write the server acknowledged survives a SIGKILL. Clients keep creating cohorts
 * in parallel; the server is killed mid-way (without warning, so no graceful shutdown), restarted
 * on the same database, and every acknowledged cohort must be there, each with the audit entry
 * of its transaction (no half-written transaction), and SQLite's integrity check must pass.
 */
describe('crash safety', () => {
  const dir = mkdtempSync(join(tmpdir(), 'academy-crash-'));
  const sqlitePath = join(dir, 'academy.sqlite');
  let pg: { schema: string; drop(): Promise<void> } | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    if (postgres) pg = await createPostgresSchema();
    env = {
      SQLITE_PATH: sqlitePath,
      JWT_SECRET: randomBytes(32).toString('hex'),
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
      ...(postgres ? { DATABASE_URL: process.env.DATABASE_URL!, DATABASE_SCHEMA: pg!.schema } : {}),
    };
  });

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await pg?.drop();
  });

  it('keeps every acknowledged write across a SIGKILL mid-load', async () => {
    const first = await startChildServer(env);
    const token = await childLogin(first.url, ADMIN_EMAIL, ADMIN_PASSWORD);
    const acknowledged: string[] = [];
    let refused = 0;
    let killed = false;
    const prefix = `Crash ${randomBytes(3).toString('hex')}`;
    let next = 0;

    // 12 clients, each writing one cohort after another until the connection breaks.
    const client = async () => {
      while (!killed) {
        const n = next++;
        try {
          const response = await childGql<{ createCohort: { id: string } }>(
            first.url,
            CREATE_COHORT,
            { input: { name: `${prefix} ${n}`, startDate: '2027-01-01', endDate: '2027-12-31', status: 'DRAFT' } },
            token,
          );
          if (response.data?.createCohort) acknowledged.push(response.data.createCohort.id);
          else refused += 1;
        } catch {
          return; // the server is gone: this write was never acknowledged
        }
      }
    };
    const clients = Array.from({ length: 12 }, client);
    const deadline = Date.now() + 30_000;
    while (acknowledged.length < 80 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(acknowledged.length).toBeGreaterThanOrEqual(80);
    killed = true;
    first.child.kill('SIGKILL');
    await Promise.all(clients);
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(refused).toBe(0);
    // Writes were still in flight when the process died.
    expect(next).toBeGreaterThan(acknowledged.length);

    const second = await startChildServer(env);
    try {
      // The restarted server serves the acknowledged data through the API.
      const again = await childLogin(second.url, ADMIN_EMAIL, ADMIN_PASSWORD);
      const sample = acknowledged.slice(-5);
      for (const id of sample) {
        const response = await childGql<{ cohort: { id: string } }>(second.url, `query ($id: ID!) { cohort(id: $id) { id } }`, { id }, again);
        expect(response.data?.cohort.id).toBe(id);
      }

      const { cohorts, audited, integrity } = postgres ? await readPostgres(pg!.schema) : await readSqlite(sqlitePath);
      expect(acknowledged.filter((id) => !cohorts.has(id))).toEqual([]);
      // Atomic: each cohort row that exists came with its audit entry, acknowledged or not.
      expect([...cohorts].filter((id) => !audited.has(id))).toEqual([]);
      if (integrity) expect(integrity).toEqual(['ok']);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  }, 90_000);
});

interface Stored {
  cohorts: Set<string>;
  audited: Set<string>;
  /** SQLite's PRAGMA integrity_check; null on PostgreSQL, which has no equivalent built in. */
  integrity: string[] | null;
}

/** A second connection next to the running server (WAL allows it), through TypeORM's own driver. */
async function readSqlite(path: string): Promise<Stored> {
  const db = new DataSource({ type: 'better-sqlite3', database: path, readonly: true });
  await db.initialize();
  try {
    const cohorts = new Set(((await db.query('SELECT id FROM cohorts')) as { id: string }[]).map((row) => row.id));
    const audited = new Set(
      ((await db.query(`SELECT subject_id FROM audit_log WHERE action = 'cohort.created'`)) as { subject_id: string }[]).map((row) => row.subject_id),
    );
    const integrity = ((await db.query('PRAGMA integrity_check')) as { integrity_check: string }[]).map((row) => row.integrity_check);
    return { cohorts, audited, integrity };
  } finally {
    await db.destroy();
  }
}

/** On PostgreSQL the check is durability and atomicity of the committed rows (amcheck is not assumed). */
async function readPostgres(schema: string): Promise<Stored> {
  return withPostgres(async (client) => {
    const cohorts = new Set((await client.query<{ id: string }>(`SELECT id FROM ${schema}.cohorts`)).rows.map((row) => row.id));
    const audited = new Set(
      (await client.query<{ subject_id: string }>(`SELECT subject_id FROM ${schema}.audit_log WHERE action = 'cohort.created'`)).rows.map((row) => row.subject_id),
    );
    return { cohorts, audited, integrity: null };
  });
}
