import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { AuthService } from './auth/auth.service';
import { AppConfig } from './config/app-config';

/** Creates and configures the application, shared by `main.ts` and the e2e tests. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: config.LOG_LEVEL === 'silent' ? false : undefined,
    bodyParser: true,
  });
  configureApp(app, config);
  await app.get(AuthService).ensureInitialAdmin();
  return app;
}

export function configureApp(app: INestApplication, config: AppConfig): void {
  const express = app as NestExpressApplication;
  // The client address counts for login throttling; only trust forwarding headers when told to.
  express.set('trust proxy', config.TRUST_PROXY ?? false);
  express.set('etag', false);
  express.useBodyParser('json', { limit: '1mb' });
  app.enableCors({ origin: config.CORS_ORIGINS.length ? config.CORS_ORIGINS : false });
}
