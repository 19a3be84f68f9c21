'use strict';
// Times `cohortReport` on the stress cohort of the bench data set (npm run bench:data) over HTTP,
// against the built server, and the same SQL statements run directly on the same database, so the
// API's overhead over the raw database is a ratio. Writes its section of bench/reports/RESULTS.md.
//
// Usage: npm run bench:reports                  (SQLite, bench/data/academy-bench.sqlite)
//        DATABASE_URL=postgres://postgres@127.0.0.1:5432/academy_bench npm run bench:reports
// Env:   RUNS (default 10), WARMUP (default 2), SQLITE_PATH, DATABASE_URL, BENCH_ADMIN_EMAIL,
//        BENCH_ADMIN_PASSWORD (as for bench:data), BENCH_NO_WRITE=1 to leave RESULTS.md alone.
const { spawn, execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { ROOT, DIST, benchTarget, adminCredentials, openRaw } = require('../data/db.js');
const { buildSelection, fieldType } = require('./selection.js');

const RUNS = Number(process.env.RUNS || 10);
const WARMUP = Number(process.env.WARMUP || 2);
const STRESS_COHORT = 'i-NUP Academy stress cohort';
const RESULTS = path.join(__dirname, 'RESULTS.md');
const BUDGET_MS = 1000;

async function main() {
  const target = benchTarget();
  const load = os.loadavg();
  // The code being measured is the dist/ built just before: note the commit now, not at the end.
  const revision = {
    commit: git(['rev-parse', '--short', 'HEAD']),
    dirty: git(['status', '--porcelain', '--', 'apps', 'libs']) !== '',
  };
  console.log(`bench:reports -> ${target.kind} ${target.label}, ${WARMUP} warm-up + ${RUNS} runs`);
  if (target.kind === 'sqlite' && !fs.existsSync(target.file)) throw new Error(`${target.label} does not exist: run \`npm run bench:data\` first`);

  const raw = await openRaw(target);
  const cohorts = await raw.all('SELECT id FROM cohorts WHERE name = $1', [STRESS_COHORT]);
  const shape = await datasetShape(raw);
  await raw.close();
  if (!cohorts.length) throw new Error(`no "${STRESS_COHORT}" in ${target.label}: run \`npm run bench:data\` first`);
  const cohortId = cohorts[0].id;
  console.log(`data: ${Object.entries(shape).map(([table, n]) => `${n} ${table}`).join(', ')}`);

  const variants = [
    { name: 'full report', query: `query CohortReport($cohortId: ID!) { cohortReport(cohortId: $cohortId) ${buildSelection('CohortReport')} }` },
    {
      name: 'totals, assignments and network summary',
      query: `query CohortReportSummary($cohortId: ID!) { cohortReport(cohortId: $cohortId) {
        cohortName totals ${buildSelection(fieldType('CohortReport', 'totals'))}
        assignments ${buildSelection(fieldType('CohortReport', 'assignments'))}
        network { summary ${buildSelection(fieldType('CollaborationNetwork', 'summary'))} } } }`,
    },
  ];

  // --- API over HTTP, and the same statements directly on the database ------------------------
  // The machine is shared, so the two are interleaved (one request, then one raw pass): both see
  // the same background load, which keeps their ratio meaningful even when the absolute times are not.
  const server = await startServer(target);
  const api = variants.map((variant) => ({ ...variant, times: [], bytes: 0, statements: [] }));
  let replay;
  try {
    const token = await login(server.url);
    for (const variant of api) {
      for (let i = 0; i < WARMUP; i++) await request(server.url, token, variant.query, { cohortId });
      // One more request with the tap on: the statements one cohortReport sends.
      variant.statements = await server.capture(() => request(server.url, token, variant.query, { cohortId }));
    }
    replay = await openReplay(target, api[0].statements);
    try {
      for (let i = 0; i < WARMUP; i++) await replay.pass(false);
      for (let i = 0; i < RUNS; i++) {
        for (const variant of api) {
          const started = process.hrtime.bigint();
          variant.bytes = (await request(server.url, token, variant.query, { cohortId })).bytes;
          variant.times.push(Number(process.hrtime.bigint() - started) / 1e6);
        }
        await replay.pass(true);
      }
    } finally {
      await replay.close();
    }
  } finally {
    await server.stop();
  }
  for (const variant of api) {
    console.log(`API ${variant.name}: ${summary(variant.times)}, ${(variant.bytes / 1024).toFixed(0)} KiB, ${variant.statements.length} SQL statements`);
  }
  console.log(`raw SQL (${replay.statements.length} statements of the full report, run directly): ${summary(replay.times)}`);
  const ratio = median(api[0].times) / median(replay.times);
  console.log(`API/raw ratio (medians, full report): ${ratio.toFixed(2)}`);

  // Plans of the statements that matter: every one over a tenth of the budget, or else the slowest.
  const slow = replay.statements.filter((statement) => median(statement.times) >= BUDGET_MS / 10);
  if (!slow.length) slow.push([...replay.statements].sort((a, b) => median(b.times) - median(a.times))[0]);
  const plans = [];
  for (const statement of slow) plans.push({ index: replay.statements.indexOf(statement) + 1, statement, plan: await explain(target, statement) });

  const section = renderSection(target, { shape, api, replay, ratio, plans, load: [load, os.loadavg()], revision });
  console.log(`\n${section}`);
  if (process.env.BENCH_NO_WRITE !== '1') {
    writeSection(target.kind, section);
    console.log(`written to ${path.relative(ROOT, RESULTS)}`);
  }
}

async function datasetShape(raw) {
  const shape = {};
  for (const table of ['users', 'cohorts', 'enrollments', 'assignments', 'submissions', 'peer_reviews', 'peer_review_scores']) {
    shape[table] = Number((await raw.all(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  }
  return shape;
}

// --- The server --------------------------------------------------------------------------------

async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Starts the built server as a child process with the SQL tap preloaded, and waits for /health. */
async function startServer(target) {
  const main = path.join(DIST, 'main.js');
  if (!fs.existsSync(main)) throw new Error('dist is missing: run `npm run build` first');
  const port = await freePort();
  const admin = adminCredentials();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'academy-bench-'));
  const env = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    // A throw-away signing secret: the bench must not create or read data/jwt-secret.
    JWT_SECRET: crypto.randomBytes(32).toString('hex'),
    JWT_SECRET_FILE: path.join(scratch, 'jwt-secret'),
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    ...(target.kind === 'postgres' ? { DATABASE_URL: target.url } : { SQLITE_PATH: target.file }),
  };
  const child = spawn(process.execPath, ['-r', path.join(__dirname, 'sql-tap.js'), main], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`the server did not answer /health within 60 s:\n${output}`);
    }
    await sleep(200);
  }
  return {
    url: `${url}/graphql`,
    async capture(action) {
      child.send({ tap: 'start' });
      await action();
      const reply = new Promise((resolve) => {
        const onMessage = (message) => {
          if (message && message.tap === 'log') {
            child.off('message', onMessage);
            resolve(message.statements);
          }
        };
        child.on('message', onMessage);
      });
      child.send({ tap: 'stop' });
      return reply;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(scratch, { recursive: true, force: true });
    },
  };
}

