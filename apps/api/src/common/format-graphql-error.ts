import { unwrapResolverError } from '@apollo/server/errors';
import { Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { randomUUID } from 'node:crypto';
import { QueryFailedError } from 'typeorm';
import { DomainError } from './domain-error';

const logger = new Logger('GraphQL');

/** Error codes Apollo itself produces for malformed requests; they are safe to pass through. */
const APOLLO_CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

interface DriverError {
  code?: string;
  constraint?: string;
  message?: string;
}

/** Unique and foreign-key violations are user mistakes that slipped past the checks in code. */
function fromConstraintViolation(error: QueryFailedError): DomainError | undefined {
  const driverError = error.driverError as DriverError;
  const code = String(driverError?.code ?? '');
  const text = `${driverError?.constraint ?? ''} ${driverError?.message ?? ''}`;
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new DomainError('CONFLICT', `This would create a duplicate (${constraintName(text)})`);
  }
  if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new DomainError('BAD_USER_INPUT', 'A referenced record does not exist or is still in use');
  }
  // PostgreSQL refuses malformed values (an id that is not a UUID, a date that is not one).
  if (code === '22P02' || code === '22007' || code === '22008') {
    return new DomainError('BAD_USER_INPUT', 'A value has the wrong format (for example an id that is not an id)');
  }
  // PostgreSQL cannot store a NUL character in text (SQLite can): a client's input, not a fault.
  if (code === '22021' || code === '22P05') {
    return new DomainError('BAD_USER_INPUT', 'A value contains a character that cannot be stored (such as a NUL character)');
  }
  if (code === '23514' || code === 'SQLITE_CONSTRAINT_CHECK') {
    return new DomainError('BAD_USER_INPUT', `A value breaks a rule (${constraintName(text)})`);
  }
  return undefined;
}

function constraintName(text: string): string {
  return /\b(uq|chk|fk)_[a-z_]+/.exec(text)?.[0] ?? 'constraint';
}

function domainErrorOf(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return error;
  if (error instanceof ThrottlerException) {
    return new DomainError('TOO_MANY_REQUESTS', 'Too many attempts; wait a while and try again');
  }
  if (error instanceof QueryFailedError) return fromConstraintViolation(error);
  return undefined;
}

/** Request ids of errors the logging plugin has already logged (with operation and user). */
const loggedErrors = new WeakMap<object, string>();

export function rememberRequestId(error: object, requestId: string): void {
  loggedErrors.set(error, requestId);
}

/** Errors the client caused (domain errors, malformed operations); everything else is masked. */
export function isClientError(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (domainErrorOf(original)) return true;
  const code = error instanceof GraphQLError ? error.extensions?.code : undefined;
  return typeof code === 'string' && APOLLO_CLIENT_CODES.has(code) && original instanceof GraphQLError;
}

/**
 * The one place where errors become what a client sees: domain errors keep their code and the
 * fields they name; anything unexpected is logged in full and masked behind the request id
 * (the same id as in the request's log line and its `X-Request-Id` header).
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const domainError = domainErrorOf(original);
  if (domainError) {
    return {
      message: domainError.message,
      path: formatted.path,
      locations: formatted.locations,
      extensions: {
        code: domainError.code,
        ...(domainError.problems.length ? { problems: domainError.problems } : {}),
      },
    };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && APOLLO_CLIENT_CODES.has(code) && original instanceof GraphQLError) {
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
  }
  // graphql-js's own request-level errors (for example "Too many errors processing variables")
  // carry no code, no path and no cause: they are about the request the client sent.
  if (original instanceof GraphQLError && !original.originalError && !formatted.path) {
    return { message: formatted.message, locations: formatted.locations, extensions: { code: 'BAD_USER_INPUT' } };
  }
  let requestId = typeof error === 'object' && error !== null ? loggedErrors.get(error) : undefined;
  if (!requestId) {
    // Not seen by the logging plugin (an error outside a request's operation): log it here.
    requestId = randomUUID();
    logger.error(
      { requestId, path: formatted.path, err: original instanceof Error ? { message: original.message, stack: original.stack } : original },
      'Unexpected error',
    );
  }
  return {
    message: `Internal server error (request id ${requestId})`,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
  };
}
