import { sampleReport } from '../../test/support/sample-report';
import { csvField, csvFileName, reportCsv, toCsv } from './report-csv';

describe('csvField', () => {
  it('writes numbers as numbers (fractions to 4 decimals), booleans as true/false, instants as ISO 8601, null as empty', () => {
    expect([0, 42, 11 / 3, 0.5, true, false, new Date('2026-02-10T23:59:00Z'), null].map(csvField)).toEqual([
      '0', '42', '3.6667', '0.5', 'true', 'false', '2026-02-10T23:59:00.000Z', '',
    ]);
  });

  it('puts a quote before text a spreadsheet would run as a formula, then quotes per RFC 4180', () => {
    expect(['=1+1', '+1', '-1', '@SUM(1)', '\tx', '\rx', 'a=b', "'s-Gravenhage"].map(csvField)).toEqual([
      "'=1+1", "'+1", "'-1", "'@SUM(1)", "'\tx", `"'\rx"`, 'a=b', "'s-Gravenhage",
    ]);
    expect(['a,b', 'say "hi"', 'two\nlines', '=HYPERLINK("x")'].map(csvField)).toEqual([
      '"a,b"', '"say ""hi"""', '"two\nlines"', `"'=HYPERLINK(""x"")"`,
    ]);
  });
});

describe('toCsv', () => {
  it('starts with a byte order mark, ends every line with CRLF', () => {
    expect(toCsv(['a', 'b'], [[1, 'x'], [null, true]])).toBe('\uFEFFa,b\r\n1,x\r\n,true\r\n');
    expect(toCsv(['a'], [])).toBe('\uFEFFa\r\n');
  });
});

describe('reportCsv', () => {
  // The files as written before the tables moved to report-tables.ts, byte for byte.
  const report = sampleReport();
  const lines = (text: string) => {
    expect(text.startsWith('\uFEFF') && text.endsWith('\r\n')).toBe(true);
    return text.slice(1, -2).split('\r\n');
  };

  it('writes the assignments and the rubric', () => {
    expect(lines(reportCsv(report, 'assignments'))).toEqual([
      'module,assignment,due_at,review_due_at,anonymity,enrolled,submitted,on_time,late,missing,pending,reviews_assigned,reviews_done,reviews_overdue,helpfulness_ratings,helpfulness_mean',
      `"Module 1, ""Basis""","'=HYPERLINK(""x"")",2026-02-10T23:59:00.000Z,2026-02-17T08:30:00.000Z,DOUBLE_BLIND,3,2,1,1,1,0,2,1,1,3,3.6667`,
    ]);
    expect(lines(reportCsv(report, 'rubric'))).toEqual([
      'module,assignment,criterion,position,min_score,max_score,scores,mean,standard_deviation',
      `"Module 1, ""Basis""","'=HYPERLINK(""x"")",Volledigheid,0,1,5,3,3.3333,0.4714`,
      `"Module 1, ""Basis""","'=HYPERLINK(""x"")",Toepasbaarheid,1,0,10,0,,`,
    ]);
  });

  it('writes the participants, formulas neutralised', () => {
    expect(lines(reportCsv(report, 'participants'))).toEqual([
      'name,municipality_code,municipality,business_domain_code,business_domain,submissions,late,missing,pending,reviews_assigned,reviews_done,reviews_overdue,reviews_received,distinct_municipalities,distinct_domains,at_risk,at_risk_reasons',
      `'=cmd|' /C calc'!A0,GM0363,Amsterdam,IA,Informatievoorziening en ICT (I&A),1,0,0,0,2,1,1,1,2,1,true,OVERDUE_REVIEWS`,
      `'+1,GM0518,'s-Gravenhage,BZ,Burgerzaken,1,0,0,0,2,1,0,1,2,1,false,`,
      `'-1,,,,,1,0,2,0,2,1,1,1,2,1,true,MISSING_SUBMISSIONS OVERDUE_REVIEWS`,
      `'@SUM(1),GM0363,Amsterdam,BZ,Burgerzaken,1,0,0,0,2,1,0,1,2,1,false,`,
      `'\tTab,GM0518,'s-Gravenhage,IA,Informatievoorziening en ICT (I&A),1,0,0,0,2,1,0,1,2,1,false,`,
      `"Jansen, ""Piet""\nTweede regel",GM0363,Amsterdam,IA,Informatievoorziening en ICT (I&A),1,0,0,0,2,1,0,1,2,1,false,`,
    ]);
  });

  it('writes both matrices, people without a municipality or domain as empty cells', () => {
    expect(lines(reportCsv(report, 'municipality-matrix'))).toEqual([
      'reviewer_municipality_code,reviewer_municipality,author_municipality_code,author_municipality,reviews',
      `GM0518,'s-Gravenhage,GM0363,Amsterdam,1`,
      ',,GM0363,Amsterdam,2',
    ]);
    expect(lines(reportCsv(report, 'domain-matrix'))).toEqual([
      'reviewer_domain_code,reviewer_domain,author_domain_code,author_domain,reviews',
      'BZ,Burgerzaken,IA,Informatievoorziening en ICT (I&A),1',
      'IA,Informatievoorziening en ICT (I&A),,,2',
    ]);
  });
});

describe('csvFileName', () => {
  it('is academy-<slug>-<table>.csv', () => {
    expect(csvFileName(sampleReport().cohortName, 'participants')).toBe('academy-voorjaar-2026-data-privacy-participants.csv');
    expect(csvFileName('', 'rubric')).toBe('academy-cohort-rubric.csv');
  });
});
