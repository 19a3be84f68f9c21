import { activePairsOfReviewer } from '../peer-reviews/active-pairs';
import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { In, IsNull, QueryFailedError } from 'typeorm';
import { AssignmentsService } from '../assignments/assignments.service';
import type { Actor } from '../auth/actor';
import { AccessPolicy } from '../auth/access-policy.service';
import { AuditService } from '../audit/audit.service';
import { CohortStatus } from '../cohorts/cohort.entity';
import { DomainError } from '../common/domain-error';
import { Connection, paginate } from '../common/pagination';
import { TransactionService } from '../common/transaction.service';
import { EnrollmentRole } from '../enrollments/enrollment.entity';
import { UserEntity } from '../users/user.entity';
import { AttachmentEntity } from './attachment.entity';
import { SubmissionFeedbackEntity } from './submission-feedback.entity';
import { SubmissionEntity } from './submission.entity';
import { SubmissionListArgs, SubmitAssignmentInput } from './submission.inputs';

export interface CreatedFeedback {
  feedback: SubmissionFeedbackEntity;
  coachName: string;
}

@Injectable()
export class SubmissionsService {
  constructor(
    private readonly assignments: AssignmentsService,
    private readonly policy: AccessPolicy,
    private readonly audit: AuditService,
    private readonly transactions: TransactionService,
  ) {}

  /**
   * A participant hands in work: a new version each time, the old ones stay. After the due date
   * the submission is accepted and flagged as late only when the assignment allows it.
   */
  submit(actor: Actor, input: SubmitAssignmentInput): Promise<SubmissionEntity> {
    return this.transactions.run(async (manager) => {
      const { assignment, module, cohort } = await this.assignments.require(actor, input.assignmentId, 'read', 'input.assignmentId');
      if ((await this.policy.membershipsOf(actor)).get(cohort.id) !== EnrollmentRole.PARTICIPANT) {
        throw DomainError.forbidden('Only participants of this cohort hand in work');
      }
      if (cohort.status === CohortStatus.DRAFT) throw DomainError.badInput('input.assignmentId', 'the cohort has not started yet');
      if (cohort.status === CohortStatus.CLOSED || cohort.archivedAt) throw DomainError.badInput('input.assignmentId', 'the cohort is closed');
      if (assignment.archivedAt || module.archivedAt) throw DomainError.badInput('input.assignmentId', 'the assignment is archived');
      const now = new Date();
      const isLate = now.getTime() > assignment.dueAt.getTime();
      if (isLate && !assignment.allowLateSubmissions) {
        throw DomainError.badInput(
          'input.assignmentId',
          `the due date (${assignment.dueAt.toISOString()}) has passed and this assignment accepts no late submissions`,
        );
      }
      if (!input.body.trim()) throw DomainError.badInput('input.body', 'must not be blank');
      await this.checkAttachments(actor, input.attachmentIds);

      const latest = await manager
        .createQueryBuilder(SubmissionEntity, 'submission')
        .select('MAX(submission.version)', 'version')
        .where('submission.assignment_id = :assignmentId AND submission.author_id = :authorId', {
          assignmentId: assignment.id,
          authorId: actor.id,
        })
        .getRawOne<{ version: string | number | null }>();
      const version = Number(latest?.version ?? 0) + 1;
      let submission: SubmissionEntity;
      try {
        submission = await manager.save(SubmissionEntity, {
          assignmentId: assignment.id,
          authorId: actor.id,
          version,
          body: input.body,
          submittedAt: now,
          isLate,
        });
      } catch (error) {
        // uq_submissions_version: another submission of the same person got this version first.
        if (isUniqueViolation(error)) throw DomainError.conflict('submitted twice at once, try again', 'input.assignmentId');
        throw error;
      }
      if (input.attachmentIds.length) {
        // The conditions repeat the checks, so an attachment claimed by a concurrent submission is not taken over.
        const linked = await manager.update(
          AttachmentEntity,
          { id: In(input.attachmentIds), uploaderId: actor.id, submissionId: IsNull() },
          { submissionId: submission.id },
        );
        if (linked.affected !== input.attachmentIds.length) {
          throw DomainError.conflict('an attachment was just linked to another submission; try again', 'input.attachmentIds');
        }
      }
      await this.audit.record(actor.id, 'submission.created', 'Submission', submission.id, {
        assignmentId: assignment.id,
        version,
        isLate,
        attachments: input.attachmentIds.length,
      });
      return submission;
    });
  }