async function request(url, token, query, variables) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  const body = JSON.parse(text);
  if (body.errors) throw new Error(`GraphQL errors (HTTP ${response.status}): ${JSON.stringify(body.errors).slice(0, 2000)}`);
  return { body, bytes: Buffer.byteLength(text) };
}

async function login(url) {
  const { email, password } = adminCredentials();
  const { body } = await request(url, null, 'mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }', { email, password });
  return body.data.login.accessToken;
}

// --- Raw SQL -----------------------------------------------------------------------------------

/** Transaction control and the auth look-ups are not the report's SQL; everything else is replayed. */
const isControl = (sql) => /^\s*(BEGIN|COMMIT|ROLLBACK|START TRANSACTION|SAVEPOINT|RELEASE|SET\b|SHOW\b)/i.test(sql);

/**
 * The captured statements with their parameters, run directly through better-sqlite3 / pg (one
 * connection, no ORM, no GraphQL); a pass runs each once, and its time is the sum.
 */
async function openReplay(target, captured) {
  const statements = captured.filter((s) => !isControl(s.sql)).map((s) => ({ ...s, times: [], rows: 0 }));
  const raw = await openRaw(target);
  const execute = async (statement) => {
    if (raw.kind === 'sqlite') {
      const prepared = raw.db.prepare(statement.sql);
      return prepared.reader ? prepared.all(...statement.params).length : (prepared.run(...statement.params), 0);
    }
    return (await raw.client.query(statement.sql, statement.params)).rowCount ?? 0;
  };
  const times = [];
  return {
    statements,
    times,
    async pass(timed) {
      let total = 0;
      for (const statement of statements) {
        const started = process.hrtime.bigint();
        statement.rows = await execute(statement);
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        total += ms;
        if (timed) statement.times.push(ms);
      }
      if (timed) times.push(total);
    },
    close: () => raw.close(),
  };
}

