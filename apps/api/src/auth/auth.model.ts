import { Field, ObjectType } from '@nestjs/graphql';
import { User } from '../users/user.model';
import type { Session } from './auth.service';

@ObjectType({ description: 'Send accessToken as "Authorization: Bearer <token>"; renew it with refreshToken.' })
export class AuthPayload {
  @Field()
  accessToken: string;

  @Field()
  accessTokenExpiresAt: Date;

  @Field({ description: 'One-time: each refresh returns a new one; reusing an old one ends the session.' })
  refreshToken: string;

  @Field()
  refreshTokenExpiresAt: Date;

  @Field(() => User)
  user: User;

  static from(session: Session): AuthPayload {
    return Object.assign(new AuthPayload(), { ...session, user: User.from(session.user) });
  }
}
