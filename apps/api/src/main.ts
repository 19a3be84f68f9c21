// First of all: every module loaded after it can come from the compile cache.
import './compile-cache';
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
  const logger = new Logger('Main');
  logger.log(`academy is listening on ${url}/graphql (database: ${databaseKind(config)}, health: ${url}/health)`);

  // Graceful stop: refuse new connections, let requests in flight finish, close the database.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.log(`${signal} received, shutting down`);
      const forced = setTimeout(() => {
        logger.warn('requests still open 10 s after the signal; stopping without waiting for them');
        process.exit(1);
      }, 10_000);
      forced.unref();
      app.close().then(
        () => {
          logger.log('shut down cleanly');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error(error);
          process.exit(1);
        },
      );
    });
  }
}

void main();
