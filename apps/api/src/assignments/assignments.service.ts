import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Actor } from '../auth/actor';
import { AccessPolicy, CohortAccess } from '../auth/access-policy.service';
import { AuditService } from '../audit/audit.service';
import { CohortEntity } from '../cohorts/cohort.entity';
import { definedOnly } from '../cohorts/cohorts.service';
import { DomainError } from '../common/domain-error';
import { Connection, PageArgs, paginate } from '../common/pagination';
import { TransactionService } from '../common/transaction.service';
import { CourseModuleEntity } from '../course-modules/course-module.entity';
import { CourseModulesService } from '../course-modules/course-modules.service';
import { AssignmentEntity } from './assignment.entity';
import { AssignmentFilterArgs, CreateAssignmentInput, RubricCriterionInput, UpdateAssignmentInput } from './assignment.inputs';
import { RubricCriterionEntity } from './rubric-criterion.entity';

export interface AssignmentContext {
  assignment: AssignmentEntity;
  module: CourseModuleEntity;
  cohort: CohortEntity;
}

@Injectable()
export class AssignmentsService {
  constructor(
    @InjectRepository(AssignmentEntity) private readonly assignments: Repository<AssignmentEntity>,
    private readonly modules: CourseModulesService,
    private readonly policy: AccessPolicy,
    private readonly audit: AuditService,
    private readonly transactions: TransactionService,
  ) {}

  /** A cohort's assignments by due date, optionally of one module. */
  async list(actor: Actor, page: PageArgs, filter: AssignmentFilterArgs): Promise<Connection<AssignmentEntity>> {
    await this.policy.requireCohort(actor, filter.cohortId, filter.includeArchived ? 'manage' : 'read');
    const query = this.assignments
      .createQueryBuilder('assignment')
      .innerJoin(CourseModuleEntity, 'module', 'module.id = assignment.module_id')
      .where('module.cohort_id = :cohortId', { cohortId: filter.cohortId });
    if (filter.moduleId) query.andWhere('assignment.module_id = :moduleId', { moduleId: filter.moduleId });
    if (!filter.includeArchived) query.andWhere('assignment.archived_at IS NULL AND module.archived_at IS NULL');
    return paginate(query, page, {
      column: 'assignment.due_at',
      property: 'dueAt',
      direction: 'ASC',
      idColumn: 'assignment.id',
      timestamp: true,
    });
  }

  /** Loads an assignment with its module and cohort, checking access to the cohort. */
  async require(actor: Actor, id: string, access: CohortAccess, field = 'id'): Promise<AssignmentContext> {
    const assignment = await this.transactions.manager.findOne(AssignmentEntity, { where: { id } });
    if (!assignment) throw new DomainError('NOT_FOUND', `Assignment ${id} does not exist`, [{ field, message: 'does not exist' }]);
    const { module, cohort } = await this.modules.require(actor, assignment.moduleId, access, field);
    if (access === 'read' && assignment.archivedAt && !(await this.policy.canAccessCohort(actor, cohort, 'manage'))) {
      throw new DomainError('NOT_FOUND', `Assignment ${id} does not exist`, [{ field, message: 'does not exist' }]);
    }
    return { assignment, module, cohort };
  }

  create(actor: Actor, input: CreateAssignmentInput): Promise<AssignmentEntity> {
    return this.transactions.run(async (manager) => {
      const { module } = await this.modules.require(actor, input.moduleId, 'manage', 'input.moduleId');
      if (module.archivedAt) throw DomainError.badInput('input.moduleId', 'the module is archived');
      assertSchedule(module, input.dueAt, input.reviewDueAt);
      assertRubric(input.rubric);
      const assignment = await manager.save(AssignmentEntity, {
        moduleId: module.id,
        title: input.title.trim(),
        instructions: input.instructions,
        dueAt: input.dueAt,
        reviewDueAt: input.reviewDueAt,
        reviewsPerSubmission: input.reviewsPerSubmission,
        anonymity: input.anonymity,
        showHiddenAffiliation: input.showHiddenAffiliation,
        allowLateSubmissions: input.allowLateSubmissions,
        releaseReviewsImmediately: input.releaseReviewsImmediately,
        archivedAt: null,
      });
      await this.saveRubric(assignment.id, input.rubric);
      await this.audit.record(actor.id, 'assignment.created', 'Assignment', assignment.id);
      return assignment;
    });
  }

  update(actor: Actor, id: string, input: UpdateAssignmentInput): Promise<AssignmentEntity> {
    return this.transactions.run(async (manager) => {
      const { assignment, module } = await this.require(actor, id, 'manage');
      const { rubric, ...fields } = input;
      const changes = definedOnly(fields);
      assertSchedule(module, changes.dueAt ?? assignment.dueAt, changes.reviewDueAt ?? assignment.reviewDueAt);
      if (changes.title) changes.title = changes.title.trim();
      if (Object.keys(changes).length) await manager.update(AssignmentEntity, { id }, changes);
      if (rubric) {
        assertRubric(rubric);
        await manager.delete(RubricCriterionEntity, { assignmentId: id });
        await this.saveRubric(id, rubric);
      }
      await this.audit.record(actor.id, 'assignment.updated', 'Assignment', id, {
        fields: [...Object.keys(changes), ...(rubric ? ['rubric'] : [])],
      });
      return manager.findOneOrFail(AssignmentEntity, { where: { id } });
    });
  }

  archive(actor: Actor, id: string): Promise<AssignmentEntity> {
    return this.transactions.run(async (manager) => {
      const { assignment } = await this.require(actor, id, 'manage');
      if (assignment.archivedAt) throw DomainError.badInput('id', 'the assignment is already archived');
      await manager.update(AssignmentEntity, { id }, { archivedAt: new Date() });
      await this.audit.record(actor.id, 'assignment.archived', 'Assignment', id);
      return manager.findOneOrFail(AssignmentEntity, { where: { id } });
    });
  }

  private async saveRubric(assignmentId: string, rubric: RubricCriterionInput[]): Promise<void> {
    await this.transactions.manager.save(
      RubricCriterionEntity,
      rubric.map((criterion, position) => ({
        assignmentId,
        position,
        title: criterion.title.trim(),
        description: criterion.description,
        minScore: criterion.minScore,
        maxScore: criterion.maxScore,
      })),
    );
  }
}

function assertSchedule(module: CourseModuleEntity, dueAt: Date, reviewDueAt: Date): void {
  if (dueAt < module.opensAt || dueAt > module.closesAt) {
    throw DomainError.badInput(
      'input.dueAt',
      `must be inside the module’s window (${module.opensAt.toISOString()} to ${module.closesAt.toISOString()})`,
    );
  }
  if (reviewDueAt <= dueAt) throw DomainError.badInput('input.reviewDueAt', 'must be after dueAt');
}

function assertRubric(rubric: RubricCriterionInput[]): void {
  rubric.forEach((criterion, index) => {
    if (criterion.maxScore <= criterion.minScore) {
      throw DomainError.badInput(`input.rubric.${index}.maxScore`, 'must be greater than minScore');
    }
  });
}
