'use strict';
// Shared plumbing for the bench scripts: where the bench database is, how to open it raw
// (better-sqlite3 / pg), and how to reach the compiled application (dist/).
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist', 'apps', 'api', 'apps', 'api', 'src');
const DEFAULT_SQLITE = path.join('bench', 'data', 'academy-bench.sqlite');
const DEFAULT_ADMIN_EMAIL = 'bench-admin@academy.local';
const DEFAULT_ADMIN_PASSWORD = 'bench admin password 1';

/** The bench target from the environment: DATABASE_URL (PostgreSQL) or a SQLite file. */
function benchTarget(env = process.env) {
  if (env.DATABASE_URL) return { kind: 'postgres', url: env.DATABASE_URL, label: redact(env.DATABASE_URL) };
  const file = path.resolve(ROOT, env.SQLITE_PATH || DEFAULT_SQLITE);
  return { kind: 'sqlite', file, label: path.relative(ROOT, file) };
}

function redact(url) {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

function adminCredentials(env = process.env) {
  return {
    email: (env.BENCH_ADMIN_EMAIL || DEFAULT_ADMIN_EMAIL).trim().toLowerCase(),
    password: env.BENCH_ADMIN_PASSWORD || DEFAULT_ADMIN_PASSWORD,
  };
}

function requireDist(relative) {
  const file = path.join(DIST, relative);
  if (!fs.existsSync(file)) throw new Error(`${path.relative(ROOT, file)} is missing: run \`npm run build\` first`);
  return require(file);
}

/**
 * A minimal raw client with one interface for both databases: `all(sql, params)` returns rows,
 * `run(sql, params)` executes. SQL uses `$1, $2, ...` placeholders (SQLite reads them as named
 * parameters "1", "2", ...).
 */
async function openRaw(target) {
  if (target.kind === 'sqlite') {
    const Database = require('better-sqlite3');
    const db = new Database(target.file);
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const statements = new Map();
    const prepare = (sql) => {
      let statement = statements.get(sql);
      if (!statement) {
        statement = db.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    };
    const bind = (params) => (params.length ? [Object.fromEntries(params.map((value, index) => [index + 1, value]))] : []);
    return {
      kind: 'sqlite',
      db,
      async all(sql, params = []) {
        const statement = prepare(sql);
        return statement.reader ? statement.all(...bind(params)) : (statement.run(...bind(params)), []);
      },
      async run(sql, params = []) {
        prepare(sql).run(...bind(params));
      },
      async close() {
        db.close();
      },
    };
  }
  const { Client } = require('pg');
  const client = new Client({ connectionString: target.url });
  await client.connect();
  return {
    kind: 'postgres',
    client,
    async all(sql, params = []) {
      return (await client.query(sql, params)).rows;
    },
    async run(sql, params = []) {
      await client.query(sql, params);
    },
    async close() {
      await client.end();
    },
  };
}

module.exports = { ROOT, DIST, benchTarget, adminCredentials, requireDist, openRaw, redact };
