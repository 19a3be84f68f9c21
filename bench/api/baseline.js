'use strict';
// The minimal baseline for the API load bench: plain graphql-js over node:http with the same
// database driver as the app (better-sqlite3 / pg) and the same statements it runs, no framework.
// Each distinct query document is parsed and validated once (as Apollo's document cache does);
// each request verifies the same JWT and loads the caller's row (as the app's guard does), and
// nested fields are batched per request with DataLoader (as the app's loaders do).
//
// Env: PORT, SQLITE_PATH or DATABASE_URL, JWT_SECRET, BASELINE_JWT_SECRET (keyobject|string). Prints "ready" on stdout when listening.
const http = require('node:http');
const { buildSchema, parse, validate, execute, specifiedRules } = require('graphql');
const jwt = require('jsonwebtoken');
const DataLoader = require('dataloader');

const SDL = `
  type Query { me: User!  myReviewTasks: [ReviewTask!]!  cohort(id: ID!): Cohort! }
  type User { id: ID! name: String! email: String! }
  type ReviewTask { id: ID! submission: ReviewedSubmission! author: Counterpart! }
  type ReviewedSubmission { version: Int! body: String! }
  type Counterpart { hidden: Boolean! name: String municipality: Municipality businessDomain: BusinessDomain }
  type Municipality { code: ID! name: String! }
  type BusinessDomain { code: ID! name: String! }
  type Cohort { id: ID! name: String! modules: [CourseModule!]! }
  type CourseModule { id: ID! title: String! assignments: [Assignment!]! }
  type Assignment { id: ID! title: String! dueAt: String! rubric: [RubricCriterion!]! }
  type RubricCriterion { id: ID! title: String! }
`;

// The app's SQL (captured with TypeORM logging), in the driver's placeholder style.
const USER_COLUMNS = 'id, email, name, municipality_code, business_domain_code, job_title, role, password_hash, deactivated_at, created_at, updated_at';
const SQL = {
  actor: 'SELECT id, role, deactivated_at FROM users WHERE id = $1 LIMIT 1',
  me: `SELECT ${USER_COLUMNS} FROM users WHERE id = $1 LIMIT 1`,
  activePairs: `SELECT pair.id FROM peer_reviews pair
    INNER JOIN assignments pair_assignment ON pair_assignment.id = pair.assignment_id
    INNER JOIN course_modules pair_module ON pair_module.id = pair_assignment.module_id
    INNER JOIN enrollments pair_enrollment ON pair_enrollment.cohort_id = pair_module.cohort_id AND pair_enrollment.user_id = pair.reviewer_id AND pair_enrollment.role = $1
    WHERE pair.reviewer_id = $2 AND pair.status <> $3`,
  tasks: (n) => `SELECT r.id, r.assignment_id, r.reviewer_id, r.author_id, r.submission_id, r.status, r.origin, r.changed_by, r.comment,
      r.submitted_at, r.helpfulness, r.helpfulness_comment, r.rated_at, r.created_at, r.updated_at,
      a.id AS a_id, a.module_id AS a_module_id, a.title AS a_title, a.instructions AS a_instructions, a.due_at AS a_due_at,
      a.review_due_at AS a_review_due_at, a.reviews_per_submission AS a_reviews_per_submission, a.anonymity AS a_anonymity,
      a.show_hidden_affiliation AS a_show_hidden_affiliation, a.allow_late_submissions AS a_allow_late_submissions,
      a.release_reviews_immediately AS a_release_reviews_immediately, a.archived_at AS a_archived_at, a.created_at AS a_created_at, a.updated_at AS a_updated_at
    FROM peer_reviews r LEFT JOIN assignments a ON a.id = r.assignment_id
    WHERE r.id IN (${list(n, 1)}) AND r.status != $${n + 1} ORDER BY a.review_due_at ASC, r.id ASC`,
  submissions: (n) => `SELECT id, assignment_id, author_id, version, body, submitted_at, is_late, created_at FROM submissions WHERE id IN (${list(n)})`,
  users: (n) => `SELECT ${USER_COLUMNS} FROM users WHERE id IN (${list(n)})`,
  municipalities: (n) => `SELECT code, name, province FROM municipalities WHERE code IN (${list(n)})`,
  businessDomains: (n) => `SELECT code, name_nl, name_en, description_nl FROM business_domains WHERE code IN (${list(n)})`,
  cohort: 'SELECT id, name, description, start_date, end_date, status, archived_at, created_at, updated_at FROM cohorts WHERE id = $1 LIMIT 1',
  memberships: 'SELECT cohort_id, role, id FROM enrollments WHERE user_id = $1',
  modules: (n) => `SELECT id, cohort_id, position, title, description, opens_at, closes_at, archived_at, created_at, updated_at FROM course_modules
    WHERE cohort_id IN (${list(n)}) AND archived_at IS NULL ORDER BY position ASC, created_at ASC`,
  assignments: (n) => `SELECT id, module_id, title, instructions, due_at, review_due_at, reviews_per_submission, anonymity, show_hidden_affiliation,
      allow_late_submissions, release_reviews_immediately, archived_at, created_at, updated_at FROM assignments
    WHERE module_id IN (${list(n)}) AND archived_at IS NULL ORDER BY due_at ASC, created_at ASC`,
  rubric: (n) => `SELECT id, assignment_id, position, title, description, min_score, max_score FROM rubric_criteria
    WHERE assignment_id IN (${list(n)}) ORDER BY position ASC`,
};

