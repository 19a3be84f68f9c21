'use strict';
// API load figures (issue 7): the built server against the generated bench data, next to a
// minimal graphql-js + node:http baseline (bench/api/baseline.js) on the same driver and SQL.
//
// Usage: npm run bench:api          (builds, then runs SQLite and PostgreSQL)
// Env:   BENCH_DBS            sqlite,postgres (default both)
//        BENCH_SQLITE_SOURCE  generated SQLite file (default bench/data/academy-bench.sqlite); a copy is used
//        BENCH_DATABASE_URL   generated PostgreSQL bench database (default postgres://postgres@127.0.0.1:5432/academy_bench);
//                             two users' password hashes are overwritten in it
//        BENCH_DURATION (s, default 8), BENCH_WARMUP (s, default 2), BENCH_CONNECTIONS (default 10,100),
//        BENCH_REPEAT (default 2; the best run is reported), BENCH_CASES (me,tasks,cohort,submit),
//        BENCH_TARGETS (project,baseline), BENCH_APP_DIR (where dist/ is; default the repo),
//        BENCH_MAIN           the server file, relative to the app dir (default: the file `npm start` runs,
//                             read from package.json's start script: the bundle, dist/api/main.js)
//        BENCH_NODE_ARGS (extra node flags for the project server, e.g. --cpu-prof), BENCH_JSON (write results),
//        BENCH_VARIANTS       name=dir[:main],... several builds of the project side by side (levers measured as
//                             patched copies of dist/), alternating with the baseline under the same load; `:main`
//                             gives a variant its own server file (e.g. dist/apps/api/apps/api/src/main.js, unbundled).
//        BENCH_STARTUP_RUNS   start-up measured this many more times per server and database, the servers taking
//                             turns, reported as the median (default 0: only the start that the load runs use);
//                             BENCH_CASES=none then measures start-up alone.
//        BENCH_PORT           first port (default 39170): projects listen on it and the next ones, the baseline
//                             on BENCH_PORT+10; change it when another bench or test server may hold those.
//        BENCH_LOG_LEVEL      the project server's LOG_LEVEL (default silent); BENCH_LOG_FILE its LOG_FILE
//                             (default standard output, which the bench reads and discards).
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const autocannon = require('autocannon');
const { ROOT } = require('../data/db.js');
const { prepareUsers, copySqlite } = require('./prepare.js');

const env = process.env;
const DURATION = Number(env.BENCH_DURATION || 8);
const WARMUP = Number(env.BENCH_WARMUP || 2);
const CONNECTIONS = (env.BENCH_CONNECTIONS || '10,100').split(',').map(Number);
const REPEAT = Number(env.BENCH_REPEAT || 2);
const CASES = env.BENCH_CASES === 'none' ? [] : (env.BENCH_CASES || 'me,tasks,cohort,submit').split(',');
const STARTUP_RUNS = Number(env.BENCH_STARTUP_RUNS || 0);
const APP_DIR = path.resolve(env.BENCH_APP_DIR || ROOT);
/** What `npm start` runs: package.json's start script is `node [flags] <file>`. */
function startScript() {
  const words = require(path.join(ROOT, 'package.json')).scripts.start.trim().split(/\s+/);
  if (words[0] !== 'node' || words.length < 2) throw new Error(`package.json's start script is not "node <file>": ${words.join(' ')}`);
  return { flags: words.slice(1, -1), main: words[words.length - 1] };
}
const START = env.BENCH_MAIN ? { flags: [], main: env.BENCH_MAIN } : startScript();
const VARIANTS = env.BENCH_VARIANTS
  ? Object.fromEntries(
      env.BENCH_VARIANTS.split(',')
        .map((pair) => pair.split('='))
        .map(([name, spec]) => {
          const [dir, main] = spec.split(':');
          return [name, { dir: path.resolve(dir), main: main || START.main }];
        }),
    )
  : null;
