import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { Actor } from '../auth/actor';
import { AccessPolicy } from '../auth/access-policy.service';
import { AuditService } from '../audit/audit.service';
import { BusinessDomainEntity } from '../business-domains/business-domain.entity';
import { DomainError } from '../common/domain-error';
import { Connection, PageArgs, paginate } from '../common/pagination';
import { TransactionService } from '../common/transaction.service';
import { MunicipalityEntity } from '../municipalities/municipality.entity';
import { UserEntity } from '../users/user.entity';
import { parseEnrollmentCsv } from './enrollment-csv';
import { EnrollmentEntity, EnrollmentRole } from './enrollment.entity';
import { EnrollmentFilterArgs, EnrollUserInput } from './enrollment.inputs';

export interface ImportOutcome {
  enrolled: number;
  createdUsers: number;
  unchanged: number;
  enrollments: EnrollmentEntity[];
}

@Injectable()
export class EnrollmentsService {
  constructor(
    @InjectRepository(EnrollmentEntity) private readonly enrollments: Repository<EnrollmentEntity>,
    private readonly policy: AccessPolicy,
    private readonly audit: AuditService,
    private readonly transactions: TransactionService,
  ) {}

  async list(actor: Actor, page: PageArgs, filter: EnrollmentFilterArgs): Promise<Connection<EnrollmentEntity>> {
    await this.policy.requireCohort(actor, filter.cohortId, 'read');
    const query = this.enrollments.createQueryBuilder('enrollment').where('enrollment.cohort_id = :cohortId', { cohortId: filter.cohortId });
    if (filter.role) query.andWhere('enrollment.role = :role', { role: filter.role });
    return paginate(query, page, { column: 'enrollment.id', property: 'id', direction: 'ASC', idColumn: 'enrollment.id' });
  }

  enrol(actor: Actor, input: EnrollUserInput): Promise<EnrollmentEntity> {
    return this.transactions.run(async (manager) => {
      await this.policy.requireCohort(actor, input.cohortId, 'manage', 'input.cohortId');
      const user = await manager.findOne(UserEntity, { where: { id: input.userId } });
      if (!user) throw new DomainError('NOT_FOUND', `User ${input.userId} does not exist`, [{ field: 'input.userId', message: 'does not exist' }]);
      if (input.role === EnrollmentRole.PARTICIPANT && (!user.municipalityCode || !user.businessDomainCode)) {
        throw DomainError.badInput('input.userId', 'a participant needs a municipality and a business domain for peer-review matching');
      }
      if (await manager.exists(EnrollmentEntity, { where: { cohortId: input.cohortId, userId: input.userId } })) {
        throw DomainError.conflict(`${user.name} is already enrolled in this cohort`, 'input.userId');
      }
      const enrollment = await manager.save(EnrollmentEntity, { cohortId: input.cohortId, userId: input.userId, role: input.role });
      await this.audit.record(actor.id, 'enrollment.created', 'Cohort', input.cohortId, { userId: input.userId, role: input.role });
      return enrollment;
    });
  }

  unenrol(actor: Actor, cohortId: string, userId: string): Promise<boolean> {
    return this.transactions.run(async (manager) => {
      await this.policy.requireCohort(actor, cohortId, 'manage', 'cohortId');
      const result = await manager.delete(EnrollmentEntity, { cohortId, userId });
      if (!result.affected) throw new DomainError('NOT_FOUND', 'This person is not enrolled in this cohort', [{ field: 'userId', message: 'is not enrolled' }]);
      await this.audit.record(actor.id, 'enrollment.deleted', 'Cohort', cohortId, { userId });
      return true;
    });
  }

  /** All rows or none: any bad row rejects the file with one problem per bad cell. */
  importCsv(actor: Actor, cohortId: string, csv: string): Promise<ImportOutcome> {
    return this.transactions.run(async (manager) => {
      await this.policy.requireCohort(actor, cohortId, 'manage', 'cohortId');
      const [municipalities, domains] = await Promise.all([
        manager.find(MunicipalityEntity, { select: { code: true } }),
        manager.find(BusinessDomainEntity, { select: { code: true } }),
      ]);
      const { rows, problems } = parseEnrollmentCsv(csv, {
        municipalities: new Set(municipalities.map((m) => m.code)),
        domains: new Set(domains.map((d) => d.code)),
      });
      const emails = rows.map((row) => row.email);
      const existingUsers = emails.length ? await manager.find(UserEntity, { where: { email: In(emails) } }) : [];
      const userByEmail = new Map(existingUsers.map((user) => [user.email, user]));
      const existingEnrollments = existingUsers.length
        ? await manager.find(EnrollmentEntity, { where: { cohortId, userId: In(existingUsers.map((u) => u.id)) } })
        : [];
      const enrollmentByUser = new Map(existingEnrollments.map((e) => [e.userId, e]));
      for (const row of rows) {
        const user = userByEmail.get(row.email);
        const enrollment = user && enrollmentByUser.get(user.id);
        if (enrollment && enrollment.role !== row.role) {
          problems.push({ field: 'csv', line: row.line, column: 'role', message: `${row.email} is already enrolled as ${enrollment.role}` });
        }
        if (user && row.role === EnrollmentRole.PARTICIPANT && (!user.municipalityCode || !user.businessDomainCode)) {
          problems.push({ field: 'csv', line: row.line, column: 'email', message: `${row.email} has no municipality or business domain on file` });
        }
      }
      if (problems.length) {
        problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
        const summary = problems.slice(0, 5).map((p) => `line ${p.line ?? '?'}${p.column ? `, ${p.column}` : ''}: ${p.message}`);
        throw new DomainError(
          'BAD_USER_INPUT',
          `csv: ${problems.length} problem(s), nothing was imported. ${summary.join('; ')}${problems.length > 5 ? '; ...' : ''}`,
          problems,
        );
      }

      let createdUsers = 0;
      let unchanged = 0;
      const created: EnrollmentEntity[] = [];
      for (const row of rows) {
        let user = userByEmail.get(row.email);
        if (!user) {
          user = await manager.save(UserEntity, {
            email: row.email,
            name: row.name,
            municipalityCode: row.municipalityCode,
            businessDomainCode: row.domainCode,
            jobTitle: null,
            passwordHash: null,
            deactivatedAt: null,
          });
          createdUsers += 1;
        }
        if (enrollmentByUser.has(user.id)) {
          unchanged += 1;
          continue;
        }
        created.push(await manager.save(EnrollmentEntity, { cohortId, userId: user.id, role: row.role }));
      }
      await this.audit.record(actor.id, 'enrollment.imported', 'Cohort', cohortId, { enrolled: created.length, createdUsers, unchanged });
      return { enrolled: created.length, createdUsers, unchanged, enrollments: created };
    });
  }
}