function list(n, from = 1) {
  return Array.from({ length: n }, (_, i) => `$${from + i}`).join(', ');
}

/** `all(sql, params)` with the app's driver; SQLite statements are prepared once per text. */
function openDatabase() {
  if (process.env.DATABASE_URL) {
    const { Pool } = require('pg');
    const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
    return { all: async (sql, params) => (await pool.query(sql, params)).rows, date: (value) => value };
  }
  const Database = require('better-sqlite3');
  const db = new Database(process.env.SQLITE_PATH);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const statements = new Map();
  return {
    all: async (sql, params) => {
      let statement = statements.get(sql);
      if (!statement) {
        // SQLite reads $1 as the named parameter "1".
        statement = db.prepare(sql);
        statements.set(sql, statement);
      }
      return statement.all(Object.fromEntries(params.map((value, index) => [index + 1, value])));
    },
    // TypeORM stores UTC without a zone on SQLite.
    date: (value) => (value === null ? null : new Date(`${value.replace(' ', 'T')}Z`)),
  };
}

const db = openDatabase();
const schema = buildSchema(SDL);
// A KeyObject made once: given a string, jsonwebtoken 9 first tries to parse it as a PEM/DER
// public key and catches the OpenSSL error, about 1 ms per verify. BASELINE_JWT_SECRET=string
// measures that path (the app's, through @nestjs/jwt).
const secret =
  process.env.BASELINE_JWT_SECRET === 'string' ? process.env.JWT_SECRET : require('node:crypto').createSecretKey(Buffer.from(process.env.JWT_SECRET, 'utf8'));

function seesCounterpart(mode, viewpoint) {
  if (viewpoint === 'MANAGER' || mode === 'OPEN') return true;
  if (mode === 'SINGLE_BLIND') return viewpoint === 'REVIEWER';
  return false;
}

class GraphQLFailure extends Error {
  constructor(message, code) {
    super(message);
    this.extensions = { code };
  }
}

function byKey(sqlFor, key) {
  return new DataLoader(async (keys) => {
    const rows = await db.all(sqlFor(keys.length), keys);
    const map = new Map(rows.map((row) => [row[key], row]));
    return keys.map((k) => map.get(k) ?? null);
  });
}
function groupedBy(sqlFor, key) {
  return new DataLoader(async (keys) => {
    const rows = await db.all(sqlFor(keys.length), keys);
    const map = new Map(keys.map((k) => [k, []]));
    for (const row of rows) map.get(row[key]).push(row);
    return keys.map((k) => map.get(k));
  });
}

function loaders() {
  return {
    submission: byKey(SQL.submissions, 'id'),
    user: byKey(SQL.users, 'id'),
    municipality: byKey(SQL.municipalities, 'code'),
    businessDomain: byKey(SQL.businessDomains, 'code'),
    modules: groupedBy(SQL.modules, 'cohort_id'),
    assignments: groupedBy(SQL.assignments, 'module_id'),
    rubric: groupedBy(SQL.rubric, 'assignment_id'),
  };
}

async function authenticate(authorization) {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) throw new GraphQLFailure('Log in first', 'UNAUTHENTICATED');
  let claims;
  try {
    claims = jwt.verify(match[1], secret, { algorithms: ['HS256'], issuer: 'academy', audience: 'academy-api' });
  } catch {
    throw new GraphQLFailure('Access token is not valid', 'UNAUTHENTICATED');
  }
  const [user] = await db.all(SQL.actor, [claims.sub]);
  if (!user || user.deactivated_at) throw new GraphQLFailure('This account is not active', 'UNAUTHENTICATED');
  return { id: user.id, role: user.role };
}

