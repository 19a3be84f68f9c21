import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Response } from 'express';
import type { RequestWithActor } from '../auth/access.decorators';
import type { Actor } from '../auth/actor';
import { DomainError } from '../common/domain-error';
import type { RequestLoaders } from './request-loaders';

export interface GraphQLContext {
  req: RequestWithActor;
  res: Response;
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
export const FieldActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = GqlExecutionContext.create(context).getContext<GraphQLContext>().req.actor;
  if (!actor) throw DomainError.unauthenticated();
  return actor;
});
