'use strict';
// Preloaded into the server by the report bench (`node -r bench/reports/sql-tap.js main.js`): counts
// and records the SQL statements the server sends, without touching the application. The server
// has no statement-log option, so the bench wraps the two drivers instead: better-sqlite3's
// statement execution and pg's Client#query. The parent talks to it over the IPC channel:
//   { tap: 'start' }  -> clears the log and starts recording
//   { tap: 'stop' }   -> stops and replies { tap: 'log', statements: [{ sql, params }] }
if (typeof process.send === 'function') {
  let recording = false;
  let log = [];
  const record = (sql, params) => {
    if (recording) log.push({ sql, params });
  };

  try {
    const Database = require('better-sqlite3');
    const probe = new Database(':memory:');
    const prototype = Object.getPrototypeOf(probe.prepare('SELECT 1'));
    probe.close();
    for (const method of ['all', 'get', 'run', 'iterate']) {
      const original = prototype[method];
      prototype[method] = function tapped(...params) {
        record(this.source, params);
        return original.apply(this, params);
      };
    }
  } catch {
    // better-sqlite3 not loadable: nothing to tap for SQLite.
  }

  try {
    const { Client } = require('pg');
    const original = Client.prototype.query;
    Client.prototype.query = function tapped(config, values, callback) {
      if (typeof config === 'string') record(config, Array.isArray(values) ? values : []);
      else if (config && typeof config.text === 'string') record(config.text, config.values ?? []);
      return original.call(this, config, values, callback);
    };
  } catch {
    // pg not loadable: nothing to tap for PostgreSQL.
  }

  process.on('message', (message) => {
    if (!message || typeof message !== 'object') return;
    if (message.tap === 'start') {
      log = [];
      recording = true;
    } else if (message.tap === 'stop') {
      recording = false;
      process.send({ tap: 'log', statements: log });
      log = [];
    }
  });
  // The IPC channel must not keep the server alive on its own.
  process.channel?.unref();
}