async function counterpart(task, ctx) {
  const visible = seesCounterpart(task.a_anonymity, 'REVIEWER');
  const result = { hidden: !visible, name: null, municipality: null, businessDomain: null };
  if (!visible && !task.a_show_hidden_affiliation) return result;
  const user = await ctx.loaders.user.load(task.author_id);
  if (!user) return result;
  const [municipality, businessDomain] = await Promise.all([
    user.municipality_code ? ctx.loaders.municipality.load(user.municipality_code) : null,
    user.business_domain_code ? ctx.loaders.businessDomain.load(user.business_domain_code) : null,
  ]);
  return {
    ...result,
    name: visible ? user.name : null,
    municipality: municipality && { code: municipality.code, name: municipality.name },
    businessDomain: businessDomain && { code: businessDomain.code, name: businessDomain.name_nl },
  };
}

const rootValue = {
  async me(_args, ctx) {
    const actor = await ctx.actor();
    const [user] = await db.all(SQL.me, [actor.id]);
    if (!user) throw new GraphQLFailure('not found', 'NOT_FOUND');
    return user;
  },
  async myReviewTasks(_args, ctx) {
    const actor = await ctx.actor();
    const active = await db.all(SQL.activePairs, ['PARTICIPANT', actor.id, 'REMOVED']);
    if (active.length === 0) return [];
    const ids = active.map((row) => row.id);
    const rows = await db.all(SQL.tasks(ids.length), [...ids, 'REMOVED']);
    return rows.map((row) => ({
      id: row.id,
      submission: async () => {
        const submission = await ctx.loaders.submission.load(row.submission_id);
        return { version: submission.version, body: submission.body };
      },
      author: () => counterpart(row, ctx),
    }));
  },
  async cohort({ id }, ctx) {
    const actor = await ctx.actor();
    const [cohort] = await db.all(SQL.cohort, [id]);
    if (!cohort) throw new GraphQLFailure(`Cohort ${id} does not exist`, 'NOT_FOUND');
    if (actor.role !== 'ADMIN') {
      const memberships = new Map((await db.all(SQL.memberships, [actor.id])).map((row) => [row.cohort_id, row.role]));
      const role = memberships.get(cohort.id);
      if (!(role === 'COACH' || (role === 'PARTICIPANT' && cohort.status !== 'DRAFT'))) throw new GraphQLFailure('You are not enrolled in this cohort', 'FORBIDDEN');
    }
    return {
      id: cohort.id,
      name: cohort.name,
      modules: async () =>
        (await ctx.loaders.modules.load(cohort.id)).map((module) => ({
          id: module.id,
          title: module.title,
          assignments: async () =>
            (await ctx.loaders.assignments.load(module.id)).map((assignment) => ({
              id: assignment.id,
              title: assignment.title,
              dueAt: db.date(assignment.due_at).toISOString(),
              rubric: async () => (await ctx.loaders.rubric.load(assignment.id)).map((c) => ({ id: c.id, title: c.title })),
            })),
        })),
    };
  },
};

const documents = new Map();
function documentFor(query) {
  let entry = documents.get(query);
  if (!entry) {
    try {
      const document = parse(query);
      const errors = validate(schema, document, specifiedRules);
      entry = errors.length ? { errors } : { document };
    } catch (error) {
      entry = { errors: [error] };
    }
    documents.set(query, entry);
  }
  return entry;
}

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') return send(res, 200, { status: 'ok' });
  if (req.method !== 'POST' || req.url !== '/graphql') return send(res, 404, { message: 'not found' });
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', async () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return send(res, 400, { errors: [{ message: 'bad JSON' }] });
    }
    const { document, errors } = documentFor(String(body.query));
    if (errors) return send(res, 400, { errors: errors.map((e) => ({ message: e.message })) });
    let actor;
    const contextValue = { loaders: loaders(), actor: () => (actor ??= authenticate(req.headers.authorization)) };
    try {
      const result = await execute({ schema, document, rootValue, contextValue, variableValues: body.variables });
      send(res, 200, result);
    } catch (error) {
      send(res, 500, { errors: [{ message: error.message }] });
    }
  });
});

server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => server.close(() => process.exit(0)));
