import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { databaseOptions } from './database-options';

const CONFIG = { DATABASE_SCHEMA: undefined, SQLITE_PATH: ':memory:', NODE_ENV: 'test' } as const;

/** Every migration class in a dialect's folder, oldest first (file names start with the timestamp). */
function migrationsInFolder(kind: 'sqlite' | 'postgres'): unknown[] {
  const folder = join(__dirname, 'migrations', kind);
  return readdirSync(folder)
    .filter((file) => /^\d+-.+\.ts$/.test(file))
    .sort()
    .flatMap((file) => Object.values(require(join(folder, file)) as Record<string, unknown>))
    .filter((value) => typeof value === 'function');
}

describe('database options', () => {
  it.each([
    ['sqlite', { ...CONFIG, DATABASE_URL: undefined }],
    ['postgres', { ...CONFIG, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }],
  ] as const)('list every %s migration of its folder, in order', (kind, config) => {
    const listed = databaseOptions(config).migrations;
    const inFolder = migrationsInFolder(kind);
    expect(inFolder.length).toBeGreaterThanOrEqual(6);
    expect(listed).toEqual(inFolder);
  });
});
