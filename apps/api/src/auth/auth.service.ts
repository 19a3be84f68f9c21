import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import { IsNull, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { TransactionService } from '../common/transaction.service';
import { normalizeEmail } from '../users/email';
import { SystemRole, UserEntity } from '../users/user.entity';
import type { Actor } from './actor';
import { PasswordService } from './password.service';
import { PasswordTokenEntity, PasswordTokenPurpose } from './password-token.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import { TokenService } from './token.service';

export interface Session {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  user: UserEntity;
}

/** The row of the caller's look-up, under the query builder's aliases. */
interface ActorRow {
  u_id: string;
  u_role: SystemRole;
  u_deactivated_at: string | Date | null;
}

const FAILED_LOGIN = 'E-mail address or password is wrong';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  /** The caller's look-up as a raw statement, built on first use (see `authenticate`). */
  private actorSql?: string;

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(RefreshTokenEntity) private readonly refreshTokens: Repository<RefreshTokenEntity>,
    @InjectRepository(PasswordTokenEntity) private readonly passwordTokens: Repository<PasswordTokenEntity>,
    private readonly passwords: PasswordService,
    private readonly tokens: TokenService,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /** Resolves the caller of a request from its `Authorization: Bearer` header. */
  async authenticate(authorization: string | undefined): Promise<Actor> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw DomainError.unauthenticated('Log in first: send an access token as "Authorization: Bearer <token>"');
    const claims = this.tokens.verifyAccessToken(match[1]);
    // Every authenticated request runs this look-up. Building it through the query builder each
    // time cost more than the indexed read itself (bench/api), so the builder writes the statement
    // once, in the dialect's placeholder style, and afterwards only the raw statement runs.
    this.actorSql ??= this.users
      .createQueryBuilder('u')
      .select(['u.id', 'u.role', 'u.deactivatedAt'])
      .where('u.id = :id', { id: '' })
      .limit(1)
      .getQueryAndParameters()[0];
    const [row] = (await this.users.query(this.actorSql, [claims.sub])) as ActorRow[];
    // Any stored deactivation time (a string on SQLite, a Date on PostgreSQL) means deactivated.
    if (!row || row.u_deactivated_at != null) throw DomainError.unauthenticated('This account is not active');
    // The role comes from the database, so a demotion takes effect at once.
    return { id: row.u_id, role: row.u_role };
  }

  async login(email: string, password: string): Promise<Session> {
    const user = await this.users.findOne({ where: { email: normalizeEmail(email) } });
    // Verify even for unknown accounts, so response time does not reveal which addresses exist.
    const valid = await this.passwords.verify(user?.passwordHash ?? DUMMY_HASH, password);
    if (!user || !valid || !user.passwordHash) throw DomainError.unauthenticated(FAILED_LOGIN);
    if (user.deactivatedAt) throw DomainError.unauthenticated('This account is deactivated');
    return this.transactions.run(() => this.startSession(user, randomUUID()));
  }

  /** Exchanges a refresh token for a new pair; reuse of a rotated token revokes its whole family. */
  async refresh(refreshToken: string): Promise<Session> {
    const { id, secret } = this.tokens.parseOpaque(refreshToken, 'refreshToken');
    const outcome = await this.transactions.run(async (manager) => {
      const stored = await manager.findOne(RefreshTokenEntity, { where: { id } });
      if (!stored || !this.tokens.secretMatches(secret, stored.secretHash)) return 'invalid' as const;
      if (stored.rotatedAt || stored.revokedAt) {
        await manager.update(
          RefreshTokenEntity,
          { familyId: stored.familyId, revokedAt: IsNull() },
          { revokedAt: new Date() },
        );
        return stored.rotatedAt ? ({ reusedBy: stored.userId, family: stored.familyId } as const) : ('invalid' as const);
      }
      if (stored.expiresAt.getTime() <= Date.now()) return 'expired' as const;
      const user = await manager.findOne(UserEntity, { where: { id: stored.userId } });
      if (!user || user.deactivatedAt) return 'inactive' as const;
      await manager.update(RefreshTokenEntity, { id: stored.id }, { rotatedAt: new Date() });
      return this.startSession(user, stored.familyId);
    });
    if (typeof outcome === 'object' && 'reusedBy' in outcome) {
      // Who and which session, so that the warning can be followed up (ids only, no token).
      this.logger.warn(`Reuse of a rotated refresh token (user ${outcome.reusedBy}, token family ${outcome.family}); its family is revoked`);
      throw DomainError.unauthenticated('Refresh token was already used; log in again');
    }
    switch (outcome) {
      case 'invalid':
        throw DomainError.unauthenticated('Refresh token is not valid');
      case 'expired':
        throw DomainError.unauthenticated('Refresh token expired; log in again');
      case 'inactive':
        throw DomainError.unauthenticated('This account is not active');
      default:
        return outcome;
    }
  }

  /** Revokes the family of the given refresh token (this device), or all of the user's sessions. */
  async logout(actor: Actor, refreshToken: string | undefined, everywhere: boolean): Promise<boolean> {
    await this.transactions.run(async (manager) => {
      if (everywhere) {
        await manager.update(RefreshTokenEntity, { userId: actor.id, revokedAt: IsNull() }, { revokedAt: new Date() });
        return;
      }
      if (!refreshToken) throw DomainError.badInput('refreshToken', 'is required unless everywhere is true');
      const { id, secret } = this.tokens.parseOpaque(refreshToken, 'refreshToken');
      const stored = await manager.findOne(RefreshTokenEntity, { where: { id, userId: actor.id } });
      if (!stored || !this.tokens.secretMatches(secret, stored.secretHash)) {
        throw DomainError.badInput('refreshToken', 'is not one of your sessions');
      }
      await manager.update(RefreshTokenEntity, { familyId: stored.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
    });
    return true;
  }

  async changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<boolean> {
    const user = await this.users.findOneOrFail({ where: { id: actor.id } });
    if (!(await this.passwords.verify(user.passwordHash, currentPassword))) {
      throw DomainError.badInput('currentPassword', 'is wrong');
    }
    this.passwords.assertAcceptable(newPassword, user.email, 'newPassword');
    const hash = await this.passwords.hash(newPassword);
    await this.transactions.run(async (manager) => {
      await manager.update(UserEntity, { id: user.id }, { passwordHash: hash });
      await manager.update(RefreshTokenEntity, { userId: user.id, revokedAt: IsNull() }, { revokedAt: new Date() });
      await this.audit.record(actor.id, 'user.password-changed', 'User', user.id);
    });
    return true;
  }

  /** Issues an invitation or reset token (admins hand it on); earlier unused ones stop working. */
  async issuePasswordToken(
    actorId: string | null,
    userId: string,
    purpose: PasswordTokenPurpose,
  ): Promise<{ token: string; expiresAt: Date }> {
    const { secret, hash } = this.tokens.newSecret();
    const expiresAt = new Date(Date.now() + this.config.PASSWORD_TOKEN_TTL_HOURS * 3600_000);
    const id = randomUUID();
    await this.transactions.run(async (manager) => {
      await manager.update(PasswordTokenEntity, { userId, usedAt: IsNull() }, { usedAt: new Date() });
      await manager.insert(PasswordTokenEntity, { id, userId, purpose, secretHash: hash, expiresAt, usedAt: null });
      await this.audit.record(actorId, `user.${purpose.toLowerCase()}-issued`, 'User', userId);
    });
    return { token: `${id}.${secret}`, expiresAt };
  }

  /** Sets a password with an invitation or reset token; the token works once. */
  async setPasswordWithToken(token: string, newPassword: string): Promise<Session> {
    const { id, secret } = this.tokens.parseOpaque(token, 'token');
    const stored = await this.passwordTokens.findOne({ where: { id } });
    if (!stored || !this.tokens.secretMatches(secret, stored.secretHash) || stored.usedAt) {
      throw DomainError.unauthenticated('This invitation or reset link is not valid (any more)');
    }
    if (stored.expiresAt.getTime() <= Date.now()) {
      throw DomainError.unauthenticated('This invitation or reset link has expired; ask an admin for a new one');
    }
    const user = await this.users.findOneOrFail({ where: { id: stored.userId } });
    if (user.deactivatedAt) throw DomainError.unauthenticated('This account is deactivated');
    this.passwords.assertAcceptable(newPassword, user.email, 'newPassword');
    const hash = await this.passwords.hash(newPassword);
    return this.transactions.run(async (manager) => {
      const claimed = await manager.update(PasswordTokenEntity, { id, usedAt: IsNull() }, { usedAt: new Date() });
      if (!claimed.affected) throw DomainError.unauthenticated('This invitation or reset link was just used');
      await manager.update(UserEntity, { id: user.id }, { passwordHash: hash });
      await manager.update(RefreshTokenEntity, { userId: user.id, revokedAt: IsNull() }, { revokedAt: new Date() });
      await this.audit.record(user.id, 'user.password-set', 'User', user.id, { purpose: stored.purpose });
      return this.startSession({ ...user, passwordHash: hash }, randomUUID());
    });
  }

  /**
   * First start on an empty database: create one admin, from ADMIN_EMAIL/ADMIN_PASSWORD or
   * with a random password that is printed once.
   */
  async ensureInitialAdmin(): Promise<void> {
    if ((await this.users.count()) > 0) return;
    const email = normalizeEmail(this.config.ADMIN_EMAIL ?? 'admin@academy.local');
    const generated = !this.config.ADMIN_PASSWORD;
    const password = this.config.ADMIN_PASSWORD ?? randomBytes(18).toString('base64url');
    this.passwords.assertAcceptable(password, email, 'ADMIN_PASSWORD');
    const passwordHash = await this.passwords.hash(password);
    await this.transactions.run(async (manager) => {
      if ((await manager.count(UserEntity)) > 0) return;
      const admin = await manager.save(UserEntity, {
        email,
        name: 'Administrator',
        role: SystemRole.ADMIN,
        passwordHash,
        municipalityCode: null,
        businessDomainCode: null,
        jobTitle: null,
        deactivatedAt: null,
      });
      await this.audit.record(null, 'user.bootstrap-admin', 'User', admin.id);
    });
    if (generated) {
      this.logger.warn(`Created the first admin ${email} with password ${password} (shown once; change it)`);
    } else {
      this.logger.log(`Created the first admin ${email}`);
    }
  }

  private async startSession(user: UserEntity, familyId: string): Promise<Session> {
    const { secret, hash } = this.tokens.newSecret();
    const id = randomUUID();
    const refreshTokenExpiresAt = new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_DAYS * 86400_000);
    await this.transactions.manager.insert(RefreshTokenEntity, {
      id,
      userId: user.id,
      familyId,
      secretHash: hash,
      expiresAt: refreshTokenExpiresAt,
      rotatedAt: null,
      revokedAt: null,
    });
    return {
      accessToken: this.tokens.signAccessToken({ sub: user.id, role: user.role }),
      accessTokenExpiresAt: new Date(Date.now() + this.config.ACCESS_TOKEN_TTL_SECONDS * 1000),
      refreshToken: `${id}.${secret}`,
      refreshTokenExpiresAt,
      user,
    };
  }
}

/** A valid argon2id hash of a random string, verified against when the account does not exist. */
const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0LWaPpGTS7rVbGRhN3hpgvyLsZ7ofM+PnKHq5dPgc9Q';
