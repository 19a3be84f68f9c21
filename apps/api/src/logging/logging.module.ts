import { Global, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppConfig } from '../config/app-config';
import { PinoNestLogger } from './nest-logger';
import { createRootLogger, ROOT_LOGGER } from './root-logger';

/**
 * The application's one pino logger, and Nest's logger writing through it (`app.useLogger`).
 * The request log is mounted first of all in `configureApp` (so that requests refused by the
 * body parser are logged too) and writes through the same logger. Nothing here keeps a
 * per-request context: an AsyncLocalStorage would put promise hooks on every await (Node 20).
 */
@Global()
@Module({
  providers: [
    { provide: ROOT_LOGGER, inject: [AppConfig], useFactory: createRootLogger },
    { provide: PinoNestLogger, inject: [ROOT_LOGGER], useFactory: (logger: Logger) => new PinoNestLogger(logger) },
  ],
  exports: [ROOT_LOGGER, PinoNestLogger],
})
export class LoggingModule {}
