import { ArgsType, Field } from '@nestjs/graphql';
import { IsBoolean, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH } from './password.service';

@ArgsType()
export class LoginArgs {
  @Field()
  @IsString()
  @MaxLength(254)
  email: string;

  // A hard cap, checked before any hashing, so a megabyte password costs nothing.
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;
}

@ArgsType()
export class RefreshArgs {
  @Field()
  @IsString()
  @MaxLength(200)
  refreshToken: string;
}

@ArgsType()
export class LogoutArgs {
  @Field({ nullable: true, description: 'The session to end; omit with everywhere: true.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  refreshToken?: string;

  @Field({ defaultValue: false, description: 'End every session of this account.' })
  @IsBoolean()
  everywhere: boolean = false;
}

@ArgsType()
export class SetPasswordArgs {
  @Field({ description: 'Invitation or reset token from an admin.' })
  @IsString()
  @MaxLength(200)
  token: string;

  @Field()
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  newPassword: string;
}

@ArgsType()
export class ChangePasswordArgs {
  @Field()
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword: string;

  @Field()
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  newPassword: string;
}
