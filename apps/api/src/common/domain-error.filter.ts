import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError, ErrorCode } from './domain-error';

const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
};

/**
 * Domain errors outside GraphQL (plain HTTP routes) become a status and a JSON body; inside
 * GraphQL they are handed back to Apollo, whose formatter maps them.
 */
@Catch(DomainError)
export class DomainErrorFilter implements ExceptionFilter {
  catch(error: DomainError, host: ArgumentsHost): DomainError | void {
    if (host.getType<string>() === 'graphql') return error;
    host
      .switchToHttp()
      .getResponse<FastifyReply>()
      .status(HTTP_STATUS[error.code])
      .send({ code: error.code, message: error.message, problems: error.problems });
  }
}
