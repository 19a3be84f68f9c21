import type { Cell as SheetCell, Sheet } from 'write-excel-file/node';
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

/**
 * The whole report as one workbook, a sheet per table with the CSV's header names. Text is always
 * written as a string cell (a shared string, never a formula), so names such as `=cmd|...` stay
 * inert text and need no leading quote as in the CSV.
 */
export async function reportXlsx(report: CohortReport): Promise<Buffer> {
  // Loaded on the first export rather than at start-up (about 80 modules, 65 to 90 ms): most
  // processes never write a workbook.
  const writeXlsxFile = require('write-excel-file/node') as typeof import('write-excel-file/node').default;
  const sheets: Sheet<Buffer>[] = REPORT_TABLES.map((table) => {
    const { header, kinds, rows } = reportTable(report, table);
    const headerRow: SheetCell[] = header.map((name) => ({ value: name, type: String, fontWeight: 'bold' }));
    return {
      sheet: xlsxSheetName(table),
      data: [headerRow, ...rows.map((row) => row.map((value, index) => sheetCell(value, kinds[index])))],
      columns: header.map((name, index) => ({ width: columnWidth(name, kinds[index], rows.map((row) => row[index])) })),
      stickyRowsCount: 1,
      dateFormat: INSTANT_FORMAT,
    };
  });
  return writeXlsxFile(sheets).toBuffer();
}

function sheetCell(value: Cell, kind: ColumnKind): SheetCell {
  if (value === null) return null;
  if (typeof value === 'string') return { value, type: String };
  if (typeof value === 'number') {
    // NaN or Infinity would make a cell Excel cannot open; the report has neither, but never risk the file.
    if (!Number.isFinite(value)) return null;
    return kind === 'fraction' ? { value, type: Number, format: FRACTION_FORMAT } : { value, type: Number };
  }
  if (typeof value === 'boolean') return { value, type: Boolean };
  return { value, type: Date, format: INSTANT_FORMAT };
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
