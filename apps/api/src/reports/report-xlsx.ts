import { Worker } from 'node:worker_threads';
import type { CohortReport } from './report.model';
import { type Cell, type ColumnKind, cohortSlug, REPORT_TABLES, type ReportTable, reportTable } from './report-tables';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Instants as in the CSV (UTC: a spreadsheet cell has no time zone), to the minute. */
const INSTANT_FORMAT = 'yyyy-mm-dd hh:mm';
/** Means and standard deviations show two decimals; the cell keeps the full value. */
const FRACTION_FORMAT = '0.00';

const MIN_WIDTH = 6;
const MAX_WIDTH = 50;

/**
 * The sheet of a table: its name, which is at most 19 characters of [a-z-], so always within
 * Excel's rules (1 to 31 characters, none of []:*?/\).
 */
export const xlsxSheetName = (table: ReportTable): string => table;

/** `academy-<cohort name as ASCII letters, digits and dashes>.xlsx`. */
export function xlsxFileName(cohortName: string): string {
  return `academy-${cohortSlug(cohortName)}.xlsx`;
}

/** A cell as it crosses to the worker: constructors do not survive structured cloning, so the type is its name. */
type WorkbookCell = { value: string | number | boolean | Date; type: 'String' | 'Number' | 'Boolean' | 'Date'; format?: string; fontWeight?: 'bold' } | null;

interface WorkbookSheet {
  sheet: string;
  data: WorkbookCell[][];
  columns: { width: number }[];
  stickyRowsCount: number;
  dateFormat: string;
}

/**
 * The whole report as one workbook, a sheet per table with the CSV's header names. Text is always
 * written as a string cell (a shared string, never a formula), so names such as `=cmd|...` stay
 * inert text and need no leading quote as in the CSV. The workbook is zipped in a worker thread:
 * for a cohort of thousands (tens of thousands of matrix cells) that takes seconds, which would
 * otherwise stall every other request of the process.
 */
export async function reportXlsx(report: CohortReport): Promise<Buffer> {
  const sheets: WorkbookSheet[] = REPORT_TABLES.map((table) => {
    const { header, kinds, rows } = reportTable(report, table);
    const headerRow: WorkbookCell[] = header.map((name) => ({ value: name, type: 'String', fontWeight: 'bold' }));
    return {
      sheet: xlsxSheetName(table),
      data: [headerRow, ...rows.map((row) => row.map((value, index) => sheetCell(value, kinds[index])))],
      columns: header.map((name, index) => ({ width: columnWidth(name, kinds[index], rows.map((row) => row[index])) })),
      stickyRowsCount: 1,
      dateFormat: INSTANT_FORMAT,
    };
  });
  return writeInWorker(sheets);
}

/**
 * Runs in the worker (as source text: a worker of a .ts file would not load under the test
 * runner). write-excel-file is loaded there, never in the server's own thread.
 */
function workbookWorker(): void {
  const { parentPort, workerData } = require('node:worker_threads');
  const writeXlsxFile = require(workerData.library);
  const types: Record<string, unknown> = { String, Number, Boolean, Date };
  const sheets = workerData.sheets.map((sheet: { data: ({ type: string } | null)[][] }) => ({
    ...sheet,
    data: sheet.data.map((row) => row.map((cell) => (cell === null ? null : { ...cell, type: types[cell.type] }))),
  }));
  writeXlsxFile(sheets)
    .toBuffer()
    .then((bytes: Buffer) => parentPort.postMessage(bytes));
}

function writeInWorker(sheets: WorkbookSheet[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(`(${workbookWorker.toString()})()`, {
      eval: true,
      workerData: { library: require.resolve('write-excel-file/node'), sheets },
    });
    worker.once('message', (bytes: Uint8Array) => resolve(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the workbook worker stopped (exit code ${code}) without a workbook`)));
  });
}

function sheetCell(value: Cell, kind: ColumnKind): WorkbookCell {
  if (value === null) return null;
  if (typeof value === 'string') return { value, type: 'String' };
  if (typeof value === 'number') {
    // NaN or Infinity would make a cell Excel cannot open; the report has neither, but never risk the file.
    if (!Number.isFinite(value)) return null;
    return kind === 'fraction' ? { value, type: 'Number', format: FRACTION_FORMAT } : { value, type: 'Number' };
  }
  if (typeof value === 'boolean') return { value, type: 'Boolean' };
  return { value, type: 'Date', format: INSTANT_FORMAT };
}

/** Wide enough for the header and the longest value (its longest line), within bounds, in characters. */
function columnWidth(name: string, kind: ColumnKind, values: Cell[]): number {
  let widest = name.length;
  for (const value of values) {
    if (value === null) continue;
    const shown =
      kind === 'instant' ? INSTANT_FORMAT.length
      : kind === 'fraction' ? String(Math.round(Number(value) * 100) / 100).length + 1
      : kind === 'flag' ? 'FALSE'.length
      : Math.max(...String(value).split('\n').map((line) => line.length));
    widest = Math.max(widest, shown);
  }
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, widest + 2));
}