  /** Attachments must be the caller's own uploads, each listed once and not yet part of a submission. */
  private async checkAttachments(actor: Actor, ids: string[]): Promise<void> {
    if (!ids.length) return;
    const rows = await this.transactions.manager.find(AttachmentEntity, { where: { id: In(ids) } });
    const byId = new Map(rows.map((row) => [row.id, row]));
    const seen = new Set<string>();
    ids.forEach((id, index) => {
      const field = `input.attachmentIds.${index}`;
      const attachment = byId.get(id);
      if (!attachment || attachment.uploaderId !== actor.id) throw DomainError.badInput(field, 'is not a file you uploaded');
      if (attachment.submissionId) throw DomainError.badInput(field, 'is already part of a submission; upload the file again');
      if (seen.has(id)) throw DomainError.badInput(field, 'is listed twice');
      seen.add(id);
    });
  }

  /** The caller's own versions of an assignment, newest first. */
  async mine(actor: Actor, assignmentId: string): Promise<SubmissionEntity[]> {
    await this.assignments.require(actor, assignmentId, 'read', 'assignmentId');
    return this.transactions.manager.find(SubmissionEntity, {
      where: { assignmentId, authorId: actor.id },
      order: { version: 'DESC' },
    });
  }

  /**
   * One version, for its author, the cohort's coaches and admins, and reviewers paired with
   * exactly this version.
   */
  async get(actor: Actor, id: string): Promise<SubmissionEntity> {
    const manager = this.transactions.manager;
    const submission = isUUID(id) ? await manager.findOne(SubmissionEntity, { where: { id } }) : null;
    if (!submission) throw new DomainError('NOT_FOUND', `Submission ${id} does not exist`, [{ field: 'id', message: 'does not exist' }]);
    if (submission.authorId === actor.id) return submission;
    const reviewing = await activePairsOfReviewer(manager, actor.id).andWhere('pair.submission_id = :id', { id }).getExists();
    if (reviewing) return submission;
    const { cohort } = await this.assignments.require(actor, submission.assignmentId, 'read', 'id').catch((error: unknown) => {
      if (error instanceof DomainError) throw DomainError.forbidden('You may not read this submission');
      throw error;
    });
    if (!(await this.policy.canAccessCohort(actor, cohort, 'manage'))) throw DomainError.forbidden('You may not read this submission');
    return submission;
  }

  /** For coaches and admins: the current version of every author, oldest submission first. */
  async listCurrent(actor: Actor, args: SubmissionListArgs): Promise<Connection<SubmissionEntity>> {
    await this.assignments.require(actor, args.assignmentId, 'manage', 'assignmentId');
    const query = this.transactions.manager
      .createQueryBuilder(SubmissionEntity, 'submission')
      .where('submission.assignment_id = :assignmentId', { assignmentId: args.assignmentId });
    query.andWhere(
      `submission.version = ${query
        .subQuery()
        .select('MAX(latest.version)')
        .from(SubmissionEntity, 'latest')
        .where('latest.assignment_id = submission.assignment_id AND latest.author_id = submission.author_id')
        .getQuery()}`,
    );
    return paginate(query, args, {
      column: 'submission.submitted_at',
      property: 'submittedAt',
      direction: 'ASC',
      idColumn: 'submission.id',
      timestamp: true,
    });
  }

  /** A coach's (or admin's) own feedback on a submission, shown to its author. */
  addFeedback(actor: Actor, submissionId: string, body: string): Promise<CreatedFeedback> {
    return this.transactions.run(async (manager) => {
      const submission = await manager.findOne(SubmissionEntity, { where: { id: submissionId } });
      if (!submission) {
        throw new DomainError('NOT_FOUND', `Submission ${submissionId} does not exist`, [{ field: 'submissionId', message: 'does not exist' }]);
      }
      await this.assignments.require(actor, submission.assignmentId, 'manage', 'submissionId');
      if (!body.trim()) throw DomainError.badInput('body', 'must not be blank');
      const feedback = await manager.save(SubmissionFeedbackEntity, { submissionId, coachId: actor.id, body });
      await this.audit.record(actor.id, 'submission.feedback_added', 'Submission', submissionId, { feedbackId: feedback.id });
      const coach = await manager.findOneOrFail(UserEntity, { where: { id: actor.id }, select: { id: true, name: true } });
      return { feedback, coachName: coach.name };
    });
  }
}

function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const code = String((error.driverError as { code?: string } | undefined)?.code ?? '');
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
