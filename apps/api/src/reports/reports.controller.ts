import { Controller, Get, Header, Param, Res, StreamableFile } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Authenticated, CurrentActor } from '../auth/access.decorators';
import type { Actor } from '../auth/actor';
import { DomainError } from '../common/domain-error';
import { contentDisposition } from '../submissions/attachment-files';
import { csvFileName, reportCsv } from './report-csv';
import { isReportTable, REPORT_TABLES, type ReportTable } from './report-tables';
import { reportXlsx, XLSX_CONTENT_TYPE, xlsxFileName } from './report-xlsx';
import { ReportsService } from './reports.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const WORKBOOK = 'report.xlsx';

/** The files a cohort report downloads as: one CSV per table, or every table in one workbook. */
type ReportFile = { format: 'csv'; table: ReportTable } | { format: 'xlsx' };

function reportFile(file: string): ReportFile | null {
  if (file === WORKBOOK) return { format: 'xlsx' };
  const table = file.endsWith('.csv') ? file.slice(0, -'.csv'.length) : '';
  return isReportTable(table) ? { format: 'csv', table } : null;
}

const REPORT_FILES = [...REPORT_TABLES.map((table) => `${table}.csv`), WORKBOOK].join(', ');

/**
 * The cohort report as files: GET /reports/cohorts/:id/:table.csv with table one of REPORT_TABLES,
 * or GET /reports/cohorts/:id/report.xlsx for all tables as sheets of one workbook. Same access as
 * `cohortReport` (admins and the cohort's coaches).
 */
@Controller('reports')
export class ReportsController {
  constructor(private readonly service: ReportsService) {}

  @Authenticated()
  @Get('cohorts/:id/:file')
  @Header('Cache-Control', 'private, no-store')
  @Header('X-Content-Type-Options', 'nosniff')
  async download(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('file') file: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | StreamableFile> {
    const wanted = reportFile(file);
    if (!wanted) throw new DomainError('NOT_FOUND', `No report file ${file}; there are ${REPORT_FILES}`);
    if (!UUID.test(id)) throw new DomainError('NOT_FOUND', `Cohort ${id} does not exist`);
    const report = await this.service.cohortReport(actor, id);
    if (wanted.format === 'xlsx') {
      // A Buffer returned as such would be serialised as JSON; StreamableFile sends the bytes with their length.
      const bytes = await reportXlsx(report);
      return new StreamableFile(bytes, { type: XLSX_CONTENT_TYPE, disposition: contentDisposition(xlsxFileName(report.cohortName)), length: bytes.length });
    }
    reply.header('Content-Type', 'text/csv; charset=utf-8');
    reply.header('Content-Disposition', contentDisposition(csvFileName(report.cohortName, wanted.table)));
    return reportCsv(report, wanted.table);
  }
}
