import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../common/domain-error';
import type { Actor } from './actor';

export type AccessLevel = 'public' | 'authenticated' | 'admin';
export const ACCESS_LEVEL = 'academy:access-level';

/**
 * Every root operation declares who may call it; the global guard refuses any that does not.
 * `authenticated` operations then apply resource rules (cohort membership) in their services.
 */
export const Public = () => SetMetadata(ACCESS_LEVEL, 'public' satisfies AccessLevel);
export const Authenticated = () => SetMetadata(ACCESS_LEVEL, 'authenticated' satisfies AccessLevel);
export const AdminOnly = () => SetMetadata(ACCESS_LEVEL, 'admin' satisfies AccessLevel);

export interface RequestWithActor extends FastifyRequest {
  actor?: Actor;
}

export function requestOf(context: ExecutionContext): RequestWithActor {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req: RequestWithActor }>().req;
  }
  return context.switchToHttp().getRequest<RequestWithActor>();
}

/** The authenticated caller; only valid on operations that are not `@Public()`. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = requestOf(context).actor;
  if (!actor) throw DomainError.unauthenticated();
  return actor;
});
