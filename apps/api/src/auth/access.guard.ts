import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../common/domain-error';
import { ACCESS_LEVEL, AccessLevel, requestOf } from './access.decorators';
import { isAdmin } from './actor';
import { AuthService } from './auth.service';

/**
 * Global, default-deny: an operation without an access declaration is refused, so a new
 * resolver cannot ship open by accident. Field resolvers are not guarded by Nest; their
 * access rules live in the services and loaders they call.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const level = this.reflector.getAllAndOverride<AccessLevel | undefined>(ACCESS_LEVEL, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!level) throw DomainError.forbidden('This operation declares no access rule');
    if (level === 'public') return true;
    const request = requestOf(context);
    request.actor ??= await this.auth.authenticate(request.headers.authorization);
    if (level === 'admin' && !isAdmin(request.actor)) {
      throw DomainError.forbidden('Only an administrator may do this');
    }
    return true;
  }
}
