import { UseGuards } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { SkipThrottle } from '@nestjs/throttler';
import { Authenticated, CurrentActor, Public } from './access.decorators';
import type { RequestWithActor } from './access.decorators';
import type { Actor } from './actor';
import { ChangePasswordArgs, LoginArgs, LogoutArgs, RefreshArgs, SetPasswordArgs } from './auth.inputs';
import { AuthPayload } from './auth.model';
import { AuthService } from './auth.service';
import type { Session } from './auth.service';
import { GqlThrottlerGuard } from './login-throttler.guard';

@Resolver()
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @UseGuards(GqlThrottlerGuard)
  @Mutation(() => AuthPayload, { description: 'Attempts are limited per account and per client address.' })
  async login(@Args() { email, password }: LoginArgs, @Context('req') req: RequestWithActor): Promise<AuthPayload> {
    return payloadFor(req, await this.auth.login(email, password));
  }

  @Public()
  @UseGuards(GqlThrottlerGuard)
  @SkipThrottle({ account: true })
  @Mutation(() => AuthPayload)
  async refreshToken(@Args() { refreshToken }: RefreshArgs, @Context('req') req: RequestWithActor): Promise<AuthPayload> {
    return payloadFor(req, await this.auth.refresh(refreshToken));
  }

  @Public()
  @UseGuards(GqlThrottlerGuard)
  @SkipThrottle({ account: true })
  @Mutation(() => AuthPayload, { description: 'Accepts an invitation or a password reset and logs in.' })
  async setPasswordWithToken(@Args() { token, newPassword }: SetPasswordArgs, @Context('req') req: RequestWithActor): Promise<AuthPayload> {
    return payloadFor(req, await this.auth.setPasswordWithToken(token, newPassword));
  }

  @Authenticated()
  @Mutation(() => Boolean)
  logout(@CurrentActor() actor: Actor, @Args() { refreshToken, everywhere }: LogoutArgs): Promise<boolean> {
    return this.auth.logout(actor, refreshToken, everywhere);
  }

  @Authenticated()
  @Mutation(() => Boolean, { description: 'Also revokes every refresh token of the account: other devices log in again.' })
  changeMyPassword(@CurrentActor() actor: Actor, @Args() { currentPassword, newPassword }: ChangePasswordArgs): Promise<boolean> {
    return this.auth.changePassword(actor, currentPassword, newPassword);
  }
}

/**
 * These operations are public, so the guard set no actor; the payload's `user` has fields
 * (email, role, active) that are resolved for the caller, who is now the session's user.
 */
function payloadFor(req: RequestWithActor, session: Session): AuthPayload {
  req.actor ??= { id: session.user.id, role: session.user.role };
  return AuthPayload.from(session);
}
