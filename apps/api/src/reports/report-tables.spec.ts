import { sampleReport } from '../../test/support/sample-report';
import { type Cell, type ColumnKind, cohortSlug, isReportTable, REPORT_TABLES, reportTable } from './report-tables';

/** What a cell of each kind may hold; null is "no value" (a mean without scores, a person without a municipality). */
const HOLDS: Record<ColumnKind, (value: Cell) => boolean> = {
  text: (value) => typeof value === 'string',
  count: (value) => Number.isInteger(value) && (value as number) >= 0,
  fraction: (value) => typeof value === 'number' && Number.isFinite(value),
  instant: (value) => value instanceof Date,
  flag: (value) => typeof value === 'boolean',
};

describe('reportTable', () => {
  const report = sampleReport();

  it.each(REPORT_TABLES)('%s: unique snake_case header names, one kind per column, every row as wide, every cell of its kind', (table) => {
    const { header, kinds, rows } = reportTable(report, table);
    expect(header.length).toBeGreaterThan(0);
    expect(new Set(header).size).toBe(header.length);
    expect(header.every((name) => /^[a-z]+(_[a-z]+)*$/.test(name))).toBe(true);
    expect(kinds).toHaveLength(header.length);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toHaveLength(header.length);
      row.forEach((value, index) => {
        if (value !== null && !HOLDS[kinds[index]](value)) throw new Error(`${table}.${header[index]} (${kinds[index]}) holds ${String(value)}`);
      });
    }
  });

  it('takes the rows in the report’s order, the rubric as one row per criterion named by its assignment', () => {
    expect(reportTable(report, 'participants').rows.map((row) => row[0])).toEqual(report.participants.map((p) => p.name));
    const rubric = reportTable(report, 'rubric');
    expect(rubric.rows.map((row) => row.slice(1, 3))).toEqual([
      ['=HYPERLINK("x")', 'Volledigheid'],
      ['=HYPERLINK("x")', 'Toepasbaarheid'],
    ]);
    expect(rubric.rows[1].slice(-2)).toEqual([null, null]);
    const participants = reportTable(report, 'participants');
    const at = (name: string) => participants.header.indexOf(name);
    expect(participants.rows[2][at('municipality_code')]).toBeNull();
    expect(participants.rows[2][at('at_risk_reasons')]).toBe('MISSING_SUBMISSIONS OVERDUE_REVIEWS');
    expect(participants.rows[2][at('at_risk')]).toBe(true);
    const matrix = reportTable(report, 'municipality-matrix');
    expect(matrix.rows).toEqual([
      ['GM0518', `'s-Gravenhage`, 'GM0363', 'Amsterdam', 1],
      [null, null, 'GM0363', 'Amsterdam', 2],
    ]);
  });

  it('knows its tables', () => {
    expect(REPORT_TABLES.every(isReportTable)).toBe(true);
    expect(['', 'report', 'participants.csv', '__proto__', 'Participants'].some(isReportTable)).toBe(false);
  });
});

describe('cohortSlug', () => {
  it('keeps ASCII letters and digits, joins the rest with single dashes, falls back to "cohort"', () => {
    expect(cohortSlug('Voorjaar 2026: Data & "Privacy"')).toBe('voorjaar-2026-data-privacy');
    expect(cohortSlug('Café / ß')).toBe('cafe');
    expect(cohortSlug('../..\\"\r\n')).toBe('cohort');
    expect(cohortSlug('')).toBe('cohort');
    expect(cohortSlug('x'.repeat(100))).toHaveLength(60);
  });
});
