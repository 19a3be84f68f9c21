import type { LoggerService } from '@nestjs/common';
import type { Level, Logger } from 'pino';

/** How Nest's exception handlers pass a stack: `error(message, stack, context)`. */
const STACK = /\n\s*at /;

/**
 * Nest's logger output (`app.useLogger`) as JSON lines through the application's pino logger.
 * Nest's `Logger` appends its context (`new Logger('Retention')`) as the last parameter, and
 * passes `undefined` in the stack's place when an error has none.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    let rest = params;
    const last = rest[rest.length - 1];
    if (rest.length > 0 && (last === undefined || (typeof last === 'string' && !STACK.test(last)))) {
      if (last !== undefined) fields.context = last;
      rest = rest.slice(0, -1);
    }
    let text: string | undefined;
    if (message instanceof Error) fields.err = message;
    else if (message !== null && typeof message === 'object') Object.assign(fields, message);
    else text = String(message);
    for (const param of rest) {
      if (param instanceof Error) {
        fields.err = param;
      } else if (typeof param === 'string' && STACK.test(param)) {
        const error = new Error(text);
        error.stack = param;
        fields.err = error;
      } else if (typeof param === 'string' && text === undefined) {
        // `logger.error({ ...fields }, 'message')`: the object's message.
        text = param;
      }
    }
    if (text === undefined) this.logger[level](fields);
    else this.logger[level](fields, text);
  }
}
