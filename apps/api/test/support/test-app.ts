import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/bootstrap';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { TALLY_TABLES } from '../../src/database/migrations/shared/report-tallies';

export const ADMIN_EMAIL = 'admin@test.academy';
export const ADMIN_PASSWORD = 'correct horse battery staple';

export interface TestApp {
  app: NestFastifyApplication;
  http: App;
  config: AppConfig;
  dataSource: DataSource;
  close(): Promise<void>;
}

/**
 * A real server on a database of its own: a fresh SQLite file, or, when DATABASE_URL is set
 * (CI's second run), a fresh PostgreSQL schema. Migrations run exactly as in production.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'academy-test-'));
  const schema = process.env.DATABASE_URL ? `t_${randomBytes(6).toString('hex')}` : undefined;
  if (schema) await withPg((client) => client.query(`CREATE SCHEMA ${schema}`));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SQLITE_PATH: join(dir, 'academy.sqlite'),
    JWT_SECRET: randomBytes(32).toString('hex'),
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '100000',
    LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: '100000',
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL, DATABASE_SCHEMA: schema! } : {}),
    ...env,
  });
  const app = await createApp(config);
  await app.init();
  // Fastify registers its routes and plugins on `ready`; supertest then talks to its server.
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    http: app.getHttpServer() as App,
    config,
    dataSource: app.get(DataSource),
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
      if (schema) await withPg((client) => client.query(`DROP SCHEMA ${schema} CASCADE`));
    },
  };
}

async function withPg<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface GraphQLResponse<T = Record<string, any>> {
  data: T | null;
  errors?: { message: string; path?: string[]; extensions: { code: string; problems?: { field: string; message: string; line?: number; column?: string }[] } }[];
}

/** Posts one GraphQL operation the way a browser client does (JSON body). */
export async function gql<T = Record<string, any>>(
  http: App,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GraphQLResponse<T>> {
  const call = request(http).post('/graphql').set('content-type', 'application/json');
  if (token) call.set('authorization', `Bearer ${token}`);
  const response = await call.send({ query, variables });
  if (response.status >= 500) throw new Error(`HTTP ${response.status}: ${response.text}`);
  return response.body as GraphQLResponse<T>;
}

/** The data of a call that must succeed; fails the test with the errors otherwise. */
export async function ok<T = Record<string, any>>(http: App, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const response = await gql<T>(http, query, variables, token);
  if (response.errors?.length) throw new Error(`Unexpected GraphQL errors: ${JSON.stringify(response.errors, null, 2)}`);
  return response.data as T;
}

/** The first error of a call that must fail; never an internal error. */
export async function fails(http: App, query: string, variables: Record<string, unknown> = {}, token?: string) {
  const response = await gql(http, query, variables, token);
  if (!response.errors?.length) throw new Error(`Expected an error, got ${JSON.stringify(response.data)}`);
  const error = response.errors[0];
  if (error.extensions.code === 'INTERNAL_SERVER_ERROR') throw new Error(`Internal error: ${error.message}`);
  return error;
}

export async function login(http: App, email: string, password: string): Promise<string> {
  const data = await ok<{ login: { accessToken: string } }>(
    http,
    'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }',
    { email, password },
  );
  return data.login.accessToken;
}

export const loginAdmin = (http: App) => login(http, ADMIN_EMAIL, ADMIN_PASSWORD);

/**
 * Every row of every table, in a stable order: two equal snapshots mean the database did not
 * change (used to prove that a rejected mutation wrote nothing).
 */
export async function snapshotDatabase(dataSource: DataSource): Promise<string> {
  // The report tallies have no entity (triggers keep them); they are part of what must not change.
  const tables = [...dataSource.entityMetadatas.map((metadata) => metadata.tableName), ...TALLY_TABLES].sort();
  const parts: string[] = [];
  for (const table of tables) {
    const rows: Record<string, unknown>[] = await dataSource.query(`SELECT * FROM ${table}`);
    const lines = rows.map((row) => JSON.stringify(row, Object.keys(row).sort())).sort();
    parts.push(`${table}:${lines.join('\n')}`);
  }
  return parts.join('\n---\n');
}
