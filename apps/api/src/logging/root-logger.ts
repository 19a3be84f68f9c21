import pino, { type Logger } from 'pino';
import { AppConfig } from '../config/app-config';

/** The application's one pino logger; the HTTP logger and Nest's logger both write through it. */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/**
 * Paths that must never reach a log line. The request serializer already leaves headers and
 * bodies out; this list is the second line of defence for objects logged by hand.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.body',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.variables',
];

interface LoggableError {
  name?: string;
  message?: string;
  stack?: string;
  code?: unknown;
  driverError?: { code?: unknown };
}

/**
 * Type, message, code and stack of an error, and nothing else: a database error also carries
 * its statement's parameters (a password hash, a submission text), which must stay out of logs.
 */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!error || typeof error !== 'object') return { message: String(error) };
  const { name, message, stack, code, driverError } = error as LoggableError;
  const errorCode = code ?? driverError?.code;
  return {
    type: name ?? error.constructor?.name,
    message,
    ...(typeof errorCode === 'string' || typeof errorCode === 'number' ? { code: errorCode } : {}),
    stack,
  };
}

/** JSON lines on standard output, or appended to LOG_FILE (tests read that file). */
export function createRootLogger(config: AppConfig): Logger {
  const destination = pino.destination({ dest: config.LOG_FILE ?? 1, sync: true, mkdir: Boolean(config.LOG_FILE) });
  return pino(
    {
      level: config.LOG_LEVEL,
      base: { service: 'academy' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: serializeError },
    },
    destination,
  );
}
