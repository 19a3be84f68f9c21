import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { AuthService } from './auth/auth.service';
import { AppConfig } from './config/app-config';
import { PinoNestLogger } from './logging/nest-logger';
import { createHttpLogger } from './logging/request-log';
import { ROOT_LOGGER } from './logging/root-logger';

/** Creates and configures the application, shared by `main.ts` and the e2e tests. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    // Start-up messages wait for the pino logger instead of going to the console in Nest's format.
    bufferLogs: true,
    bodyParser: true,
  });
  app.useLogger(app.get(PinoNestLogger));
  configureApp(app, config);
  await app.get(AuthService).ensureInitialAdmin();
  return app;
}

export function configureApp(app: INestApplication, config: AppConfig): void {
  const express = app as NestExpressApplication;
  // First of all, so that every request gets a request id and a log line, even one the body
  // parser refuses.
  express.use(createHttpLogger(app.get<Logger>(ROOT_LOGGER)));
  // The client address counts for login throttling; only trust forwarding headers when told to.
  express.set('trust proxy', config.TRUST_PROXY ?? false);
  express.set('etag', false);
  express.disable('x-powered-by');
  express.use(securityHeaders(config));
  // An announced oversized body is refused before a byte of it is read; body-parser then stops
  // reading a chunked body at the limit. Either way nothing over BODY_LIMIT is buffered.
  express.use(refuseAnnouncedOversizedBodies(config.BODY_LIMIT));
  express.useBodyParser('json', { limit: config.BODY_LIMIT });
  express.useBodyParser('urlencoded', { limit: config.BODY_LIMIT, extended: false });
  // Browsers on an allowed origin may read the request id, to quote it when reporting an error.
  app.enableCors({ origin: config.CORS_ORIGINS.length ? config.CORS_ORIGINS : false, exposedHeaders: ['X-Request-Id'] });
}

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024 };

/** `1mb` → 1048576, as body-parser reads its `limit`. */
export function sizeInBytes(size: string): number {
  const match = /^(\d+)(b|kb|mb)$/i.exec(size);
  if (!match) throw new Error(`Not a size: ${size}`);
  return Number(match[1]) * UNITS[match[2].toLowerCase()];
}

/**
 * 413 at once for a JSON or form body whose Content-Length is over the limit, and the connection
 * closed: body-parser would first read (and discard) the whole body before answering. Other
 * types (multipart attachments) have limits of their own.
 */
function refuseAnnouncedOversizedBodies(limit: string) {
  const maxBytes = sizeInBytes(limit);
  return (req: Request, res: Response, next: NextFunction) => {
    const length = Number(req.headers['content-length']);
    if (!(length > maxBytes) || !req.is(['application/json', 'application/x-www-form-urlencoded'])) return next();
    res.setHeader('connection', 'close');
    res.status(413).json({ statusCode: 413, error: 'Payload Too Large', message: `The request body is larger than ${limit}` });
  };
}

/**
 * helmet's headers everywhere. The API answers JSON, CSV and attachments, so its content
 * security policy allows nothing to load; only the development GraphiQL page (GET /graphql,
 * never in production) goes without a CSP, as it loads its scripts and styles from a CDN.
 */
function securityHeaders(config: AppConfig) {
  const strict = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
    },
  });
  const graphiql = helmet({ contentSecurityPolicy: false });
  return (req: Request, res: Response, next: NextFunction) => {
    const isGraphiQL = config.exposesDevelopmentFeatures && req.method === 'GET' && req.path === '/graphql';
    (isGraphiQL ? graphiql : strict)(req, res, next);
  };
}
