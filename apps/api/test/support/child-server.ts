import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';

const ROOT = join(__dirname, '../../../..');

export interface ChildServer {
  child: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/** How the child runs: node's arguments and its working directory. */
export interface ChildEntry {
  args: string[];
  cwd: string;
}

/** The TypeScript sources' main.ts, as process.e2e-spec.ts runs it. */
const SOURCE_ENTRY: ChildEntry = {
  args: ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'],
  cwd: ROOT,
};

/**
 * The real entry point (main.ts, or another `entry` such as the bundled server) in a child
 * process; resolves once /health answers 200. The caller kills it. A random port can be taken
 * between choosing it and listening (outgoing connections use the same range): then it tries another.
 */
export async function startChildServer(env: Record<string, string>, timeoutMs = 60_000, entry = SOURCE_ENTRY): Promise<ChildServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(env, String(42000 + Math.floor(Math.random() * 2000)), timeoutMs, entry);
    } catch (error) {
      if (attempt >= 5 || !String((error as Error).message).includes('EADDRINUSE')) throw error;
    }
  }
}

async function startOnce(env: Record<string, string>, port: string, timeoutMs: number, entry: ChildEntry): Promise<ChildServer> {
  const child = spawn(process.execPath, entry.args, {
    cwd: entry.cwd,
    env: {
      PATH: process.env.PATH ?? '',
      TS_NODE_COMPILER_OPTIONS: '{"module":"commonjs","moduleResolution":"node10","ignoreDeprecations":"6.0","resolvePackageJsonExports":false}',
      LOG_LEVEL: 'silent',
      LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '100000',
      LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: '100000',
      PORT: port,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  let gone = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      gone = true;
      resolve({ code, signal });
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (gone) throw new Error(`The server exited during start-up:\n${output}`);
    try {
      if ((await fetch(`${url}/health`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`The server did not become healthy in ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, url, exited, output: () => output };
}

/** POSTs one GraphQL operation; throws on a network error (e.g. the server was killed). */
export async function childGql<T = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<{ data: T | null; errors?: { message: string; extensions: { code: string } }[] }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data: T | null; errors?: { message: string; extensions: { code: string } }[] };
}

export async function childLogin(url: string, email: string, password: string): Promise<string> {
  const response = await childGql<{ login: { accessToken: string } }>(
    url,
    'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }',
    { email, password },
  );
  if (!response.data) throw new Error(`login failed: ${JSON.stringify(response.errors)}`);
  return response.data.login.accessToken;
}

/** Runs `work` with a client on DATABASE_URL (or another URL), closing it afterwards. */
export async function withPostgres<T>(work: (client: Client) => Promise<T>, connectionString = process.env.DATABASE_URL): Promise<T> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh PostgreSQL schema on DATABASE_URL for a child server; drop it with the returned function. */
export async function createPostgresSchema(): Promise<{ schema: string; drop(): Promise<void> }> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  await withPostgres((client) => client.query(`CREATE SCHEMA ${schema}`));
  return { schema, drop: () => withPostgres((client) => client.query(`DROP SCHEMA ${schema} CASCADE`)).then(() => undefined) };
}
