import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ChildServer, childGql, childLogin, createPostgresSchema, startChildServer } from './support/child-server';

const ROOT = join(__dirname, '../../..');
const ADMIN_EMAIL = 'bundle-admin@test.academy';
const ADMIN_PASSWORD = 'bundled passphrase 9';
const postgres = Boolean(process.env.DATABASE_URL);

/**
 * Builds the server as `npm run build` does (nest build, then apps/api/bundle.mjs) into a
 * directory of its own, laid out as a deployment: the bundle beside node_modules (its native and
 * external packages) and data/reference. ./dist is left alone: other tests and tools use it.
 */
function buildBundle(dir: string): string {
  const outDir = join(dir, 'dist', 'apps', 'api');
  const tsconfig = join(dir, 'tsconfig.app.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: join(ROOT, 'apps/api/tsconfig.app.json'),
      compilerOptions: { outDir, tsBuildInfoFile: join(dir, 'api.tsbuildinfo'), typeRoots: [join(ROOT, 'node_modules/@types')] },
      include: [join(ROOT, 'apps/api/src/**/*')],
      exclude: [join(ROOT, '**/*spec.ts')],
    }),
  );
  // The CLI reads paths relative to the workspace and keeps outDir inside it unless told otherwise.
  const nestCli = JSON.parse(readFileSync(join(ROOT, 'nest-cli.json'), 'utf8'));
  nestCli.compilerOptions = { ...nestCli.compilerOptions, tsConfigPath: relative(ROOT, tsconfig), allowOutsidePaths: true };
  nestCli.projects.api.compilerOptions = { ...nestCli.projects.api.compilerOptions, tsConfigPath: relative(ROOT, tsconfig) };
  writeFileSync(join(dir, 'nest-cli.json'), JSON.stringify(nestCli));
  execFileSync(process.execPath, [join(ROOT, 'node_modules/@nestjs/cli/bin/nest.js'), 'build', 'api', '-c', relative(ROOT, join(dir, 'nest-cli.json'))], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  execFileSync(process.execPath, [join(ROOT, 'apps/api/bundle.mjs'), join(outDir, 'apps/api/src/main.js'), join(dir, 'dist', 'api')], { cwd: ROOT, stdio: 'pipe' });
  mkdirSync(join(dir, 'data'));
  symlinkSync(join(ROOT, 'data', 'reference'), join(dir, 'data', 'reference'));
  return join(dir, 'dist', 'api', 'main.js');
}

/**
 * The bundled server (`npm start`) answers on every path a bundle can break: Nest's DI and the
 * code-first schema (class names), validation (class-validator through Nest's lazy loader), the
 * migrations (listed, not globbed), /health (terminus finds the bundle's own TypeORM), argon2 (native),
 * the report workbook (a worker thread loading an external package), multipart uploads, and the
 * launcher's V8 code cache (written at a clean stop, used by the next start).
 */
