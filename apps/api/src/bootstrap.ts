import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import type { Actor } from './auth/actor';
import { AuthService } from './auth/auth.service';
import { BodyLimitFilter } from './common/body-limit.filter';
import { AppConfig } from './config/app-config';
import { PinoNestLogger } from './logging/nest-logger';
import { createRequestLogger, type LoggedRequest } from './logging/request-log';
import { ROOT_LOGGER } from './logging/root-logger';

export const REQUEST_TIMEOUT_MS = 120_000;

/**
 * Creates and configures the application, shared by `main.ts` and the e2e tests. The HTTP layer
 * is Fastify: on small queries it kept ×1.5 the throughput of the Express adapter (bench/api).
 */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    // The client address counts for login throttling; only trust forwarding headers when told to.
    trustProxy: trustProxySetting(config.TRUST_PROXY),
    // Fastify answers 413 for an announced oversized body before reading it, and stops reading a
    // chunked one at the limit: nothing over BODY_LIMIT is buffered.
    bodyLimit: sizeInBytes(config.BODY_LIMIT),
    // Fastify's own logger stays off: the request log is ours (one line per request, no headers).
    logger: false,
    // Fastify turns Node's request timeout off; a client trickling a body (or never finishing it)
    // would hold its connection for good. Two minutes fit a 10 MB upload on a slow line.
    requestTimeout: REQUEST_TIMEOUT_MS,
    // Node's 5 s instead of Fastify's 72 s: on a stop, a keep-alive connection that turned idle
    // after the server began closing is only let go at this timeout, and the stop waits for it.
    keepAliveTimeout: 5_000,
    // `/health/` as `/health`, as probes and clients written against the Express server expect.
    routerOptions: { ignoreTrailingSlash: true },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    // Start-up messages wait for the pino logger instead of going to the console in Nest's format.
    bufferLogs: true,
  });
  app.useLogger(app.get(PinoNestLogger));
  configureApp(app, config);
  await app.get(AuthService).ensureInitialAdmin();
  return app;
}

function configureApp(app: NestFastifyApplication, config: AppConfig): void {
  const fastify = app.getHttpAdapter().getInstance();
  // First of all, so that every request gets a request id and a log line, even one the body
  // parser refuses. The request log and helmet work on Node's own request and response objects.
  const startRequestLog = createRequestLogger(app.get<Logger>(ROOT_LOGGER));
  const setSecurityHeaders = securityHeaders(config);
  fastify.addHook('onRequest', (request, reply, done) => {
    startRequestLog(request.raw, reply.raw);
    setSecurityHeaders(request, reply.raw, done);
  });
  // The caller is kept on Node's request, where the request log reads it when the response ends.
  fastify.decorateRequest('actor', {
    getter(this: FastifyRequest) {
      return (this.raw as LoggedRequest).actor;
    },
    setter(this: FastifyRequest, actor: Actor | undefined) {
      (this.raw as LoggedRequest).actor = actor;
    },
  });
  app.useGlobalFilters(new BodyLimitFilter(config.BODY_LIMIT, app.getHttpAdapter()));
  // Browsers on an allowed origin may read the request id, to quote it when reporting an error.
  app.enableCors({ origin: config.CORS_ORIGINS.length ? config.CORS_ORIGINS : false, exposedHeaders: ['X-Request-Id'] });
}

/**
 * `TRUST_PROXY` as Fastify reads it: `true`, a hop count, or a comma-separated list of
 * addresses, ranges and the names `loopback`, `linklocal` and `uniquelocal`.
 */
export function trustProxySetting(value: string | undefined): boolean | string | ((address: string, hop: number) => boolean) {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  return value;
}

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024 };

/** `1mb` → 1048576. */
export function sizeInBytes(size: string): number {
  const match = /^(\d+)(b|kb|mb)$/i.exec(size);
  if (!match) throw new Error(`Not a size: ${size}`);
  return Number(match[1]) * UNITS[match[2].toLowerCase()];
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
  return (request: FastifyRequest, response: ServerResponse, done: (error?: Error) => void) => {
    const isGraphiQL = config.exposesDevelopmentFeatures && request.method === 'GET' && request.url.split('?')[0] === '/graphql';
    (isGraphiQL ? graphiql : strict)(request.raw as IncomingMessage, response, (error?: unknown) => done(error as Error | undefined));
  };
}
