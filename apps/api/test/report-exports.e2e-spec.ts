import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { AT, FORMULA, MINUS, PLUS, QUOTED, seedExportCohort } from './support/export-cohort';
import type { PersonFixture } from './support/fixtures';
import { loginAdmin, snapshotDatabase, startTestApp, TestApp } from './support/test-app';

const BOM = '\uFEFF';

describe('cohort report CSV exports', () => {
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

  const download = (path: string, token?: string) => {
    const call = request(t.http).get(path);
    if (token) call.set('authorization', `Bearer ${token}`);
    return call.buffer(true).parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
    });
  };

  async function table(name: string, token = coach.token): Promise<{ text: string; records: string[][] }> {
    const response = await download(`/reports/cohorts/${cohortId}/${name}.csv`, token);
    expect(response.status).toBe(200);
    const text = response.body as string;
    return { text, records: parse(text, { bom: true, relax_column_count: false }) as string[][] };
  }

  it('serves the participants table as UTF-8 CSV with a BOM, a header row and a safe file name', async () => {
    const response = await download(`/reports/cohorts/${cohortId}/participants.csv`, coach.token);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    const slug = cohortName.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase();
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="academy-${slug}-participants.csv"; filename*=UTF-8''academy-${slug}-participants.csv`,
    );
    expect(response.headers['cache-control']).toBe('private, no-store');
    const text = response.body as string;
    expect(text.startsWith(BOM)).toBe(true);
    expect(text.slice(1).split('\r\n')[0]).toBe(
      'name,municipality_code,municipality,business_domain_code,business_domain,submissions,late,missing,pending,reviews_assigned,' +
        'reviews_done,reviews_overdue,reviews_received,distinct_municipalities,distinct_domains,at_risk,at_risk_reasons',
    );
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('neutralises formulas with a leading quote and quotes commas, quotes and newlines (RFC 4180)', async () => {
    const { text, records } = await table('participants');
    const lines = text.slice(1).split('\r\n');
    expect(lines).toContain(`'=cmd|' /C calc'!A0,GM0363,Amsterdam,IA,Informatievoorziening en ICT (I&A),1,0,0,0,1,0,1,1,1,1,true,OVERDUE_REVIEWS`);
    expect(lines.some((line) => line.startsWith(`'+1,GM0518,'s-Gravenhage,BZ,Burgerzaken,1,1,0,0,1,1,0,0,1,1,false,`))).toBe(true);
    expect(lines.some((line) => line.startsWith(`'-1,GM0599,Rotterdam,IA,`))).toBe(true);
    expect(lines.some((line) => line.startsWith(`'@SUM(1),GM0363,`))).toBe(true);
    expect(lines.some((line) => line.startsWith(`'\tTab,GM0599,`))).toBe(true);
    expect(text).toContain(`\r\n"Jansen, ""Piet""\nTweede regel",GM0518,`);
    // Read back by a CSV parser: a header and six rows, every row as wide as the header, values intact.
    expect(records).toHaveLength(7);
    expect(records.every((record) => record.length === records[0].length)).toBe(true);
    expect(records.slice(1).map((record) => record[0]).sort()).toEqual(
      [`'${FORMULA}`, `'${PLUS}`, `'${MINUS}`, `'${AT}`, QUOTED, `'\tTab`].sort(),
    );
  });

  it('exports the assignments, rubric and both matrices', async () => {
    const assignments = await table('assignments');
    expect(assignments.records[0]).toEqual([
      'module', 'assignment', 'due_at', 'review_due_at', 'anonymity', 'enrolled', 'submitted', 'on_time', 'late', 'missing', 'pending',
      'reviews_assigned', 'reviews_done', 'reviews_overdue', 'helpfulness_ratings', 'helpfulness_mean',
    ]);
    expect(assignments.records).toHaveLength(2);
    expect(assignments.records[1][1]).toBe(`'=HYPERLINK("x")`);
    expect(assignments.text).toContain(`,"'=HYPERLINK(""x"")",`);
    expect(assignments.records[1].slice(4)).toEqual(['DOUBLE_BLIND', '6', '2', '1', '1', '4', '0', '2', '1', '1', '0', '']);

    const rubric = await table('rubric');
    expect(rubric.records.map((record) => record.slice(2))).toEqual([
      ['criterion', 'position', 'min_score', 'max_score', 'scores', 'mean', 'standard_deviation'],
      ['Volledigheid', '0', '1', '5', '1', '4', '0'],
      ['Toepasbaarheid', '1', '0', '10', '1', '7', '0'],
    ]);

    const municipalities = await table('municipality-matrix');
    expect(municipalities.records).toEqual([
      ['reviewer_municipality_code', 'reviewer_municipality', 'author_municipality_code', 'author_municipality', 'reviews'],
      ['GM0518', `'s-Gravenhage`, 'GM0363', 'Amsterdam', '1'],
    ]);
    const domains = await table('domain-matrix');
    expect(domains.records).toEqual([
      ['reviewer_domain_code', 'reviewer_domain', 'author_domain_code', 'author_domain', 'reviews'],
      ['BZ', 'Burgerzaken', 'IA', 'Informatievoorziening en ICT (I&A)', '1'],
    ]);
  });

  it('lets admins download too', async () => {
    const { records } = await table('participants', admin);
    expect(records).toHaveLength(7);
  });

  describe('access', () => {
    const expectRefused = async (path: string, token: string | undefined, status: number, code: string) => {
      const before = await snapshotDatabase(t.dataSource);
      const response = await request(t.http).get(path).set(token ? { authorization: `Bearer ${token}` } : {});
      expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
      expect(response.headers['content-disposition']).toBeUndefined();
      expect(await snapshotDatabase(t.dataSource)).toBe(before);
    };

    it('answers 401 without a token and 403 to participants and other cohorts’ coaches', async () => {
      const path = `/reports/cohorts/${cohortId}/participants.csv`;
      await expectRefused(path, undefined, 401, 'UNAUTHENTICATED');
      await expectRefused(path, 'not-a-token', 401, 'UNAUTHENTICATED');
      await expectRefused(path, participant.token, 403, 'FORBIDDEN');
      await expectRefused(path, otherCoach.token, 403, 'FORBIDDEN');
    });

    it('answers 404 for an unknown table, an unknown cohort and a path that is not a report file', async () => {
      await expectRefused(`/reports/cohorts/${cohortId}/secrets.csv`, admin, 404, 'NOT_FOUND');
      await expectRefused(`/reports/cohorts/${cohortId}/participants.json`, admin, 404, 'NOT_FOUND');
      await expectRefused(`/reports/cohorts/${globalThis.crypto.randomUUID()}/participants.csv`, admin, 404, 'NOT_FOUND');
      await expectRefused(`/reports/cohorts/not-a-uuid/participants.csv`, admin, 404, 'NOT_FOUND');
      // The workbook lives at /reports/cohorts/:id/report.xlsx (report-xlsx.e2e-spec.ts), not next to the cohort id.
      const workbook = await request(t.http).get(`/reports/cohorts/${cohortId}.xlsx`).set({ authorization: `Bearer ${admin}` });
      expect(workbook.status).toBe(404);
    });
  });
});