const TARGETS = VARIANTS ? [...Object.keys(VARIANTS), 'baseline'] : (env.BENCH_TARGETS || 'project,baseline').split(',');
const DBS = (env.BENCH_DBS || 'sqlite,postgres').split(',');
const JWT_SECRET = 'bench-load-secret-not-for-production-0123456789';
const PORT = Number(env.BENCH_PORT || 39170);

const QUERIES = {
  me: { query: '{ me { id name } }', as: 'participant' },
  tasks: { query: '{ myReviewTasks { id submission { body } author { hidden municipality { name } } } }', as: 'participant' },
  cohort: {
    query: 'query($id:ID!){ cohort(id:$id){ name modules { title assignments { title dueAt rubric { title } } } } }',
    as: 'coach',
    variables: (info) => ({ id: info.cohortId }),
  },
  submit: {
    query: 'mutation($input:SubmitReviewInput!){ submitReview(input:$input){ id status submittedAt } }',
    as: 'participant',
    mutation: true,
    variables: (info) => ({
      input: {
        peerReviewId: info.review.id,
        comment: 'Heldere uitwerking; de koppeling met de basisregistraties kan sterker.',
        scores: info.review.criteria.map((c) => ({ criterionId: c.id, score: c.max })),
      },
    }),
  },
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** The middle value of sorted numbers (the lower middle of an even count). */
const median = (sorted) => sorted[Math.floor((sorted.length - 1) / 2)];
const loadavg = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

function vmHwmMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)[1]) / 1024);
}
/** Resets the process's peak RSS (VmHWM), so each run reports its own peak. */
function resetPeak(pid) {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // Not permitted: VmHWM is then the peak since start.
  }
}

async function waitForHealth(port, child, started) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      if (response.status === 200) return Date.now() - started;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 120_000) throw new Error('server did not become healthy in 120 s');
    await sleep(10);
  }
}

const isProject = (kind) => kind !== 'baseline';
const appDirOf = (kind) => (VARIANTS ? VARIANTS[kind].dir : APP_DIR);
const mainOf = (kind) => path.join(appDirOf(kind), VARIANTS ? VARIANTS[kind].main : START.main);

