'use strict';
// Builds the large bench data set (issue 6): 10,000 participants over 50 cohorts of ~200, and one
// stress cohort of 5,000 of them with 20 assignments, ~100,000 submissions and ~300,000 peer
// reviews (k = 3, reviewer always from another municipality).
//
// Usage: npm run bench:data                     (SQLite, bench/data/academy-bench.sqlite)
//        DATABASE_URL=postgres://postgres@127.0.0.1:5432/academy_bench npm run bench:data
// Env:   SEED (default 1), SQLITE_PATH, DATABASE_URL, BENCH_ADMIN_EMAIL, BENCH_ADMIN_PASSWORD.
//
// The schema comes from the application's own migrations (compiled, dist/); rows are written with
// batched multi-row INSERTs in one transaction, straight through better-sqlite3 or pg, because
// going through the services would take hours at this size.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { benchTarget, adminCredentials, requireDist, openRaw } = require('./db.js');
const { makeRandom, NAMES } = require('./random.js');

const NORMAL_COHORTS = 50;
const PARTICIPANTS = 10_000;
const STRESS_PARTICIPANTS = 5_000;
const MODULES = 5;
const ASSIGNMENTS_PER_MODULE = 4;
const K = 3;
const DAY = 86_400_000;

// Shares, per assignment, chosen so the totals land on the issue's ~100,000 submissions and
// ~300,000 reviews: a few participants skip an assignment, a few resubmit (version 2).
const MISSING_SHARE = 0.015;
const RESUBMIT_SHARE = 0.02;
const LATE_SHARE = 0.06;
const REMOVED_SHARE = 0.03;
const OVERDUE_SHARE = 0.08;
const HELPFULNESS_SHARE = 0.6;
// Authors rate most reviews as helpful.
const HELPFULNESS = [1, 2, 3, 3, 4, 4, 4, 4, 5, 5, 5];

