import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import type { Actor } from '../auth/actor';
import { AccessPolicy } from '../auth/access-policy.service';
import { AuthService } from '../auth/auth.service';
import { PasswordTokenPurpose } from '../auth/password-token.entity';
import { RefreshTokenEntity } from '../auth/refresh-token.entity';
import { AuditService } from '../audit/audit.service';
import { BusinessDomainEntity } from '../business-domains/business-domain.entity';
import { DomainError } from '../common/domain-error';
import { EnrollmentEntity, EnrollmentRole } from '../enrollments/enrollment.entity';
import { Connection, PageArgs, paginate } from '../common/pagination';
import { escapeLike } from '../common/sql';
import { TransactionService } from '../common/transaction.service';
import { EntityRows } from '../graphql/entity-rows';
import { MunicipalityEntity } from '../municipalities/municipality.entity';
import { normalizeEmail } from './email';
import { SystemRole, UserEntity } from './user.entity';
import { CreateUserInput, UpdateUserInput, UserFilterArgs } from './user.inputs';

@Injectable()
export class UsersService {
  private rows?: EntityRows<UserEntity>;

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly policy: AccessPolicy,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly transactions: TransactionService,
  ) {}

  list(page: PageArgs, filter: UserFilterArgs): Promise<Connection<UserEntity>> {
    const query = this.users.createQueryBuilder('user');
    if (filter.search) {
      query.andWhere("(LOWER(user.name) LIKE :search ESCAPE '\\' OR user.email LIKE :search ESCAPE '\\')", {
        search: `%${escapeLike(filter.search.toLowerCase())}%`,
      });
    }
    if (filter.municipalityCode) query.andWhere('user.municipality_code = :code', { code: filter.municipalityCode });
    return paginate(query, page, { column: 'user.name', property: 'name', direction: 'ASC', idColumn: 'user.id' });
  }

  async me(actor: Actor): Promise<UserEntity> {
    // The most frequent query of all: its statement is written once (see EntityRows).
    this.rows ??= new EntityRows(this.users.manager.connection, UserEntity, 'person');
    const [user] = await this.rows.whereIn('id', [actor.id]);
    if (!user) throw new DomainError('NOT_FOUND', 'Your account does not exist (any more)');
    return user;
  }

  /** A profile is visible to admins, the person, and anyone sharing a cohort with them. */
  async get(actor: Actor, id: string, userCohortIds: string[]): Promise<UserEntity> {
    const user = await this.users.findOne({ where: { id } });
    if (!user) throw new DomainError('NOT_FOUND', `User ${id} does not exist`, [{ field: 'id', message: 'does not exist' }]);
    if (!(await this.policy.canSeeProfile(actor, id, userCohortIds))) {
      throw DomainError.forbidden('You can only see people who share a cohort with you');
    }
    return user;
  }

  async create(actor: Actor, input: CreateUserInput): Promise<{ user: UserEntity; invitation: { token: string; expiresAt: Date } }> {
    return this.transactions.run(async (manager) => {
      await this.assertReferences(input);
      const email = normalizeEmail(input.email);
      await this.assertEmailFree(email);
      const user = await manager.save(UserEntity, {
        email,
        name: input.name.trim(),
        municipalityCode: input.municipalityCode ?? null,
        businessDomainCode: input.businessDomainCode ?? null,
        jobTitle: input.jobTitle ?? null,
        role: input.role,
        passwordHash: null,
        deactivatedAt: null,
      });
      await this.audit.record(actor.id, 'user.created', 'User', user.id, { role: user.role });
      const invitation = await this.auth.issuePasswordToken(actor.id, user.id, PasswordTokenPurpose.INVITATION);
      return { user, invitation };
    });
  }

  async update(actor: Actor, id: string, input: UpdateUserInput): Promise<UserEntity> {
    return this.transactions.run(async (manager) => {
      const user = await this.require(id);
      await this.assertReferences(input);
      if (input.role && input.role !== SystemRole.ADMIN && user.role === SystemRole.ADMIN) {
        await this.assertAnotherActiveAdmin(user.id, 'input.role');
      }
      if (input.municipalityCode === null || input.businessDomainCode === null) {
        const participates = await manager.exists(EnrollmentEntity, { where: { userId: id, role: EnrollmentRole.PARTICIPANT } });
        if (participates) {
          const field = input.municipalityCode === null ? 'input.municipalityCode' : 'input.businessDomainCode';
          throw DomainError.badInput(field, 'a participant needs a municipality and a business domain for peer-review matching');
        }
      }
      const changes: Partial<UserEntity> = {};
      if (input.name !== undefined) changes.name = input.name.trim();
      if (input.email !== undefined) {
        changes.email = normalizeEmail(input.email);
        if (changes.email !== user.email) await this.assertEmailFree(changes.email);
      }
      if (input.municipalityCode !== undefined) changes.municipalityCode = input.municipalityCode;
      if (input.businessDomainCode !== undefined) changes.businessDomainCode = input.businessDomainCode;
      if (input.jobTitle !== undefined) changes.jobTitle = input.jobTitle;
      if (input.role !== undefined) changes.role = input.role;
      await manager.update(UserEntity, { id }, changes);
      await this.audit.record(actor.id, 'user.updated', 'User', id, { fields: Object.keys(changes) });
      return manager.findOneOrFail(UserEntity, { where: { id } });
    });
  }

  /** Deactivation ends every session at once; the account and its history stay. */
  async setActive(actor: Actor, id: string, active: boolean): Promise<UserEntity> {
    return this.transactions.run(async (manager) => {
      const user = await this.require(id);
      if (!active) {
        if (user.id === actor.id) throw DomainError.badInput('id', 'you cannot deactivate yourself');
        if (user.role === SystemRole.ADMIN) await this.assertAnotherActiveAdmin(user.id, 'id');
        await manager.update(RefreshTokenEntity, { userId: id, revokedAt: IsNull() }, { revokedAt: new Date() });
      }
      await manager.update(UserEntity, { id }, { deactivatedAt: active ? null : new Date() });
      await this.audit.record(actor.id, active ? 'user.reactivated' : 'user.deactivated', 'User', id);
      return manager.findOneOrFail(UserEntity, { where: { id } });
    });
  }

  async issuePasswordReset(actor: Actor, id: string): Promise<{ token: string; expiresAt: Date }> {
    const user = await this.require(id);
    if (user.deactivatedAt) throw DomainError.badInput('userId', 'the account is deactivated; reactivate it first');
    return this.auth.issuePasswordToken(actor.id, user.id, PasswordTokenPurpose.RESET);
  }

  private async require(id: string): Promise<UserEntity> {
    const user = await this.transactions.manager.findOne(UserEntity, { where: { id } });
    if (!user) throw new DomainError('NOT_FOUND', `User ${id} does not exist`, [{ field: 'id', message: 'does not exist' }]);
    return user;
  }

  private async assertEmailFree(email: string): Promise<void> {
    if (await this.transactions.manager.exists(UserEntity, { where: { email } })) {
      throw DomainError.conflict(`A user with e-mail address ${email} already exists`, 'input.email');
    }
  }

  private async assertAnotherActiveAdmin(exceptId: string, field: string): Promise<void> {
    const admins = await this.transactions.manager.find(UserEntity, {
      where: { role: SystemRole.ADMIN, deactivatedAt: IsNull() },
      select: { id: true },
    });
    if (!admins.some((admin) => admin.id !== exceptId)) {
      throw DomainError.badInput(field, 'the platform must keep at least one active administrator');
    }
  }

  private async assertReferences(input: { municipalityCode?: string | null; businessDomainCode?: string | null }): Promise<void> {
    const manager = this.transactions.manager;
    if (input.municipalityCode && !(await manager.exists(MunicipalityEntity, { where: { code: input.municipalityCode } }))) {
      throw DomainError.badInput('input.municipalityCode', `${input.municipalityCode} is not a CBS municipality code`);
    }
    if (input.businessDomainCode && !(await manager.exists(BusinessDomainEntity, { where: { code: input.businessDomainCode } }))) {
      throw DomainError.badInput('input.businessDomainCode', `${input.businessDomainCode} is not a business domain code`);
    }
  }
}