describe('the bundled server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'academy-bundle-'));
  let pg: { schema: string; drop(): Promise<void> } | undefined;
  const codeCache = join(dir, 'dist', 'api', 'compile-cache');
  let server: ChildServer | undefined;
  let start: () => Promise<ChildServer>;
  let admin: string;
  let cohortId: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    const bundle = buildBundle(dir);
    if (postgres) pg = await createPostgresSchema();
    env = {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      SQLITE_PATH: join(dir, 'academy.sqlite'),
      JWT_SECRET: randomBytes(32).toString('hex'),
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
      ...(postgres ? { DATABASE_URL: process.env.DATABASE_URL!, DATABASE_SCHEMA: pg!.schema } : {}),
    };
    start = () => startChildServer(env, 60_000, { args: [bundle], cwd: dir });
    server = await start();
    admin = await childLogin(server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
  }, 240_000);

  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    rmSync(dir, { recursive: true, force: true });
    await pg?.drop();
  });

  it('is what npm start runs', () => {
    const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(scripts.start).toBe('node dist/api/main.js');
    expect(scripts.build).toContain('node apps/api/bundle.mjs');
  });

  it('reports the database up on /health', async () => {
    const response = await fetch(`${server!.url}/health`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { info: { database: { status: string } } }).info.database.status).toBe('up');
  });

  it('logs in, writes and reads through GraphQL, and validates input', async () => {
    const created = await childGql<{ createCohort: { id: string; name: string } }>(
      server!.url,
      'mutation ($input: CreateCohortInput!) { createCohort(input: $input) { id name } }',
      { input: { name: 'Bundled cohort', startDate: '2027-01-01', endDate: '2027-06-30' } },
      admin,
    );
    expect(created.errors).toBeUndefined();
    cohortId = created.data!.createCohort.id;
    const read = await childGql<{ cohort: { name: string; modules: unknown[] }; me: { email: string } }>(
      server!.url,
      'query ($id: ID!) { cohort(id: $id) { name modules { id } } me { email } }',
      { id: cohortId },
      admin,
    );
    expect(read).toEqual({ data: { cohort: { name: 'Bundled cohort', modules: [] }, me: { email: ADMIN_EMAIL } } });
    const invalid = await childGql(
      server!.url,
      'mutation ($input: CreateCohortInput!) { createCohort(input: $input) { id } }',
      { input: { name: 'Bad dates', startDate: '2027-02-30x', endDate: '2027-06-30' } },
      admin,
    );
    expect(invalid.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('exports the cohort report as CSV and as a workbook built in a worker thread', async () => {
    const headers = { authorization: `Bearer ${admin}` };
    const csv = await fetch(`${server!.url}/reports/cohorts/${cohortId}/participants.csv`, { headers });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const workbook = await fetch(`${server!.url}/reports/cohorts/${cohortId}/report.xlsx`, { headers });
    expect(workbook.status).toBe(200);
    const bytes = Buffer.from(await workbook.arrayBuffer());
    // A zip archive (local file header), as every .xlsx is.
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  });

  it('takes a multipart upload and serves it back', async () => {
    const text = `bundled upload ${randomBytes(4).toString('hex')}\n`;
    const form = new FormData();
    form.append('file', new Blob([text], { type: 'text/plain' }), 'notes.txt');
    const upload = await fetch(`${server!.url}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${admin}` }, body: form });
    expect(upload.status).toBe(201);
    const { id } = (await upload.json()) as { id: string };
    const download = await fetch(`${server!.url}/attachments/${id}`, { headers: { authorization: `Bearer ${admin}` } });
    expect(download.status).toBe(200);
    expect(await download.text()).toBe(text);
  });

  it('stops cleanly on SIGTERM, keeping its compiled code, and starts again from that code cache', async () => {
    server!.child.kill('SIGTERM');
    const stopped = await server!.exited;
    // The server's warnings and errors come with a failure, to say why it did not stop cleanly.
    expect({ ...stopped, output: stopped.code === 0 ? '' : server!.output() }).toEqual({ code: 0, signal: null, output: '' });
    const [cacheFile] = readdirSync(codeCache);
    expect(cacheFile).toMatch(new RegExp(`-${process.version}-${process.arch}\\.v8$`));
    const written = statSync(join(codeCache, cacheFile)).mtimeMs;

    server = await start();
    const me = await childGql<{ me: { email: string } }>(server.url, '{ me { email } }', {}, admin);
    expect(me).toEqual({ data: { me: { email: ADMIN_EMAIL } } });
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    // V8 accepted the cache: a rejected one would have been written again.
    expect(readdirSync(codeCache)).toEqual([cacheFile]);
    expect(statSync(join(codeCache, cacheFile)).mtimeMs).toBe(written);

    // `npm start` bundles again before every start: an unchanged bundle keeps its cache.
    execFileSync(process.execPath, [join(ROOT, 'apps/api/bundle.mjs'), join(dir, 'dist/apps/api/apps/api/src/main.js'), join(dir, 'dist', 'api')], { cwd: ROOT, stdio: 'pipe' });
    expect(readdirSync(codeCache)).toEqual([cacheFile]);
  });

  it('never runs a cache against a server.js edited in place, even to the same length', async () => {
    // V8 checks a cache only against the source's length; the launcher names it after the content.
    const serverFile = join(dir, 'dist', 'api', 'server.js');
    const source = readFileSync(serverFile, 'utf8');
    expect(source.split('academy is listening on').length).toBe(2);
    writeFileSync(serverFile, source.replace('academy is listening on', 'academy is listening at'));
    // At LOG_LEVEL=info, to read the start-up line that was edited.
    server = await startChildServer({ ...env, LOG_LEVEL: 'info' }, 60_000, { args: [serverFile.replace(/server\.js$/, 'main.js')], cwd: dir });
    expect(server.output()).toContain('academy is listening at');
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    expect(readdirSync(codeCache)).toHaveLength(2);
  });
});