async function startServer(kind, target, dbEnv) {
  const port = isProject(kind) ? PORT + TARGETS.indexOf(kind) : PORT + 10;
  const common = { ...process.env, ...dbEnv, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', JWT_SECRET };
  delete common.BENCH_NODE_ARGS;
  delete common.BENCH_PORT;
  const args =
    isProject(kind)
      ? [...START.flags, ...(env.BENCH_NODE_ARGS ? env.BENCH_NODE_ARGS.split(' ') : []), mainOf(kind)]
      : [path.join(__dirname, 'baseline.js')];
  const started = Date.now();
  const child = spawn(process.execPath, args, {
    cwd: isProject(kind) ? appDirOf(kind) : ROOT,
    env: {
      ...common,
      LOG_LEVEL: env.BENCH_LOG_LEVEL || 'silent',
      ...(env.BENCH_LOG_FILE ? { LOG_FILE: env.BENCH_LOG_FILE } : {}),
      ACCESS_TOKEN_TTL_SECONDS: '3600',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  child.stderr.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  try {
    const startup = await waitForHealth(port, child, started);
    return { kind, port, child, startup, output: () => output };
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${kind} on ${target}: ${error.message}\n${output}`);
  }
}

async function stopServer(server) {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000).then(() => server.child.kill('SIGKILL'))]);
}

async function graphql(port, query, variables, token) {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(body.errors).slice(0, 400)}`);
  return body.data;
}

async function login(port, user) {
  const data = await graphql(port, 'mutation($e:String!,$p:String!){ login(email:$e, password:$p){ accessToken } }', { e: user.email, p: user.password });
  return data.login.accessToken;
}

/** One autocannon run; GraphQL errors in a 200 answer count as errors too. */
async function load(port, body, token, connections, duration) {
  let graphqlErrors = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/graphql`,
    connections,
    duration,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
    requests: [
      {
        onResponse: (status, responseBody) => {
          if (responseBody.startsWith('{"errors"') || responseBody.includes('"errors":[')) graphqlErrors++;
        },
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts + result.non2xx + graphqlErrors,
  };
}

async function runDatabase(db) {
  const dbEnv = {};
  let target;
  if (db === 'sqlite') {
    const source = path.resolve(ROOT, env.BENCH_SQLITE_SOURCE || path.join('bench', 'data', 'academy-bench.sqlite'));
    const copy = path.join(os.tmpdir(), `academy-load-${process.pid}.sqlite`);
    copySqlite(source, copy);
    dbEnv.SQLITE_PATH = copy;
    target = { kind: 'sqlite', file: copy };
  } else {
    dbEnv.DATABASE_URL = env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/academy_bench';
    target = { kind: 'postgres', url: dbEnv.DATABASE_URL };
  }
  const info = await prepareUsers(target);
  console.log(`\n## ${db}: participant with ${info.taskCount} review tasks, stress cohort ${info.cohortId}`);
  const servers = {};
  try {
    const startups = {};
    for (const kind of TARGETS) {
      servers[kind] = await startServer(kind, db, dbEnv);
      startups[kind] = [servers[kind].startup];
      console.log(`${kind} start-up (spawn -> first 200 on /health): ${servers[kind].startup} ms, RSS peak ${vmHwmMb(servers[kind].child.pid)} MB`);
    }
    // More starts, the servers taking turns (in reverse every other round) so a change in the machine's load hits all.
    for (let round = 0; round < STARTUP_RUNS; round++) {
      for (const kind of round % 2 ? [...TARGETS].reverse() : TARGETS) {
        await stopServer(servers[kind]);
        servers[kind] = await startServer(kind, db, dbEnv);
        startups[kind].push(servers[kind].startup);
      }
    }
    if (STARTUP_RUNS > 0) {
      for (const kind of TARGETS) {
        const sorted = [...startups[kind]].sort((a, b) => a - b);
        console.log(
          `${kind} start-up over ${sorted.length} starts: median ${median(sorted)} ms, min ${sorted[0]}, max ${sorted[sorted.length - 1]} (${startups[kind].join(' ')}), load ${loadavg()}`,
        );
      }
    }
    // Tokens come from the project's own login; the baseline verifies the same JWTs.
    const first = TARGETS.find(isProject);
    if (!first) throw new Error('a project server is needed to log in');
    const tokens = { participant: await login(servers[first].port, info.participant), coach: await login(servers[first].port, info.coach) };
    // The other project servers log in once too: a login runs a transaction, and a server that has
    // run one is in another state (Node 20: promise hooks while an AsyncLocalStorage is enabled), so
    // side-by-side variants must all start from it.
    for (const kind of TARGETS.filter((target) => isProject(target) && target !== first)) await login(servers[kind].port, info.participant);
    const rows = [];
    for (const name of CASES) {
      const spec = QUERIES[name];
      const body = JSON.stringify({ query: spec.query, variables: spec.variables ? spec.variables(info) : {} });
      const kinds = TARGETS.filter((kind) => !(spec.mutation && kind === 'baseline'));
      for (const kind of kinds) {
        // A sanity request (no errors), then a warm-up (JIT, caches, pools).
        await graphql(servers[kind].port, spec.query, spec.variables ? spec.variables(info) : {}, tokens[spec.as]);
        if (WARMUP > 0) await load(servers[kind].port, body, tokens[spec.as], 10, WARMUP);
      }
      for (const connections of CONNECTIONS) {
        const best = {};
        for (let round = 0; round < REPEAT; round++) {
          // Project and baseline alternate, so a change in the machine's load hits both.
          for (const kind of kinds) {
            const server = servers[kind];
            resetPeak(server.child.pid);
            const load1 = loadavg();
            const result = await load(server.port, body, tokens[spec.as], connections, DURATION);
            result.rssMb = vmHwmMb(server.child.pid);
            result.loadavg = load1;
            console.log(
              `  ${name.padEnd(6)} c=${String(connections).padStart(3)} ${kind.padEnd(8)} run ${round + 1}: ${result.rps.toFixed(0).padStart(6)} req/s p50 ${result.p50} ms p99 ${result.p99} ms, peak RSS ${result.rssMb} MB, errors ${result.errors}, load ${load1}`,
            );
            if (!best[kind] || result.rps > best[kind].rps) best[kind] = result;
          }
        }
        rows.push({ db, query: name, connections, project: best[first], baseline: best.baseline, variants: best });
      }
    }
    return {
      db,
      startup: Object.fromEntries(Object.entries(startups).map(([kind, times]) => [kind, median([...times].sort((a, b) => a - b))])),
      startups,
      rows,
    };
  } finally {
    for (const server of Object.values(servers)) await stopServer(server);
    if (db === 'sqlite') for (const suffix of ['', '-wal', '-shm']) fs.rmSync(dbEnv.SQLITE_PATH + suffix, { force: true });
  }
}

function table(results) {
  const lines = [
    '| db | query | conn | project req/s | baseline req/s | ratio | project p50/p99 ms | baseline p50/p99 ms | project peak RSS MB | baseline peak RSS MB | errors |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const result of results) {
    for (const row of result.rows) {
      const p = row.project;
      const b = row.baseline;
      lines.push(
        `| ${row.db} | ${row.query} | ${row.connections} | ${p ? p.rps.toFixed(0) : '-'} | ${b ? b.rps.toFixed(0) : '-'} | ${p && b ? (p.rps / b.rps).toFixed(2) : '-'} | ${p ? `${p.p50}/${p.p99}` : '-'} | ${b ? `${b.p50}/${b.p99}` : '-'} | ${p ? p.rssMb : '-'} | ${b ? b.rssMb : '-'} | ${(p?.errors ?? 0) + (b?.errors ?? 0)} |`,
      );
    }
  }
  return lines.join('\n');
}

function variantTable(results) {
  const names = Object.keys(VARIANTS);
  const lines = [
    `| db | query | conn | ${names.map((n) => `${n} req/s (ratio)`).join(' | ')} | baseline req/s |`,
    `|---|---|---:|${names.map(() => '---:').join('|')}|---:|`,
  ];
  for (const result of results) {
    for (const row of result.rows) {
      const b = row.baseline;
      const cells = names.map((n) => {
        const v = row.variants[n];
        return v ? `${v.rps.toFixed(0)}${b ? ` (${(v.rps / b.rps).toFixed(2)})` : ''}` : '-';
      });
      lines.push(`| ${row.db} | ${row.query} | ${row.connections} | ${cells.join(' | ')} | ${b ? b.rps.toFixed(0) : '-'} |`);
    }
  }
  return lines.join('\n');
}

async function main() {
  for (const kind of TARGETS.filter(isProject)) {
    if (!fs.existsSync(mainOf(kind))) throw new Error(`${mainOf(kind)} is missing: run \`npm run build\` first`);
  }
  console.log(`bench:api ${new Date().toISOString()} on ${os.cpus().length} cores (${os.cpus()[0].model}), node ${process.version}, load ${loadavg()}`);
  console.log(`${DURATION} s per run, ${REPEAT} runs per configuration (best reported), connections ${CONNECTIONS.join('/')}, app ${path.relative(ROOT, APP_DIR) || '.'}, server ${START.main}`);
  const results = [];
  for (const db of DBS) results.push(await runDatabase(db));
  console.log(`\nstart-up (ms${STARTUP_RUNS > 0 ? `, median of ${STARTUP_RUNS + 1}` : ''}): ` + results.map((r) => `${r.db} ${Object.entries(r.startup).map(([k, v]) => `${k} ${v}`).join(', ')}`).join('; '));
  console.log('\n' + table(results));
  if (VARIANTS) console.log('\n' + variantTable(results));
  if (env.BENCH_JSON) fs.writeFileSync(env.BENCH_JSON, JSON.stringify({ at: new Date().toISOString(), results }, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
