import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { AccessPolicy } from '../auth/access-policy.service';
import type { Actor } from '../auth/actor';
import { CohortEntity } from '../cohorts/cohort.entity';
import { DomainError } from '../common/domain-error';
import { TransactionService } from '../common/transaction.service';
import { buildReport, ReportRows } from './report-builder';
import { CohortComparisonRow, CohortReport } from './report.model';
import {
  selectAssignments,
  selectNetwork,
  selectParticipants,
  selectReferenceData,
  selectReviewStatus,
  selectRubricStatistics,
  selectSubmissionStatus,
} from './reports.queries';

/**
 * Cohort reports for the people who run a cohort. Every figure comes from a fixed set of
 * GROUP BY statements (reports.queries.ts), so the cost in statements does not grow with the
 * cohort; rows are never loaded one per submission or review.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly policy: AccessPolicy,
    private readonly transactions: TransactionService,
  ) {}

  /** Admins and the cohort's coaches. */
  async cohortReport(actor: Actor, cohortId: string, now = new Date()): Promise<CohortReport> {
    const cohort = await this.policy.requireCohort(actor, cohortId, 'manage');
    return buildReport(cohort, await loadReportRows(this.transactions.manager, cohort.id, now), now);
  }

  /** Admins only (the resolver says so): totals and network summary per cohort, in the order asked. */
  async cohortComparison(cohortIds: string[], now = new Date()): Promise<CohortComparisonRow[]> {
    const manager = this.transactions.manager;
    const cohorts = new Map((await manager.find(CohortEntity, { where: { id: In(cohortIds) } })).map((cohort) => [cohort.id, cohort]));
    const missing = cohortIds.findIndex((id) => !cohorts.has(id));
    if (missing >= 0) {
      throw new DomainError('NOT_FOUND', `Cohort ${cohortIds[missing]} does not exist`, [
        { field: `cohortIds.${missing}`, message: 'does not exist' },
      ]);
    }
    const rows: CohortComparisonRow[] = [];
    for (const id of cohortIds) {
      const cohort = cohorts.get(id)!;
      const report = buildReport(cohort, await loadReportRows(manager, id, now), now);
      rows.push(
        Object.assign(new CohortComparisonRow(), {
          cohortId: cohort.id,
          cohortName: cohort.name,
          cohortStatus: cohort.status,
          totals: report.totals,
          network: report.network.summary,
        }),
      );
    }
    return rows;
  }
}

/** The report's seven statements, one after the other (SQLite has one connection; PostgreSQL keeps its pool free). */
export async function loadReportRows(manager: EntityManager, cohortId: string, now: Date): Promise<ReportRows> {
  const assignments = await selectAssignments(manager, cohortId);
  const participants = await selectParticipants(manager, cohortId);
  const submissions = await selectSubmissionStatus(manager, cohortId, now);
  const reviews = await selectReviewStatus(manager, cohortId, now);
  return {
    assignments,
    participants,
    submissionsByAssignment: submissions.byAssignment,
    submissionsByParticipant: submissions.byParticipant,
    reviewsByAssignment: reviews.byAssignment,
    reviewsByParticipant: reviews.byParticipant,
    rubric: await selectRubricStatistics(manager, cohortId),
    network: await selectNetwork(manager, cohortId),
    reference: await selectReferenceData(manager),
  };
}
