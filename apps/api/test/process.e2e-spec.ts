import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');

/** The real entry point in a child process: configuration errors, start-up and SIGTERM. */
function runMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', TS_NODE_COMPILER_OPTIONS: '{"module":"commonjs","moduleResolution":"node10","ignoreDeprecations":"6.0","resolvePackageJsonExports":false}', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function waitFor(predicate: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the server process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'academy-process-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a wrong configuration with a clear message and exit code 78', async () => {
    const run = runMain({ PORT: 'eighty', DATABASE_URL: 'mysql://nope' });
    expect(await run.exited).toBe(78);
    expect(run.output()).toContain('PORT');
    expect(run.output()).toContain('DATABASE_URL must be a postgres:// URL');
  }, 60_000);

  it('starts, prints its URL, answers /health, and stops cleanly on SIGTERM', async () => {
    const port = String(41000 + Math.floor(Math.random() * 1000));
    const run = runMain({
      PORT: port,
      SQLITE_PATH: join(dir, 'academy.sqlite'),
      JWT_SECRET_FILE: join(dir, 'jwt-secret'),
      ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    });
    await waitFor(() => run.output().includes(`:${port}/graphql`), 45_000);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { info: { database: { status: string } } }).info.database.status).toBe('up');
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('shut down cleanly');
  }, 60_000);
});