async function main() {
  const started = Date.now();
  const target = benchTarget();
  const seed = Number(process.env.SEED || 1);
  const random = makeRandom(seed);
  console.log(`bench:data -> ${target.kind} ${target.label} (seed ${seed})`);

  await resetDatabase(target);
  const migrated = Date.now();
  await runMigrations(target);
  console.log(`schema: migrations ran in ${seconds(Date.now() - migrated)}`);

  const raw = await openRaw(target);
  const writer = makeWriter(raw);
  const counts = {};
  const filled = Date.now();
  try {
    await writer.begin();
    const municipalities = await raw.all('SELECT code FROM municipalities ORDER BY code');
    const domains = await raw.all('SELECT code FROM business_domains ORDER BY code');
    if (municipalities.length < 2 || domains.length < 12) throw new Error('reference data missing: did the migrations run?');
    const now = Date.now();
    const ts = writer.timestamp;

    // Users: one admin (argon2id, hashed once), coaches, participants.
    const admin = adminCredentials();
    const argon2 = require('argon2');
    const adminHash = await argon2.hash(admin.password, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
    const adminId = crypto.randomUUID();
    await writer.insert('users', ['id', 'email', 'name', 'role', 'password_hash'], [[adminId, admin.email, 'Bench Beheerder', 'ADMIN', adminHash]]);
    await writer.flush('users');

    // Municipalities are not equally represented: a mild skew (large cities send more people).
    const municipalityWeights = municipalities.map((_, index) => 1 / Math.sqrt(1 + (index * 7919) % municipalities.length));
    const pickMunicipality = random.weighted(municipalities.map((row) => row.code), municipalityWeights);
    const userColumns = ['id', 'email', 'name', 'municipality_code', 'business_domain_code', 'job_title', 'role'];
    const person = (index, kind) => {
      const id = crypto.randomUUID();
      const first = random.pick(NAMES.first);
      const last = random.pick(NAMES.last);
      const municipality = pickMunicipality();
      const slug = `${first}.${last}`.toLowerCase().normalize('NFD').replace(/[^a-z.]/g, '');
      const domain = random.pick(domains).code;
      return {
        id,
        municipality,
        domain,
        row: [
          id,
          `${slug}.${kind}${index}@bench.academy.local`,
          `${first} ${last}`,
          municipality,
          domain,
          kind === 'c' ? 'Coach i-NUP Academy' : random.pick(NAMES.jobs),
          'USER',
        ],
      };
    };
    const participants = [];
    for (let index = 0; index < PARTICIPANTS; index++) {
      const p = person(index, 'p');
      participants.push(p);
      await writer.insert('users', userColumns, [p.row]);
    }
    const coaches = [];
    for (let index = 0; index < NORMAL_COHORTS * 2 + 4; index++) {
      const c = person(index, 'c');
      coaches.push(c);
      await writer.insert('users', userColumns, [c.row]);
    }
    await writer.flush('users');

    // Cohorts: 50 of ~200 participants (each participant in exactly one), and the stress cohort
    // with every second participant. Each normal cohort gets a module with two open assignments.
    const cohortColumns = ['id', 'name', 'description', 'start_date', 'end_date', 'status'];
    const enrollmentColumns = ['id', 'cohort_id', 'user_id', 'role'];
    const moduleColumns = ['id', 'cohort_id', 'position', 'title', 'opens_at', 'closes_at'];
    const assignmentColumns = [
      'id', 'module_id', 'title', 'instructions', 'due_at', 'review_due_at', 'reviews_per_submission',
      'anonymity', 'show_hidden_affiliation', 'allow_late_submissions', 'release_reviews_immediately',
    ];
    const criterionColumns = ['id', 'assignment_id', 'position', 'title', 'min_score', 'max_score'];
    const date = (ms) => new Date(ms).toISOString().slice(0, 10);
    const rubric = (assignmentId, index) => {
      const max = index % 4 === 0 ? 10 : 5;
      return ['Volledigheid', 'Toepasbaarheid in de eigen gemeente', 'Onderbouwing'].map((title, position) => ({
        id: crypto.randomUUID(), min: 1, max, assignmentId, position, title,
      }));
    };
    const insertCriteria = async (criteria) => {
      for (const c of criteria) await writer.insert('rubric_criteria', criterionColumns, [[c.id, c.assignmentId, c.position, c.title, c.min, c.max]]);
    };
    for (let cohort = 0; cohort < NORMAL_COHORTS; cohort++) {
      const cohortId = crypto.randomUUID();
      const start = now - (60 + cohort * 3) * DAY;
      await writer.insert('cohorts', cohortColumns, [[cohortId, `i-NUP Academy bench ${String(cohort + 1).padStart(2, '0')}`, '', date(start), date(start + 200 * DAY), 'ACTIVE']]);
      for (let index = cohort * 200; index < (cohort + 1) * 200; index++) {
        await writer.insert('enrollments', enrollmentColumns, [[crypto.randomUUID(), cohortId, participants[index].id, 'PARTICIPANT']]);
      }
      for (const coach of coaches.slice(cohort * 2, cohort * 2 + 2)) {
        await writer.insert('enrollments', enrollmentColumns, [[crypto.randomUUID(), cohortId, coach.id, 'COACH']]);
      }
      const moduleId = crypto.randomUUID();
      await writer.insert('course_modules', moduleColumns, [[moduleId, cohortId, 0, 'Basisregistraties', ts(start), ts(start + 60 * DAY)]]);
      for (let a = 0; a < 2; a++) {
        const assignmentId = crypto.randomUUID();
        const due = start + (20 + a * 20) * DAY;
        await writer.insert('assignments', assignmentColumns, [[assignmentId, moduleId, `Opdracht ${a + 1}`, '', ts(due), ts(due + 7 * DAY), 2, 'DOUBLE_BLIND', writer.bool(true), writer.bool(true), writer.bool(false)]]);
        await insertCriteria(rubric(assignmentId, a));
      }
    }

    const stressId = crypto.randomUUID();
    const stressStart = now - 26 * 7 * DAY;
    await writer.insert('cohorts', cohortColumns, [[stressId, 'i-NUP Academy stress cohort', 'Bench: 5,000 participants, 20 assignments, k = 3', date(stressStart), date(now + 6 * 7 * DAY), 'ACTIVE']]);
    const stress = participants.filter((_, index) => index % 2 === 0).slice(0, STRESS_PARTICIPANTS);
    for (const p of stress) await writer.insert('enrollments', enrollmentColumns, [[crypto.randomUUID(), stressId, p.id, 'PARTICIPANT']]);
    const stressCoaches = coaches.slice(NORMAL_COHORTS * 2);
    for (const coach of stressCoaches) await writer.insert('enrollments', enrollmentColumns, [[crypto.randomUUID(), stressId, coach.id, 'COACH']]);

    // Stress cohort: 5 modules x 4 assignments, due weekly; the last one is still in its review
    // window, so more of its reviews are ASSIGNED (not overdue yet).
    const assignments = [];
    const anonymities = ['DOUBLE_BLIND', 'SINGLE_BLIND', 'OPEN'];
    for (let m = 0; m < MODULES; m++) {
      const moduleId = crypto.randomUUID();
      const firstDue = now - (MODULES * ASSIGNMENTS_PER_MODULE - m * ASSIGNMENTS_PER_MODULE) * 7 * DAY + 4 * DAY;
      await writer.insert('course_modules', moduleColumns, [[moduleId, stressId, m, `Bouwsteen ${m + 1}`, ts(firstDue - 14 * DAY), ts(firstDue + (ASSIGNMENTS_PER_MODULE + 1) * 7 * DAY)]]);
      for (let a = 0; a < ASSIGNMENTS_PER_MODULE; a++) {
        const index = m * ASSIGNMENTS_PER_MODULE + a;
        const dueAt = firstDue + a * 7 * DAY;
        const assignment = {
          id: crypto.randomUUID(), index, dueAt, reviewDueAt: dueAt + 7 * DAY,
          criteria: rubric(null, index),
        };
        for (const c of assignment.criteria) c.assignmentId = assignment.id;
        assignments.push(assignment);
        await writer.insert('assignments', assignmentColumns, [[
          assignment.id, moduleId, `Opdracht ${m + 1}.${a + 1}`, 'Beschrijf de situatie in jouw gemeente.',
          ts(dueAt), ts(assignment.reviewDueAt), K, anonymities[index % 3], writer.bool(true),
          writer.bool(index % 5 !== 4), writer.bool(index % 7 === 3),
        ]]);
        await insertCriteria(assignment.criteria);
      }
    }
    for (const table of ['cohorts', 'enrollments', 'course_modules', 'assignments', 'rubric_criteria']) await writer.flush(table);

    // Submissions, pairings and reviews, one assignment at a time (bounded memory, FK order).
    const submissionColumns = ['id', 'assignment_id', 'author_id', 'version', 'body', 'submitted_at', 'is_late', 'created_at'];
    const reviewColumns = [
      'id', 'assignment_id', 'reviewer_id', 'author_id', 'submission_id', 'status', 'origin', 'changed_by',
      'comment', 'submitted_at', 'helpfulness', 'helpfulness_comment', 'rated_at', 'created_at', 'updated_at',
    ];
    // Newer schemas keep both sides' affiliation on the pair, as the pairing code writes it when
    // the pair is made; fill those columns when the migrations have added them.
    const affiliationColumns = ['reviewer_municipality_code', 'reviewer_domain_code', 'author_municipality_code', 'author_domain_code'];
    const reviewTableColumns = new Set((await raw.all(
      raw.kind === 'postgres'
        ? "SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'peer_reviews' AND table_schema = current_schema()"
        : "SELECT name FROM pragma_table_info('peer_reviews')",
    )).map((row) => row.name));
    const withAffiliations = affiliationColumns.every((column) => reviewTableColumns.has(column));
    if (withAffiliations) reviewColumns.push(...affiliationColumns);
    const scoreColumns = ['peer_review_id', 'criterion_id', 'score'];
    const pairingColumns = ['assignment_id', 'version', 'published_at', 'published_by', 'seed'];
    const coachId = stressCoaches[0].id;
    for (const assignment of assignments) {
      const allowLate = assignment.index % 5 !== 4;
      const authors = [];
      for (const p of stress) {
        if (random.chance(MISSING_SHARE)) continue;
        const late = allowLate && random.chance(LATE_SHARE);
        const versions = random.chance(RESUBMIT_SHARE) ? 2 : 1;
        let current = null;
        for (let version = 1; version <= versions; version++) {
          const at = late && version === versions
            ? assignment.dueAt + random.int(1, 72) * 3_600_000
            : assignment.dueAt - (versions - version + 1) * random.int(1, 96) * 3_600_000;
          current = { id: crypto.randomUUID(), at };
          await writer.insert('submissions', submissionColumns, [[
            current.id, assignment.id, p.id, version, `Uitwerking versie ${version} van ${p.row[2]} (${p.municipality}).`,
            ts(at), writer.bool(late && version === versions), ts(at),
          ]]);
        }
        authors.push({ person: p, submission: current });
      }
      await writer.flush('submissions');

      const publishedAt = assignment.dueAt + 3 * 3_600_000;
      await writer.insert('assignment_pairings', pairingColumns, [[assignment.id, 1, ts(publishedAt), coachId, seed * 1000 + assignment.index]]);

      // Pairing: authors in a shuffled ring; the reviewers of author i are the authors at a few
      // fixed offsets, skipping any offset that lands in the same municipality.
      random.shuffle(authors);
      const n = authors.length;
      const offsets = [1, 2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31];
      const inReviewWindow = assignment.reviewDueAt > now;
      for (let i = 0; i < n; i++) {
        const author = authors[i];
        const taken = new Set();
        const pick = () => {
          for (const offset of offsets) {
            const reviewer = authors[(i + offset) % n].person;
            if (reviewer.municipality !== author.person.municipality && !taken.has(reviewer.id)) {
              taken.add(reviewer.id);
              return reviewer;
            }
          }
          throw new Error('no reviewer from another municipality within the offsets');
        };
        const removed = random.chance(REMOVED_SHARE) ? random.int(0, K - 1) : -1;
        for (let slot = 0; slot < K; slot++) {
          const reviewer = pick();
          if (slot === removed) {
            // Removed by a coach; a repair added a replacement reviewer.
            await review(reviewer, 'REMOVED', 'MATCHED');
            await review(pick(), statusFor(), 'REPAIRED');
          } else {
            await review(reviewer, statusFor(), 'MATCHED');
          }
        }
        async function review(reviewer, status, origin) {
          const id = crypto.randomUUID();
          const created = ts(publishedAt);
          const submittedAt = status === 'SUBMITTED' ? publishedAt + random.int(2, 160) * 3_600_000 : null;
          const rated = status === 'SUBMITTED' && !inReviewWindow && random.chance(HELPFULNESS_SHARE);
          const ratedAt = rated ? assignment.reviewDueAt + random.int(1, 96) * 3_600_000 : null;
          await writer.insert('peer_reviews', reviewColumns, [[
            id, assignment.id, reviewer.id, author.person.id, author.submission.id, status, origin,
            origin === 'REPAIRED' || status === 'REMOVED' ? coachId : null,
            submittedAt ? 'Heldere uitwerking; de koppeling met de basisregistraties kan sterker.' : null,
            submittedAt ? ts(submittedAt) : null,
            rated ? random.pick(HELPFULNESS) : null,
            rated && random.chance(0.2) ? 'Bruikbare tips, dank!' : null,
            ratedAt ? ts(ratedAt) : null,
            created,
            ts(ratedAt ?? submittedAt ?? publishedAt),
            ...(withAffiliations ? [reviewer.municipality, reviewer.domain, author.person.municipality, author.person.domain] : []),
          ]]);
          if (submittedAt) {
            for (const criterion of assignment.criteria) {
              // Scores lean to the upper half of the scale, as real peer scores do.
              const score = Math.min(criterion.max, Math.max(criterion.min, Math.round(criterion.min + (criterion.max - criterion.min) * (0.35 + 0.65 * random.next()))));
              await writer.insert('peer_review_scores', scoreColumns, [[id, criterion.id, score]]);
            }
          }
        }
      }
      function statusFor() {
        if (inReviewWindow) return random.chance(0.5) ? 'SUBMITTED' : 'ASSIGNED';
        return random.chance(OVERDUE_SHARE) ? 'ASSIGNED' : 'SUBMITTED';
      }
      await writer.flush('assignment_pairings');
      await writer.flush('peer_reviews');
      await writer.flush('peer_review_scores');
      if ((assignment.index + 1) % 5 === 0) console.log(`  ${assignment.index + 1}/${assignments.length} assignments (${seconds(Date.now() - filled)})`);
    }
    await writer.commit();
    Object.assign(counts, writer.counts);
  } catch (error) {
    await writer.rollback().catch(() => undefined);
    throw error;
  }
  const insertedIn = Date.now() - filled;

  const analyzed = Date.now();
  // PostgreSQL's autovacuum would analyze these tables soon after a real load; do it now so the
  // bench measures the plans a running server gets. SQLite gets no ANALYZE: the application never
  // runs one, so the bench measures the plans a production SQLite file has.
  if (raw.kind === 'postgres') await raw.run('ANALYZE');
  else raw.db.pragma('wal_checkpoint(TRUNCATE)');
  await raw.close();

  console.log('\nrows inserted:');
  for (const [table, count] of Object.entries(counts)) console.log(`  ${table.padEnd(20)} ${String(count).padStart(9)}`);
  console.log(`\ninsert ${seconds(insertedIn)}, ${raw.kind === 'postgres' ? 'analyze' : 'checkpoint'} ${seconds(Date.now() - analyzed)}, total ${seconds(Date.now() - started)}`);
  console.log(`admin login: ${adminCredentials().email} (password from BENCH_ADMIN_PASSWORD)`);
  if (target.kind === 'sqlite') console.log(`file: ${target.label} (${(fs.statSync(target.file).size / 1048576).toFixed(0)} MiB)`);
}

/** Starts from nothing: a fresh SQLite file, or a dropped and re-created PostgreSQL database. */
async function resetDatabase(target) {
  if (target.kind === 'sqlite') {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(target.file + suffix, { force: true });
    fs.mkdirSync(path.dirname(target.file), { recursive: true });
    return;
  }
  const url = new URL(target.url);
  const name = decodeURIComponent(url.pathname.slice(1));
  // Dropping a database is only safe for one that is obviously a bench database.
  if (!/bench/i.test(name) || !/^[a-z_][a-z0-9_]*$/.test(name)) {
    throw new Error(`refusing to drop database "${name}": the bench database name must contain "bench" (e.g. academy_bench)`);
  }
  const { Client } = require('pg');
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
}

/** The application's own migrations, from the compiled code, so the bench has the real indexes. */
async function runMigrations(target) {
  if (target.kind === 'postgres') process.env.DATABASE_URL = target.url;
  else process.env.SQLITE_PATH = target.file;
  const { loadConfig } = requireDist('config/app-config.js');
  const { databaseOptions } = requireDist('database/database-options.js');
  const { DataSource } = require('typeorm');
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const dataSource = new DataSource({ ...databaseOptions(config), migrationsRun: false });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    console.log(`schema: ${applied.length} migrations (${applied.map((m) => m.name).join(', ')})`);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Buffers rows per table and writes them as multi-row INSERTs: on SQLite through a cached
 * prepared statement per batch size, on PostgreSQL as one parameterised statement per batch.
 */
function makeWriter(raw) {
  const buffers = new Map();
  const counts = {};
  const postgres = raw.kind === 'postgres';
  const sqliteStatements = new Map();
  // SQLite allows 32,766 parameters per statement; PostgreSQL gets one array per column.
  const batchRows = (columns) => (postgres ? 10_000 : Math.floor(30_000 / columns.length));
  const types = new Map();
  async function columnTypes(table) {
    if (!types.has(table)) {
      const rows = await raw.all(
        'SELECT column_name, udt_name FROM information_schema.columns WHERE table_name = $1 AND table_schema = current_schema()',
        [table],
      );
      types.set(table, new Map(rows.map((row) => [row.column_name, row.udt_name])));
    }
    return types.get(table);
  }
  const sqlFor = (table, columns, rows) => {
    const values = [];
    for (let row = 0; row < rows; row++) {
      values.push(`(${columns.map((_, column) => `$${row * columns.length + column + 1}`).join(', ')})`);
    }
    return `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${values.join(', ')}`;
  };
  async function write(table, columns, rows) {
    // Parent rows first: every table first written before this one (its possible FK parents).
    for (const [other, buffer] of buffers) {
      if (other === table) break;
      if (buffer.rows.length) await write(other, buffer.columns, buffer.rows.splice(0));
    }
    if (postgres) {
      // One array parameter per column and unnest(): PostgreSQL parses a short statement instead
      // of a VALUES list with tens of thousands of placeholders.
      const types = await columnTypes(table);
      const arrays = columns.map((_, column) => rows.map((row) => row[column]));
      const casts = columns.map((column, index) => `$${index + 1}::${types.get(column)}[]`);
      await raw.client.query(
        `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) SELECT * FROM unnest(${casts.join(', ')})`,
        arrays,
      );
    } else {
      const params = rows.flat();
      const key = `${table}:${rows.length}`;
      let statement = sqliteStatements.get(key);
      if (!statement) {
        // Positional `?` placeholders are the fastest way to bind in better-sqlite3.
        statement = raw.db.prepare(sqlFor(table, columns, rows.length).replace(/\$\d+/g, '?'));
        sqliteStatements.set(key, statement);
      }
      statement.run(params);
    }
    counts[table] = (counts[table] ?? 0) + rows.length;
  }
  return {
    counts,
    timestamp: postgres
      ? (ms) => new Date(ms).toISOString()
      : // TypeORM's own SQLite datetime format (UTC, 'YYYY-MM-DD HH:MM:SS.SSS').
        (ms) => new Date(ms).toISOString().replace('T', ' ').replace('Z', ''),
    bool: postgres ? (value) => value : (value) => (value ? 1 : 0),
    async begin() {
      if (postgres) {
        await raw.run('BEGIN');
      } else {
        raw.db.pragma('journal_mode = WAL');
        raw.db.pragma('synchronous = OFF');
        raw.db.pragma('cache_size = -200000');
        raw.db.exec('BEGIN');
      }
    },
    async insert(table, columns, rows) {
      let buffer = buffers.get(table);
      if (!buffer) buffers.set(table, (buffer = { columns, rows: [] }));
      if (buffer.columns.join() !== columns.join()) {
        await this.flush(table);
        buffer.columns = columns;
      }
      buffer.rows.push(...rows);
      const size = batchRows(columns);
      while (buffer.rows.length >= size) await write(table, columns, buffer.rows.splice(0, size));
    },
    async flush(table) {
      const buffer = buffers.get(table);
      if (buffer && buffer.rows.length) await write(table, buffer.columns, buffer.rows.splice(0));
    },
    async commit() {
      for (const table of buffers.keys()) await this.flush(table);
      if (postgres) await raw.run('COMMIT');
      else {
        raw.db.exec('COMMIT');
        raw.db.pragma('synchronous = FULL');
      }
    },
    async rollback() {
      if (postgres) await raw.run('ROLLBACK');
      else if (raw.db.inTransaction) raw.db.exec('ROLLBACK');
    },
  };
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
