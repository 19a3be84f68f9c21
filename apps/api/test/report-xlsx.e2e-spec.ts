import { parse } from 'csv-parse/sync';
import readXlsxFile from 'read-excel-file/node';
import request from 'supertest';
import { csvField } from '../src/reports/report-csv';
import { REPORT_TABLES } from '../src/reports/report-tables';
import { AT, FORMULA, MINUS, PLUS, QUOTED, seedExportCohort, TITLE } from './support/export-cohort';
import type { PersonFixture } from './support/fixtures';
import { loginAdmin, ok, snapshotDatabase, startTestApp, TestApp } from './support/test-app';
import { unzip } from './support/zip';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A CSV field as a parser returns it (RFC 4180 quotes removed). */
const unquote = (field: string) => (field.startsWith('"') ? field.slice(1, -1).replace(/""/g, '"') : field);

type SheetRow = (string | number | boolean | Date | null)[];

describe('cohort report workbook (.xlsx)', () => {
  let t: TestApp;
  let admin: string;
  let cohortId: string;
  let cohortName: string;
  let coach: PersonFixture;
  let participant: PersonFixture;
  let otherCoach: PersonFixture;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await loginAdmin(t.http);
    ({ cohortId, cohortName, coach, participant, otherCoach } = await seedExportCohort(t, admin));
  });
  afterAll(() => t.close());

  /** The raw response bytes, whatever the content type. */
  const download = (path: string, token?: string) => {
    const call = request(t.http).get(path);
    if (token) call.set('authorization', `Bearer ${token}`);
    return call.buffer(true).parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    });
  };

  async function workbook(token: string): Promise<Map<string, SheetRow[]>> {
    const response = await download(`/reports/cohorts/${cohortId}/report.xlsx`, token);
    expect(response.status).toBe(200);
    const sheets = await readXlsxFile(response.body as Buffer, { trim: false });
    return new Map(sheets.map((sheet) => [sheet.sheet, sheet.data as unknown as SheetRow[]]));
  }

  async function csv(table: string): Promise<string[][]> {
    const response = await download(`/reports/cohorts/${cohortId}/${table}.csv`, coach.token);
    expect(response.status).toBe(200);
    return parse((response.body as Buffer).toString('utf8'), { bom: true }) as string[][];
  }

  it('serves one workbook with the xlsx type, its exact length, a safe file name and no caching', async () => {
    const response = await download(`/reports/cohorts/${cohortId}/report.xlsx`, coach.token);
    expect(response.status).toBe(200);
    const body = response.body as Buffer;
    expect(response.headers['content-type']).toBe(XLSX);
    expect(Number(response.headers['content-length'])).toBe(body.length);
    const slug = cohortName.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase();
    expect(response.headers['content-disposition']).toBe(`attachment; filename="academy-${slug}.xlsx"; filename*=UTF-8''academy-${slug}.xlsx`);
    expect(response.headers['cache-control']).toBe('private, no-store');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    // A ZIP package (not JSON of a Buffer, not text): local file header first.
    expect(body.subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));
    expect(unzip(body).has('xl/workbook.xml')).toBe(true);
  });

  it('has one sheet per table with the CSV header rows and the same figures as the CSV files', async () => {
    const sheets = await workbook(coach.token);
    expect([...sheets.keys()]).toEqual([...REPORT_TABLES]);
    for (const table of REPORT_TABLES) {
      const records = await csv(table);
      const rows = sheets.get(table)!;
      expect(rows[0]).toEqual(records[0]);
      expect(rows).toHaveLength(records.length);
      rows.slice(1).forEach((row, r) => {
        expect(row).toHaveLength(records[r + 1].length);
        row.forEach((value, c) => {
          const text = records[r + 1][c];
          if (value instanceof Date) {
            // Dates are day serials (floats): within a millisecond of the CSV's instant.
            expect(Math.abs(value.getTime() - Date.parse(text))).toBeLessThanOrEqual(1);
          } else {
            // Written as the CSV writes it (formula quote, 4 decimals), the cell is the CSV field as parsed.
            expect({ table, column: records[0][c], value: unquote(csvField(value)) }).toEqual({ table, column: records[0][c], value: text });
          }
        });
      });
    }
  });

  it('keeps numbers, booleans and dates typed, and formula-like names as plain text', async () => {
    const sheets = await workbook(coach.token);
    const [, assignment] = sheets.get('assignments')!;
    expect(assignment[1]).toBe(TITLE);
    expect(assignment[2]).toBeInstanceOf(Date);
    expect(assignment[3]).toBeInstanceOf(Date);
    expect(assignment.slice(4)).toEqual(['DOUBLE_BLIND', 6, 2, 1, 1, 4, 0, 2, 1, 1, 0, null]);
    const participants = sheets.get('participants')!;
    expect(participants.slice(1).map((row) => row[0]).sort()).toEqual([FORMULA, PLUS, MINUS, AT, QUOTED, '\tTab'].sort());
    expect(participants.find((row) => row[0] === FORMULA)).toEqual([
      FORMULA, 'GM0363', 'Amsterdam', 'IA', 'Informatievoorziening en ICT (I&A)', 1, 0, 0, 0, 1, 0, 1, 1, 1, 1, true, 'OVERDUE_REVIEWS',
    ]);
    expect(sheets.get('rubric')!.map((row) => row.slice(2))).toEqual([
      ['criterion', 'position', 'min_score', 'max_score', 'scores', 'mean', 'standard_deviation'],
      ['Volledigheid', 0, 1, 5, 1, 4, 0],
      ['Toepasbaarheid', 1, 0, 10, 1, 7, 0],
    ]);
    expect(sheets.get('municipality-matrix')!.slice(1)).toEqual([['GM0518', `'s-Gravenhage`, 'GM0363', 'Amsterdam', 1]]);
    expect(sheets.get('domain-matrix')!.slice(1)).toEqual([['BZ', 'Burgerzaken', 'IA', 'Informatievoorziening en ICT (I&A)', 1]]);

    // And agrees with cohortReport over GraphQL, dates to the millisecond.
    const { cohortReport } = await ok<{ cohortReport: { assignments: { dueAt: string; reviewDueAt: string; enrolled: number }[] } }>(
      t.http,
      'query ($id: ID!) { cohortReport(cohortId: $id) { assignments { dueAt reviewDueAt enrolled } } }',
      { id: cohortId },
      coach.token,
    );
    expect(Math.abs((assignment[2] as Date).getTime() - Date.parse(cohortReport.assignments[0].dueAt))).toBeLessThanOrEqual(1);
    expect(Math.abs((assignment[3] as Date).getTime() - Date.parse(cohortReport.assignments[0].reviewDueAt))).toBeLessThanOrEqual(1);
    expect(assignment[5]).toBe(cohortReport.assignments[0].enrolled);
  });

  it('never writes a formula: every text cell is a shared string', async () => {
    const response = await download(`/reports/cohorts/${cohortId}/report.xlsx`, admin);
    const files = unzip(response.body as Buffer);
    const sheetFiles = [...files.keys()].filter((name) => /^xl\/worksheets\/sheet\d+\.xml$/.test(name));
    expect(sheetFiles).toHaveLength(REPORT_TABLES.length);
    for (const name of sheetFiles) expect(files.get(name)!.toString('utf8')).not.toMatch(/<f[\s>/]|t="str"|t="inlineStr"/);
    const shared = files.get('xl/sharedStrings.xml')!.toString('utf8');
    for (const text of [`=cmd|' /C calc'!A0`, '+1', '-1', '@SUM(1)', '=HYPERLINK("x")']) expect(shared).toContain(`<t>${text}</t>`);
  });

  it('lets admins download too, with the same content', async () => {
    const asAdmin = await workbook(admin);
    const asCoach = await workbook(coach.token);
    expect([...asAdmin.keys()]).toEqual([...REPORT_TABLES]);
    // generatedAt is not in the tables, and nothing changed in between: the same sheets.
    expect(asAdmin).toEqual(asCoach);
  });

  describe('access', () => {
    const expectRefused = async (path: string, token: string | undefined, status: number, code: string) => {
      const before = await snapshotDatabase(t.dataSource);
      const response = await request(t.http).get(path).set(token ? { authorization: `Bearer ${token}` } : {});
      expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.headers['content-disposition']).toBeUndefined();
      expect(await snapshotDatabase(t.dataSource)).toBe(before);
      return response;
    };

    it('answers 401 without a token and 403 to participants and other cohorts’ coaches', async () => {
      const path = `/reports/cohorts/${cohortId}/report.xlsx`;
      await expectRefused(path, undefined, 401, 'UNAUTHENTICATED');
      await expectRefused(path, 'not-a-token', 401, 'UNAUTHENTICATED');
      await expectRefused(path, participant.token, 403, 'FORBIDDEN');
      await expectRefused(path, otherCoach.token, 403, 'FORBIDDEN');
    });

    it('answers 404 for an unknown cohort and for files that do not exist, naming those that do', async () => {
      await expectRefused(`/reports/cohorts/${globalThis.crypto.randomUUID()}/report.xlsx`, admin, 404, 'NOT_FOUND');
      await expectRefused(`/reports/cohorts/not-a-uuid/report.xlsx`, admin, 404, 'NOT_FOUND');
      for (const file of ['participants.xlsx', 'report.xls', 'report.XLSX', 'report.csv', 'workbook.xlsx', 'report.xlsx.csv']) {
        const response = await expectRefused(`/reports/cohorts/${cohortId}/${file}`, admin, 404, 'NOT_FOUND');
        expect(response.body.message).toContain('report.xlsx');
        expect(response.body.message).toContain('participants.csv');
      }
    });
  });
});
