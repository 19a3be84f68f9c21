import { UseGuards } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { SkipThrottle } from '@nestjs/throttler';
import { Authenticated, CurrentActor, Public } from './access.decorators';
import type { Actor } from './actor';
import { ChangePasswordArgs, LoginArgs, LogoutArgs, RefreshArgs, SetPasswordArgs } from './auth.inputs';
import { AuthPayload } from './auth.model';
import { AuthService } from './auth.service';
import { GqlThrottlerGuard } from './login-throttler.guard';

@Resolver()
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @UseGuards(GqlThrottlerGuard)
  @Mutation(() => AuthPayload, { description: 'Attempts are limited per account and per client address.' })
  async login(@Args() { email, password }: LoginArgs): Promise<AuthPayload> {
    return AuthPayload.from(await this.auth.login(email, password));
  }

  @Public()
  @UseGuards(GqlThrottlerGuard)
  @SkipThrottle({ account: true })
  @Mutation(() => AuthPayload)
  async refreshToken(@Args() { refreshToken }: RefreshArgs): Promise<AuthPayload> {
    return AuthPayload.from(await this.auth.refresh(refreshToken));
  }

  @Public()
  @UseGuards(GqlThrottlerGuard)
  @SkipThrottle({ account: true })
  @Mutation(() => AuthPayload, { description: 'Accepts an invitation or a password reset and logs in.' })
  async setPasswordWithToken(@Args() { token, newPassword }: SetPasswordArgs): Promise<AuthPayload> {
    return AuthPayload.from(await this.auth.setPasswordWithToken(token, newPassword));
  }

  @Authenticated()
  @Mutation(() => Boolean)
  logout(@CurrentActor() actor: Actor, @Args() { refreshToken, everywhere }: LogoutArgs): Promise<boolean> {
    return this.auth.logout(actor, refreshToken, everywhere);
  }

  @Authenticated()
  @Mutation(() => Boolean, { description: 'Ends all other sessions.' })
  changeMyPassword(@CurrentActor() actor: Actor, @Args() { currentPassword, newPassword }: ChangePasswordArgs): Promise<boolean> {
    return this.auth.changePassword(actor, currentPassword, newPassword);
  }
}
