import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { In, LessThan } from 'typeorm';
import { AssignmentEntity } from '../assignments/assignment.entity';
import { AuditService } from '../audit/audit.service';
import { CohortEntity, CohortStatus } from '../cohorts/cohort.entity';
import { TransactionService } from '../common/transaction.service';
import { CourseModuleEntity } from '../course-modules/course-module.entity';
import { AttachmentEntity } from '../submissions/attachment.entity';
import { SubmissionEntity } from '../submissions/submission.entity';
import { RETENTION_DAYS } from './retention-setting';
import { chunks, deleteAttachmentFiles } from './stored-files';

export const PURGED_TEXT = '[purged]';
const DAY_MS = 24 * 3600_000;

/**
 * Purges the work of closed cohorts once SUBMISSION_RETENTION_DAYS have passed since their end
 * date: bodies become "[purged]" and attachments (rows and files) go; submission rows, versions,
 * lateness, pairs and scores stay, so the cohort's statistics do not change. Runs at start-up and
 * every 24 hours when the setting is set; admins can trigger it with purgeExpiredSubmissions.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Retention');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(RETENTION_DAYS) private readonly retentionDays: number | null,
    private readonly audit: AuditService,
    private readonly transactions: TransactionService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.retentionDays === null) return;
    this.scheduled();
    this.timer = setInterval(() => this.scheduled(), DAY_MS);
    // The purge must never keep the process alive on its own.
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    // Let a purge in flight finish before the database connection closes.
    await this.running;
  }

  /** Number of submissions purged; 0 when no retention period is configured. */
  async purgeClosedCohortSubmissions(now: Date, actorId: string | null = null): Promise<number> {
    const days = this.retentionDays;
    if (days === null) return 0;
    // A cohort ends at the end of its end date; "more than N days ago" means end_date < today - N.
    const cutoff = new Date(now.getTime() - days * DAY_MS).toISOString().slice(0, 10);
    const { purged, attachmentIds } = await this.transactions.run(async (manager) => {
      const cohorts = await manager.find(CohortEntity, { where: { status: CohortStatus.CLOSED, endDate: LessThan(cutoff) }, select: { id: true } });
      let purged = 0;
      const attachmentIds: string[] = [];
      for (const cohort of cohorts) {
        const rows: { id: string }[] = await manager
          .createQueryBuilder(SubmissionEntity, 'submission')
          .select('submission.id', 'id')
          .innerJoin(AssignmentEntity, 'assignment', 'assignment.id = submission.assignment_id')
          .innerJoin(CourseModuleEntity, 'module', 'module.id = assignment.module_id')
          .where('module.cohort_id = :cohortId AND submission.body <> :purged', { cohortId: cohort.id, purged: PURGED_TEXT })
          .getRawMany();
        if (rows.length === 0) continue;
        const cohortAttachments: string[] = [];
        for (const ids of chunks(rows.map((row) => row.id))) {
          await manager.update(SubmissionEntity, { id: In(ids) }, { body: PURGED_TEXT });
          const attachments = await manager.find(AttachmentEntity, { where: { submissionId: In(ids) }, select: { id: true } });
          cohortAttachments.push(...attachments.map((attachment) => attachment.id));
        }
        for (const ids of chunks(cohortAttachments)) await manager.delete(AttachmentEntity, { id: In(ids) });
        await this.audit.record(actorId, 'submissions.purged', 'Cohort', cohort.id, {
          submissions: rows.length,
          attachments: cohortAttachments.length,
          retentionDays: days,
        });
        purged += rows.length;
        attachmentIds.push(...cohortAttachments);
      }
      return { purged, attachmentIds };
    });
    await deleteAttachmentFiles(attachmentIds);
    return purged;
  }

  private scheduled(): void {
    const run = this.purgeClosedCohortSubmissions(new Date()).then(
      (purged) => {
        if (purged > 0) this.logger.log(`purged ${purged} submissions of closed cohorts past the retention period`);
      },
      (error: unknown) => this.logger.error(`retention purge failed: ${String(error)}`),
    );
    this.running = run;
  }
}

