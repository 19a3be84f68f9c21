import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository } from 'typeorm';
import type { Actor } from '../auth/actor';
import { AccessPolicy } from '../auth/access-policy.service';
import { AuditService } from '../audit/audit.service';
import { endOfDay, startOfDay } from '../common/dates';
import { DomainError } from '../common/domain-error';
import { Connection, PageArgs, paginate } from '../common/pagination';
import { TransactionService } from '../common/transaction.service';
import { CourseModuleEntity } from '../course-modules/course-module.entity';
import { CohortEntity, CohortStatus } from './cohort.entity';
import { CohortFilterArgs, CreateCohortInput, UpdateCohortInput } from './cohort.inputs';

@Injectable()
export class CohortsService {
  constructor(
    @InjectRepository(CohortEntity) private readonly cohorts: Repository<CohortEntity>,
    private readonly policy: AccessPolicy,
    private readonly audit: AuditService,
    private readonly transactions: TransactionService,
  ) {}

  /** Newest first; admins see all cohorts, others the cohorts they may read. */
  async list(actor: Actor, page: PageArgs, filter: CohortFilterArgs): Promise<Connection<CohortEntity>> {
    const query = this.cohorts.createQueryBuilder('cohort');
    const readable = await this.policy.readableCohortIds(actor);
    if (readable) query.andWhere(readable.length ? 'cohort.id IN (:...readable)' : '1 = 0', { readable });
    if (filter.status) query.andWhere('cohort.status = :status', { status: filter.status });
    if (!filter.includeArchived) query.andWhere('cohort.archived_at IS NULL');
    return paginate(query, page, { column: 'cohort.start_date', property: 'startDate', direction: 'DESC', idColumn: 'cohort.id' });
  }

  get(actor: Actor, id: string): Promise<CohortEntity> {
    return this.policy.requireCohort(actor, id, 'read', 'id');
  }

  create(actor: Actor, input: CreateCohortInput): Promise<CohortEntity> {
    assertDateOrder(input.startDate, input.endDate);
    return this.transactions.run(async (manager) => {
      await this.assertNameFree(input.name.trim());
      const cohort = await manager.save(CohortEntity, {
        name: input.name.trim(),
        description: input.description,
        startDate: input.startDate,
        endDate: input.endDate,
        status: input.status,
        archivedAt: null,
      });
      await this.audit.record(actor.id, 'cohort.created', 'Cohort', cohort.id);
      return cohort;
    });
  }

  update(actor: Actor, id: string, input: UpdateCohortInput): Promise<CohortEntity> {
    return this.transactions.run(async (manager) => {
      const cohort = await this.policy.requireCohort(actor, id, 'manage', 'id');
      const next = { ...cohort, ...definedOnly(input) };
      if (input.name !== undefined) {
        next.name = input.name.trim();
        if (next.name !== cohort.name) await this.assertNameFree(next.name);
      }
      assertDateOrder(next.startDate, next.endDate);
      if (input.status === CohortStatus.DRAFT && cohort.status !== CohortStatus.DRAFT) {
        throw DomainError.badInput('input.status', 'a cohort that has started cannot go back to DRAFT');
      }
      if (next.startDate !== cohort.startDate || next.endDate !== cohort.endDate) {
        await this.assertModulesInside(id, next.startDate, next.endDate);
      }
      await manager.update(CohortEntity, { id }, definedOnly({ ...input, name: next.name }));
      await this.audit.record(actor.id, 'cohort.updated', 'Cohort', id, { fields: Object.keys(definedOnly(input)) });
      return manager.findOneOrFail(CohortEntity, { where: { id } });
    });
  }

  /** Archiving hides a cohort from lists; nothing is deleted. */
  archive(actor: Actor, id: string): Promise<CohortEntity> {
    return this.transactions.run(async (manager) => {
      const cohort = await this.policy.requireCohort(actor, id, 'manage', 'id');
      if (cohort.archivedAt) throw DomainError.badInput('id', 'the cohort is already archived');
      await manager.update(CohortEntity, { id }, { archivedAt: new Date() });
      await this.audit.record(actor.id, 'cohort.archived', 'Cohort', id);
      return manager.findOneOrFail(CohortEntity, { where: { id } });
    });
  }

  private async assertNameFree(name: string): Promise<void> {
    if (await this.transactions.manager.exists(CohortEntity, { where: { name } })) {
      throw DomainError.conflict(`A cohort named "${name}" already exists`, 'input.name');
    }
  }

  private async assertModulesInside(cohortId: string, startDate: string, endDate: string): Promise<void> {
    const modules = await this.transactions.manager.find(CourseModuleEntity, {
      where: { cohortId: In([cohortId]), archivedAt: IsNull() },
    });
    const outside = modules.find((module) => module.opensAt < startOfDay(startDate) || module.closesAt > endOfDay(endDate));
    if (outside) {
      const field = outside.opensAt < startOfDay(startDate) ? 'input.startDate' : 'input.endDate';
      throw DomainError.badInput(field, `module "${outside.title}" would fall outside ${startDate} to ${endDate}; move it first`);
    }
  }
}

function assertDateOrder(startDate: string, endDate: string): void {
  if (endDate < startDate) throw DomainError.badInput('input.endDate', `must not be before startDate (${startDate})`);
}

/** Drops the keys a partial update did not send. */
export function definedOnly<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}
