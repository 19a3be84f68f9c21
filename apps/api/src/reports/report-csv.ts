import type { CohortReport } from './report.model';
import { type Cell, cohortSlug, type ReportTable, reportTable } from './report-tables';

/**
 * One CSV field. Text that a spreadsheet program would read as a formula (starting with = + - @,
 * a tab or a carriage return) gets a leading single quote (OWASP "CSV injection"); then RFC 4180
 * quoting for fields with a comma, quote, CR or LF. Numbers are written as numbers: they are never
 * negative in a report, so they never start with a formula character.
 */
export function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Math.round(value * 10000) / 10000);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let text = value instanceof Date ? value.toISOString() : value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole file: UTF-8 byte order mark (Excel reads UTF-8 only with it), header row, CRLF line ends. */
export function toCsv(header: string[], rows: Cell[][]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** The rows of one report table as CSV (the tables are defined in report-tables.ts). */
export function reportCsv(report: CohortReport, table: ReportTable): string {
  const { header, rows } = reportTable(report, table);
  return toCsv(header, rows);
}

/** `academy-<cohort name as ASCII letters, digits and dashes>-<table>.csv`; never a quote, slash or control character. */
export function csvFileName(cohortName: string, table: ReportTable): string {
  return `academy-${cohortSlug(cohortName)}-${table}.csv`;
}