async function explain(target, statement) {
  const raw = await openRaw(target);
  try {
    if (raw.kind === 'sqlite') {
      const rows = raw.db.prepare(`EXPLAIN QUERY PLAN ${statement.sql}`).all(...statement.params);
      const depth = new Map([[0, 0]]);
      return rows.map((row) => {
        const level = (depth.get(row.parent) ?? 0) + 1;
        depth.set(row.id, level);
        return `${'  '.repeat(level - 1)}${row.detail}`;
      }).join('\n');
    }
    const rows = (await raw.client.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`, statement.params)).rows;
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  } finally {
    await raw.close();
  }
}

// --- Figures and RESULTS.md ----------------------------------------------------------------------

const sorted = (values) => [...values].sort((a, b) => a - b);
const median = (values) => {
  const s = sorted(values);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
/** Nearest-rank percentile: with 10 runs, p95 is the slowest run. */
const percentile = (values, p) => sorted(values)[Math.max(0, Math.ceil((p / 100) * values.length) - 1)];
const ms = (value) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
const summary = (times) => `min ${ms(Math.min(...times))}, median ${ms(median(times))}, p95 ${ms(percentile(times, 95))}`;
const sleep = (millis) => new Promise((resolve) => setTimeout(resolve, millis));

/** A short label: the start of a plain statement; for a WITH statement its CTEs and tables. */
function firstLine(sql) {
  const flat = sql.replace(/\s+/g, ' ').trim();
  if (/^WITH\b/i.test(flat)) {
    const ctes = [...flat.matchAll(/(?:WITH|,) ?(\w+) AS (?:MATERIALIZED )?\(/gi)].map((match) => match[1]);
    const tables = [...new Set([...flat.matchAll(/\b(?:FROM|JOIN) "?(\w+)"?/gi)].map((match) => match[1]))].filter((name) => !ctes.includes(name));
    return `WITH ${ctes.join(', ')} … over ${tables.join(', ')}`;
  }
  return `${flat.slice(0, 90)}${flat.length > 90 ? '…' : ''}`;
}

function renderSection(target, { shape, api, replay, ratio, plans, load, revision }) {
  const { commit } = revision;
  const dirty = revision.dirty ? ' (+ uncommitted changes in apps/ or libs/)' : '';
  const cpu = os.cpus();
  const lines = [];
  const title = target.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  lines.push(`## ${title}`, '');
  lines.push(
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC at commit ${commit}${dirty}; ${cpu.length} × ${cpu[0]?.model ?? 'CPU'}, ` +
      `Node ${process.version}; database \`${target.label}\`${target.kind === 'postgres' ? ` (PostgreSQL ${pgVersion(target)})` : ''}. ` +
      `${WARMUP} warm-up requests, then ${RUNS} timed, API requests and raw passes interleaved; p95 is nearest-rank (with 10 runs: the slowest). ` +
      `Load average (1 min) ${load[0][0].toFixed(1)} at the start, ${load[1][0].toFixed(1)} at the end (the machine is shared).`,
    '',
  );
  lines.push(`Data: ${Object.entries(shape).map(([table, n]) => `${n.toLocaleString('en')} ${table}`).join(', ')}.`, '');
  lines.push('| what | min | median | p95 | response | SQL statements |', '|---|---:|---:|---:|---:|---:|');
  for (const result of api) {
    const report = result.statements.filter((s) => !isControl(s.sql)).length;
    lines.push(
      `| API \`cohortReport\`, ${result.name} (HTTP, incl. auth) | ${ms(Math.min(...result.times))} | ${ms(median(result.times))} | ` +
        `${ms(percentile(result.times, 95))} | ${(result.bytes / 1024).toFixed(0)} KiB | ${result.statements.length} (${report} without transaction control) |`,
    );
  }
  lines.push(
    `| raw SQL: the full report's ${replay.statements.length} statements run directly (${target.kind === 'sqlite' ? 'better-sqlite3' : 'pg'}) | ` +
      `${ms(Math.min(...replay.times))} | ${ms(median(replay.times))} | ${ms(percentile(replay.times, 95))} | | ${replay.statements.length} |`,
  );
  lines.push('', `**API / raw SQL (medians, full report): ${ratio.toFixed(2)}×.** ` +
    `Budget: under ${BUDGET_MS} ms — the full report's median is ${median(api[0].times) < BUDGET_MS ? 'within' : '**over**'} it.`, '');
  lines.push('Raw SQL per statement (median of the timed runs):', '', '| # | statement | rows | median |', '|---:|---|---:|---:|');
  replay.statements.forEach((statement, index) => {
    lines.push(`| ${index + 1} | \`${firstLine(statement.sql).replace(/\|/g, '\\|')}\` | ${statement.rows} | ${ms(median(statement.times))} |`);
  });
  for (const { index, statement, plan } of plans) {
    lines.push(
      '',
      `<details><summary>Plan of statement #${index} (${ms(median(statement.times))}${target.kind === 'postgres' ? ', EXPLAIN (ANALYZE, BUFFERS)' : ', EXPLAIN QUERY PLAN'})</summary>`,
      '',
      '```sql',
      statement.sql.trim().replace(/^ {4,}/gm, '  '),
      '```',
      '',
      '```',
      plan,
      '```',
      '',
      '</details>',
    );
  }
  lines.push('');
  return lines.join('\n');
}

function git(args) {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

function pgVersion(target) {
  try {
    const url = new URL(target.url);
    return execFileSync('psql', [target.url, '-Atc', 'SHOW server_version'], { encoding: 'utf8' }).trim() || url.host;
  } catch {
    return 'unknown version';
  }
}

/** RESULTS.md keeps one section per database; a run replaces only its own. */
function writeSection(kind, section) {
  const header = [
    '# Cohort report benchmark',
    '',
    'Generated by `npm run bench:reports` on the data set of `npm run bench:data` (issue 6): 10,000 participants',
    'over 50 cohorts of ~200, and a stress cohort of 5,000 of them with 20 assignments, k = 3 reviews per submission.',
    '"API" is one `cohortReport` GraphQL request over HTTP to the built server (`node dist/.../main.js`, production mode),',
    'timed from the client. "Raw SQL" runs the very statements that request sent (captured by a preloaded driver tap,',
    '`bench/reports/sql-tap.js`, with their parameters) directly on the same database, without Nest, GraphQL or TypeORM.',
    'The SQL statement count of a request is counted by the same tap.',
    '',
  ].join('\n');
  const start = `<!-- ${kind}:start -->`;
  const end = `<!-- ${kind}:end -->`;
  let text = fs.existsSync(RESULTS) ? fs.readFileSync(RESULTS, 'utf8') : `${header}\n<!-- sqlite:start -->\n<!-- sqlite:end -->\n\n<!-- postgres:start -->\n<!-- postgres:end -->\n`;
  if (!text.includes(start)) text += `\n${start}\n${end}\n`;
  const before = text.slice(0, text.indexOf(start) + start.length);
  const after = text.slice(text.indexOf(end));
  fs.writeFileSync(RESULTS, `${before}\n${section}\n${after}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
