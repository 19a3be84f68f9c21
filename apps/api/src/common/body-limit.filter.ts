import { ArgumentsHost, Catch, HttpException } from '@nestjs/common';
import type { HttpServer } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { FastifyReply } from 'fastify';

/**
 * Fastify's 413 for a body over BODY_LIMIT says only "Request body is too large"; a client
 * (or its developer) needs the limit to fix the request. Every other HTTP error keeps Nest's
 * default answer.
 */
@Catch(HttpException)
export class BodyLimitFilter extends BaseExceptionFilter {
  constructor(
    private readonly limit: string,
    httpAdapter: HttpServer,
  ) {
    super(httpAdapter);
  }

  override catch(error: HttpException, host: ArgumentsHost): HttpException | void {
    // Inside GraphQL (a throttled login) the error goes back to Apollo's formatter, as without this filter.
    if (host.getType<string>() === 'graphql') return error;
    if (error.getStatus() !== 413) return super.catch(error, host);
    host
      .switchToHttp()
      .getResponse<FastifyReply>()
      .status(413)
      .send({ statusCode: 413, error: 'Payload Too Large', message: `The request body is larger than ${this.limit}` });
  }
}
