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

/**
 * The one place where errors become what a client sees: domain errors keep their code and the
 * fields they name; anything unexpected is logged in full and masked behind a request id.
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
  const requestId = randomUUID();
  logger.error(
    { requestId, path: formatted.path, err: original instanceof Error ? { message: original.message, stack: original.stack } : original },
    'Unexpected error',
  );
  return {
    message: `Internal server error (request id ${requestId})`,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
  };
}
