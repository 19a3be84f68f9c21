import { GraphQLSchemaHost } from '@nestjs/graphql';
import { isObjectType } from 'graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { printSortedSchema } from '../src/schema/print-schema';
import { startTestApp, TestApp } from './support/test-app';

describe('schema and migrations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('the committed schema.graphql is what the code emits (run `npm run schema:emit` after a change)', () => {
    const emitted = printSortedSchema(t.app.get(GraphQLSchemaHost).schema);
    const committed = readFileSync(join(__dirname, '../../../schema.graphql'), 'utf8');
    expect(committed).toBe(emitted);
  });

  it('exposes no secret-looking field on any type', () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const offending = Object.values(schema.getTypeMap())
      .filter(isObjectType)
      .filter((type) => !type.name.startsWith('__') && type.name !== 'Query' && type.name !== 'Mutation')
      .flatMap((type) => Object.keys(type.getFields()).filter((field) => /password|hash|secret/i.test(field)).map((field) => `${type.name}.${field}`));
    expect(offending).toEqual([]);
  });

  it('the migrations produce exactly the schema the entities describe (no drift)', async () => {
    const pending = await t.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('runs SQLite in WAL mode with foreign keys on and fully synchronous commits', async () => {
    if (t.dataSource.options.type !== 'better-sqlite3') return;
    const [{ journal_mode }] = await t.dataSource.query('PRAGMA journal_mode');
    const [{ foreign_keys }] = await t.dataSource.query('PRAGMA foreign_keys');
    const [{ synchronous }] = await t.dataSource.query('PRAGMA synchronous');
    expect({ journal_mode, foreign_keys, synchronous }).toEqual({ journal_mode: 'wal', foreign_keys: 1, synchronous: 2 });
  });

  it('loads all 342 CBS municipalities and 15 business domains', async () => {
    const [{ count: municipalities }] = await t.dataSource.query('SELECT COUNT(*) AS count FROM municipalities');
    const [{ count: domains }] = await t.dataSource.query('SELECT COUNT(*) AS count FROM business_domains');
    expect(Number(municipalities)).toBe(342);
    expect(Number(domains)).toBe(15);
  });
});
