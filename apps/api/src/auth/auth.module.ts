import { Global, Module } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CohortEntity } from '../cohorts/cohort.entity';
import { AppConfig } from '../config/app-config';
import { resolveJwtSecret } from '../config/jwt-secret';
import { EnrollmentEntity } from '../enrollments/enrollment.entity';
import { UserEntity } from '../users/user.entity';
import { AccessPolicy } from './access-policy.service';
import { AccessGuard } from './access.guard';
import { AuthResolver } from './auth.resolver';
import { AuthService } from './auth.service';
import { clientAddressTracker, GqlThrottlerGuard, loginAccountTracker } from './login-throttler.guard';
import { PasswordTokenEntity } from './password-token.entity';
import { PasswordService } from './password.service';
import { RefreshTokenEntity } from './refresh-token.entity';
import { TokenService } from './token.service';

@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([UserEntity, RefreshTokenEntity, PasswordTokenEntity, EnrollmentEntity, CohortEntity]),
    JwtModule.registerAsync({
      inject: [AppConfig],
      // A KeyObject, not a string: jsonwebtoken otherwise tries to parse a string secret as a
      // public key on every verification (a third of the time of a small query, bench/api).
      useFactory: (config: AppConfig) => ({
        secret: createSecretKey(Buffer.from(resolveJwtSecret(config), 'utf8')) as unknown as Buffer,
      }),
    }),
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        throttlers: [
          { name: 'address', ttl: config.LOGIN_WINDOW_SECONDS * 1000, limit: config.LOGIN_MAX_ATTEMPTS_PER_ADDRESS, getTracker: clientAddressTracker },
          { name: 'account', ttl: config.LOGIN_WINDOW_SECONDS * 1000, limit: config.LOGIN_MAX_ATTEMPTS_PER_ACCOUNT, getTracker: loginAccountTracker },
        ],
      }),
    }),
  ],
  providers: [
    AuthResolver,
    AuthService,
    PasswordService,
    TokenService,
    AccessPolicy,
    GqlThrottlerGuard,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [AuthService, AccessPolicy, PasswordService],
})
export class AuthModule {}
