import { GraphQLSchemaHost } from '@nestjs/graphql';
import { parse, validate } from 'graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, TestApp } from './support/test-app';

/** Every GraphQL example in the README must be valid against the served schema. */
describe('README examples', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]);
  // A block holds several operations, each starting at the beginning of a line.
  const operations = blocks.flatMap((block) => block.split(/\n(?=query|mutation|\{)/).map((text) => text.trim()).filter(Boolean));

  it('has examples', () => {
    expect(operations.length).toBeGreaterThan(20);
  });

  it.each(operations.map((operation) => [operation.split('\n')[0].slice(0, 80), operation]))('%s', (_title, operation) => {
    const errors = validate(t.app.get(GraphQLSchemaHost).schema, parse(operation));
    expect(errors.map((error) => error.message)).toEqual([]);
  });
});
