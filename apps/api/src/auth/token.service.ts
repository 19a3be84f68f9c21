import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { SystemRole } from '../users/user.entity';

export interface AccessTokenClaims {
  sub: string;
  role: SystemRole;
}

const ISSUER = 'academy';
const AUDIENCE = 'academy-api';

/** Signs and checks access tokens, and makes the opaque `<id>.<secret>` tokens stored hashed. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  signAccessToken(claims: AccessTokenClaims): string {
    return this.jwt.sign(claims, {
      algorithm: 'HS256',
      expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS,
      issuer: ISSUER,
      audience: AUDIENCE,
    });
  }

  /** Pinning the algorithm refuses `alg: none` and key-confusion tokens. */
  verifyAccessToken(token: string): AccessTokenClaims {
    try {
      const claims = this.jwt.verify<AccessTokenClaims & { exp: number }>(token, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
      });
      if (typeof claims.sub !== 'string') throw new Error('no subject');
      return { sub: claims.sub, role: claims.role };
    } catch (error) {
      const expired = error instanceof Error && error.name === 'TokenExpiredError';
      throw DomainError.unauthenticated(expired ? 'Access token expired; refresh it' : 'Access token is not valid');
    }
  }

  newSecret(): { secret: string; hash: string } {
    const secret = randomBytes(32).toString('base64url');
    return { secret, hash: this.hashSecret(secret) };
  }

  hashSecret(secret: string): string {
    return createHash('sha256').update(secret).digest('hex');
  }

  secretMatches(secret: string, hash: string): boolean {
    const given = Buffer.from(this.hashSecret(secret), 'hex');
    const stored = Buffer.from(hash, 'hex');
    return given.length === stored.length && timingSafeEqual(given, stored);
  }

  /** Splits `<id>.<secret>`; anything else is not a token of ours. */
  parseOpaque(token: string, field: string): { id: string; secret: string } {
    const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) throw DomainError.unauthenticated(`${field} is not valid`);
    return { id: match[1], secret: match[2] };
  }
}
