import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { FastifyReply } from 'fastify';
import type { RequestWithActor } from '../auth/access.decorators';
import type { Actor } from '../auth/actor';
import { DomainError } from '../common/domain-error';
import type { RequestLoaders } from './request-loaders';

export interface GraphQLContext {
  req: RequestWithActor;
  reply: FastifyReply;
  loaders: RequestLoaders;
}

export const Loaders = createParamDecorator(
  (_data: unknown, context: ExecutionContext): RequestLoaders =>
    GqlExecutionContext.create(context).getContext<GraphQLContext>().loaders,
);

/**
 * The caller, for field resolvers (which the access guard does not run for): the root
 * operation already authenticated the request, so a missing actor means an anonymous caller.
 */
export const FieldActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Actor => actorOf(GqlExecutionContext.create(context).getContext<GraphQLContext>()),
);

/**
 * `FieldActor` for a field resolver that takes the whole `@Context()`: on a list, every parameter
 * of a field resolver is one more trip through Nest's (async) parameter pipeline per item.
 */
export function actorOf(context: GraphQLContext): Actor {
  const actor = context.req.actor;
  if (!actor) throw DomainError.unauthenticated();
  return actor;
}
