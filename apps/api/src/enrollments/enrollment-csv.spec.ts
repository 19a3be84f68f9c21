import { parseEnrollmentCsv } from './enrollment-csv';

const codes = { municipalities: new Set(['GM0363', 'GM0294']), domains: new Set(['IA', 'BZ']) };
const HEADER = 'name,email,municipality_code,domain_code,role';

describe('parseEnrollmentCsv', () => {
  it('reads good rows, normalising case and quoted fields', () => {
    const { rows, problems } = parseEnrollmentCsv(
      `${HEADER}\n"de Vries, Anne",Anne@Winterswijk.NL,gm0294,ia,participant\nBert,bert@amsterdam.nl,,,COACH\n`,
      codes,
    );
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { line: 2, name: 'de Vries, Anne', email: 'anne@winterswijk.nl', municipalityCode: 'GM0294', domainCode: 'IA', role: 'PARTICIPANT' },
      { line: 3, name: 'Bert', email: 'bert@amsterdam.nl', municipalityCode: null, domainCode: null, role: 'COACH' },
    ]);
  });

  it('reports every bad cell with its line and column', () => {
    const { problems } = parseEnrollmentCsv(
      [HEADER, 'A,a@x.nl,GM0363,IA,PARTICIPANT', 'B,not-an-email,GM0363,IA,PARTICIPANT', 'C,c@x.nl,GM9999,XX,PARTICIPANT', 'D,a@x.nl,GM0363,IA,STUDENT', 'E,e@x.nl,,IA,PARTICIPANT'].join('\n'),
      codes,
    );
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [3, 'email'],
      [4, 'municipality_code'],
      [4, 'domain_code'],
      [5, 'email'],
      [5, 'role'],
      [6, 'municipality_code'],
    ]);
    expect(problems[3].message).toContain('already on line 2');
  });

  it('keeps true line numbers when the file has blank lines in between', () => {
    const { problems } = parseEnrollmentCsv(`${HEADER}\nA,a@x.nl,GM0363,IA,PARTICIPANT\n\n\nB,broken,GM0363,IA,PARTICIPANT\n`, codes);
    expect(problems.map((p) => p.line)).toEqual([5]);
  });

  it('refuses a wrong header, an empty file and broken CSV', () => {
    expect(parseEnrollmentCsv('email,name\nx,y', codes).problems[0].message).toContain('header');
    expect(parseEnrollmentCsv(HEADER, codes).problems[0].message).toContain('no rows');
    expect(parseEnrollmentCsv(`${HEADER}\n"unterminated,a@b.nl,GM0363,IA,COACH`, codes).problems[0].message).toContain('not valid CSV');
  });
});
