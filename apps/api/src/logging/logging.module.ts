import { Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { AppConfig } from '../config/app-config';
import { createRootLogger, ROOT_LOGGER, serializeError } from './root-logger';

@Module({
  providers: [{ provide: ROOT_LOGGER, inject: [AppConfig], useFactory: createRootLogger }],
  exports: [ROOT_LOGGER],
})
class RootLoggerModule {}

/**
 * Structured logging through nestjs-pino. The pino-http middleware itself is mounted first of
 * all in `configureApp` (so that requests refused by the body parser are logged too); this
 * module makes Nest's logger and `PinoLogger` write through the same logger (`useExisting`).
 */
@Global()
@Module({
  imports: [
    RootLoggerModule,
    LoggerModule.forRootAsync({
      imports: [RootLoggerModule],
      inject: [ROOT_LOGGER],
      useFactory: (logger: Logger) => ({ useExisting: true, pinoHttp: { logger, serializers: { err: serializeError } } }),
    }),
  ],
  exports: [RootLoggerModule, LoggerModule],
})
export class LoggingModule {}
