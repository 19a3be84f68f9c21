import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './bootstrap';
import { ConfigurationError, loadConfig } from './config/app-config';
import { databaseKind } from './database/database-options';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigurationError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const app = await createApp(config);
  await app.listen(config.PORT, config.HOST);
  const url = (await app.getUrl()).replace('[::1]', 'localhost');
  new Logger('Main').log(`academy is listening on ${url}/graphql (database: ${databaseKind(config)}, health: ${url}/health)`);
}

void main();
