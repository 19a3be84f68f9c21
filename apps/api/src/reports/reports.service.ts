import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { AccessPolicy } from '../auth/access-policy.service';
import type { Actor } from '../auth/actor';
import { CohortEntity } from '../cohorts/cohort.entity';
import { DomainError } from '../common/domain-error';
import { TransactionService } from '../common/transaction.service';
import { buildReport, ReportRows } from './report-builder';
import { municipalityCells } from './report-builder';
import type { MunicipalityMatrixArgs } from './report.inputs';
import { CohortComparisonRow, CohortReport, CollaborationNetwork, MunicipalityMatrixCell } from './report.model';
import {
  selectAssignments,
  selectMunicipalityMatrix,
  selectNetwork,
  selectParticipants,
  selectReferenceData,
  selectRubricStatistics,
  selectStatus,
} from './reports.queries';

export interface ReportOptions {
  /** Every cell of the municipality matrix (the default: the exports), or none (the API pages it instead). */
  municipalityMatrix?: 'all' | 'none';
}

/**
 * Cohort reports for the people who run a cohort. Every figure comes from a fixed set of
 * GROUP BY statements over the report tallies (reports.queries.ts), so the cost in statements
 * does not grow with the cohort; rows are never loaded one per submission or review.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly policy: AccessPolicy,
    private readonly transactions: TransactionService,
  ) {}

  /** Admins and the cohort's coaches. The exports ask for the whole municipality matrix; the API pages it. */
  async cohortReport(actor: Actor, cohortId: string, options: ReportOptions = {}, now = new Date()): Promise<CohortReport> {
    const cohort = await this.policy.requireCohort(actor, cohortId, 'manage');
    return buildReport(cohort, await loadReportRows(this.transactions.manager, cohort.id, now, options), now);
  }

  /** A page of the municipality matrix of a report already authorised and built (CollaborationNetwork.municipalityMatrix). */
  async municipalityMatrix(network: CollaborationNetwork, args: MunicipalityMatrixArgs): Promise<MunicipalityMatrixCell[]> {
    const rows = await selectMunicipalityMatrix(this.transactions.manager, network.cohortId, args);
    return municipalityCells(rows, network.names);
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
      const report = buildReport(cohort, await loadReportRows(manager, id, now, { municipalityMatrix: 'none' }), now);
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

/** The report's statements, one after the other (SQLite has one connection; PostgreSQL keeps its pool free). */
export async function loadReportRows(manager: EntityManager, cohortId: string, now: Date, options: ReportOptions = {}): Promise<ReportRows> {
  const assignments = await selectAssignments(manager, cohortId);
  const participants = await selectParticipants(manager, cohortId);
  const status = await selectStatus(manager, cohortId, now);
  return {
    assignments,
    participants,
    ...status,
    rubric: await selectRubricStatistics(manager, cohortId),
    network: await selectNetwork(manager, cohortId),
    municipalityMatrix: options.municipalityMatrix !== 'none' ? await selectMunicipalityMatrix(manager, cohortId) : [],
    reference: await selectReferenceData(manager),
  };
}
