import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Authenticated, CurrentActor } from '../auth/access.decorators';
import type { Actor } from '../auth/actor';
import { DomainError } from '../common/domain-error';
import { contentDisposition } from '../submissions/attachment-files';
import { csvFileName, isReportTable, REPORT_TABLES, reportCsv } from './report-csv';
import { ReportsService } from './reports.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The cohort report as CSV, one file per table: GET /reports/cohorts/:id/:table.csv with table one
 * of REPORT_TABLES. Same access as `cohortReport` (admins and the cohort's coaches).
 */
@Controller('reports')
export class ReportsController {
  constructor(private readonly service: ReportsService) {}

  @Authenticated()
  @Get('cohorts/:id/:file')
  @Header('Cache-Control', 'private, no-store')
  @Header('X-Content-Type-Options', 'nosniff')
  async csv(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('file') file: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const table = file.endsWith('.csv') ? file.slice(0, -'.csv'.length) : '';
    if (!isReportTable(table)) {
      throw new DomainError('NOT_FOUND', `No report table ${file}; there are ${REPORT_TABLES.map((name) => `${name}.csv`).join(', ')}`);
    }
    if (!UUID.test(id)) throw new DomainError('NOT_FOUND', `Cohort ${id} does not exist`);
    const report = await this.service.cohortReport(actor, id);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', contentDisposition(csvFileName(report.cohortName, table)));
    return reportCsv(report, table);
  }
}
