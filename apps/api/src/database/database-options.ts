import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { POSTGRES_MIGRATIONS } from './migrations/postgres';
import { SQLITE_MIGRATIONS } from './migrations/sqlite';

export type DatabaseKind = 'sqlite' | 'postgres';

export function databaseKind(config: Pick<AppConfig, 'DATABASE_URL'>): DatabaseKind {
  return config.DATABASE_URL ? 'postgres' : 'sqlite';
}

/**
 * One place that turns configuration into TypeORM options, shared by the server and the
 * migration CLI. Generated migration SQL is dialect-specific, hence one folder per database, each
 * with an index listing its migrations (a glob over the folder finds nothing in the bundled server).
 */
export function databaseOptions(
  config: Pick<AppConfig, 'DATABASE_URL' | 'DATABASE_SCHEMA' | 'SQLITE_PATH' | 'NODE_ENV'>,
): DataSourceOptions {
  const kind = databaseKind(config);
  const common = {
    entities: ENTITIES,
    migrations: kind === 'postgres' ? POSTGRES_MIGRATIONS : SQLITE_MIGRATIONS,
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: false as const,
  };
  if (kind === 'postgres') {
    return {
      ...common,
      type: 'postgres',
      url: config.DATABASE_URL,
      // gen_random_uuid() is built into PostgreSQL 13+, so no extension needs superuser rights.
      uuidExtension: 'pgcrypto',
      // A per-schema search_path lets test runs and tenants share one database safely.
      ...(config.DATABASE_SCHEMA ? { schema: config.DATABASE_SCHEMA } : {}),
      extra: {
        max: 10,
        ...(config.DATABASE_SCHEMA ? { options: `-c search_path=${config.DATABASE_SCHEMA}` } : {}),
      },
    };
  }
  const file = config.SQLITE_PATH === ':memory:' ? ':memory:' : resolve(config.SQLITE_PATH);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: file,
    // WAL keeps readers off the writer's back and, with synchronous=FULL, makes every
    // acknowledged commit durable across a power cut or SIGKILL.
    enableWAL: true,
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      db.pragma('foreign_keys = ON');
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 5000');
    },
  };
}
