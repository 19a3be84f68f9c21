import 'reflect-metadata';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from '../bootstrap';
import { loadConfig } from '../config/app-config';
import { printSortedSchema } from './print-schema';

/** `npm run schema:emit`: builds the app on a throw-away in-memory database and writes schema.graphql. */
async function emit(): Promise<void> {
  const app = await createApp(
    loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SQLITE_PATH: ':memory:', JWT_SECRET: 'x'.repeat(32) }),
  );
  await app.init();
  const file = join(process.cwd(), 'schema.graphql');
  writeFileSync(file, printSortedSchema(app.get(GraphQLSchemaHost).schema));
  await app.close();
  console.log(`wrote ${file}`);
}

void emit();
