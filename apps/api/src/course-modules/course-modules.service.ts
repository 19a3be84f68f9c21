import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { AssignmentEntity } from '../assignments/assignment.entity';
import type { Actor } from '../auth/actor';
import { AccessPolicy, CohortAccess } from '../auth/access-policy.service';
import { AuditService } from '../audit/audit.service';
import { CohortEntity } from '../cohorts/cohort.entity';
import { definedOnly } from '../cohorts/cohorts.service';
import { endOfDay, startOfDay } from '../common/dates';
import { DomainError } from '../common/domain-error';
import { Connection, PageArgs, paginate } from '../common/pagination';
import { TransactionService } from '../common/transaction.service';
import { CourseModuleEntity } from './course-module.entity';
import { CourseModuleFilterArgs, CreateCourseModuleInput, UpdateCourseModuleInput } from './course-module.inputs';

@Injectable()
export class CourseModulesService {
  constructor(
    @InjectRepository(CourseModuleEntity) private readonly modules: Repository<CourseModuleEntity>,
    private readonly policy: AccessPolicy,
    private readonly audit: AuditService,
    private readonly transactions: TransactionService,
  ) {}

  async list(actor: Actor, page: PageArgs, filter: CourseModuleFilterArgs): Promise<Connection<CourseModuleEntity>> {
    await this.policy.requireCohort(actor, filter.cohortId, filter.includeArchived ? 'manage' : 'read');
    const query = this.modules.createQueryBuilder('module').where('module.cohort_id = :cohortId', { cohortId: filter.cohortId });
    if (!filter.includeArchived) query.andWhere('module.archived_at IS NULL');
    return paginate(query, page, { column: 'module.position', property: 'position', direction: 'ASC', idColumn: 'module.id' });
  }

  /** Loads a module and checks access to its cohort; returns both. */
  async require(actor: Actor, id: string, access: CohortAccess, field = 'id'): Promise<{ module: CourseModuleEntity; cohort: CohortEntity }> {
    const module = await this.transactions.manager.findOne(CourseModuleEntity, { where: { id } });
    if (!module) throw new DomainError('NOT_FOUND', `Module ${id} does not exist`, [{ field, message: 'does not exist' }]);
    const cohort = await this.policy.requireCohort(actor, module.cohortId, access, field);
    if (access === 'read' && module.archivedAt && !(await this.policy.canAccessCohort(actor, cohort, 'manage'))) {
      throw new DomainError('NOT_FOUND', `Module ${id} does not exist`, [{ field, message: 'does not exist' }]);
    }
    return { module, cohort };
  }

  create(actor: Actor, input: CreateCourseModuleInput): Promise<CourseModuleEntity> {
    return this.transactions.run(async (manager) => {
      const cohort = await this.policy.requireCohort(actor, input.cohortId, 'manage', 'input.cohortId');
      assertWindow(cohort, input.opensAt, input.closesAt);
      const position = input.position ?? (await this.nextPosition(cohort.id));
      const module = await manager.save(CourseModuleEntity, {
        cohortId: cohort.id,
        title: input.title.trim(),
        description: input.description,
        position,
        opensAt: input.opensAt,
        closesAt: input.closesAt,
        archivedAt: null,
      });
      await this.audit.record(actor.id, 'module.created', 'CourseModule', module.id);
      return module;
    });
  }

  update(actor: Actor, id: string, input: UpdateCourseModuleInput): Promise<CourseModuleEntity> {
    return this.transactions.run(async (manager) => {
      const { module, cohort } = await this.require(actor, id, 'manage');
      const changes = definedOnly(input);
      const opensAt = changes.opensAt ?? module.opensAt;
      const closesAt = changes.closesAt ?? module.closesAt;
      assertWindow(cohort, opensAt, closesAt);
      const assignments = await manager.find(AssignmentEntity, { where: { moduleId: id, archivedAt: IsNull() } });
      const stranded = assignments.find((assignment) => assignment.dueAt < opensAt || assignment.dueAt > closesAt);
      if (stranded) {
        const field = stranded.dueAt < opensAt ? 'input.opensAt' : 'input.closesAt';
        throw DomainError.badInput(field, `assignment "${stranded.title}" is due outside the new window; move its due date first`);
      }
      if (changes.title) changes.title = changes.title.trim();
      await manager.update(CourseModuleEntity, { id }, changes);
      await this.audit.record(actor.id, 'module.updated', 'CourseModule', id, { fields: Object.keys(changes) });
      return manager.findOneOrFail(CourseModuleEntity, { where: { id } });
    });
  }

  archive(actor: Actor, id: string): Promise<CourseModuleEntity> {
    return this.transactions.run(async (manager) => {
      const { module } = await this.require(actor, id, 'manage');
      if (module.archivedAt) throw DomainError.badInput('id', 'the module is already archived');
      await manager.update(CourseModuleEntity, { id }, { archivedAt: new Date() });
      await this.audit.record(actor.id, 'module.archived', 'CourseModule', id);
      return manager.findOneOrFail(CourseModuleEntity, { where: { id } });
    });
  }

  private async nextPosition(cohortId: string): Promise<number> {
    const last = await this.transactions.manager.findOne(CourseModuleEntity, {
      where: { cohortId, archivedAt: IsNull() },
      order: { position: 'DESC' },
    });
    return last ? last.position + 1 : 0;
  }
}

function assertWindow(cohort: CohortEntity, opensAt: Date, closesAt: Date): void {
  if (closesAt <= opensAt) throw DomainError.badInput('input.closesAt', 'must be after opensAt');
  if (opensAt < startOfDay(cohort.startDate)) {
    throw DomainError.badInput('input.opensAt', `must not be before the cohort starts (${cohort.startDate})`);
  }
  if (closesAt > endOfDay(cohort.endDate)) {
    throw DomainError.badInput('input.closesAt', `must not be after the cohort ends (${cohort.endDate})`);
  }
}
