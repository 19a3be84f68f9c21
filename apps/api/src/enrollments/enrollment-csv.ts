import { parse } from 'csv-parse/sync';
import { isEmail } from 'class-validator';
import type { FieldProblem } from '../common/domain-error';
import { normalizeEmail } from '../users/email';
import { DOMAIN_CODE, MUNICIPALITY_CODE } from '../users/user.inputs';
import { EnrollmentRole } from './enrollment.entity';

export const ENROLLMENT_CSV_COLUMNS = ['name', 'email', 'municipality_code', 'domain_code', 'role'] as const;

export interface EnrollmentRow {
  line: number;
  name: string;
  email: string;
  municipalityCode: string | null;
  domainCode: string | null;
  role: EnrollmentRole;
}

export interface ReferenceCodes {
  municipalities: Set<string>;
  domains: Set<string>;
}

const MAX_ROWS = 5000;

/**
 * Parses and checks an enrollment CSV. Returns every row, or every problem with its line and
 * column: the import is all or nothing, so a coach fixes the file once, not row by row.
 */
export function parseEnrollmentCsv(csv: string, codes: ReferenceCodes): { rows: EnrollmentRow[]; problems: FieldProblem[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(csv.replace(/^\uFEFF/, ''), { skip_empty_lines: true, trim: true, relax_column_count: true, info: true }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return { rows: [], problems: [{ field: 'csv', line, message: `is not valid CSV: ${(error as Error).message}` }] };
  }
  const [headerRecord, ...body] = records;
  const header = headerRecord?.record;
  const expected = ENROLLMENT_CSV_COLUMNS.join(',');
  if (!header || header.map((cell) => cell.toLowerCase()).join(',') !== expected) {
    return { rows: [], problems: [{ field: 'csv', line: 1, message: `the first line must be the header ${expected}` }] };
  }
  if (body.length === 0) return { rows: [], problems: [{ field: 'csv', line: 2, message: 'has no rows after the header' }] };
  if (body.length > MAX_ROWS) {
    return { rows: [], problems: [{ field: 'csv', message: `has ${body.length} rows; import at most ${MAX_ROWS} at once` }] };
  }

  const rows: EnrollmentRow[] = [];
  const problems: FieldProblem[] = [];
  const firstLineOfEmail = new Map<string, number>();
  body.forEach(({ record: cells, info }) => {
    // The parser's own line count, so blank lines in between do not shift the numbers.
    const line = info.lines;
    const problem = (column: string, message: string) => problems.push({ field: 'csv', line, column, message });
    if (cells.length !== ENROLLMENT_CSV_COLUMNS.length) {
      problem('*', `has ${cells.length} columns; expected ${ENROLLMENT_CSV_COLUMNS.length}`);
      return;
    }
    const [name, rawEmail, rawMunicipality, rawDomain, rawRole] = cells;
    const before = problems.length;
    if (!name || name.length > 120) problem('name', 'must be 1 to 120 characters');
    const email = normalizeEmail(rawEmail);
    if (!isEmail(email) || email.length > 254) problem('email', `"${rawEmail}" is not an e-mail address`);
    else if (firstLineOfEmail.has(email)) problem('email', `${email} is already on line ${firstLineOfEmail.get(email)}`);
    else firstLineOfEmail.set(email, line);
    const role = rawRole.toUpperCase() as EnrollmentRole;
    if (!Object.values(EnrollmentRole).includes(role)) problem('role', `"${rawRole}" must be PARTICIPANT or COACH`);
    const municipalityCode = rawMunicipality ? rawMunicipality.toUpperCase() : null;
    if (municipalityCode && !(MUNICIPALITY_CODE.test(municipalityCode) && codes.municipalities.has(municipalityCode))) {
      problem('municipality_code', `"${rawMunicipality}" is not a CBS municipality code`);
    } else if (!municipalityCode && role === EnrollmentRole.PARTICIPANT) {
      problem('municipality_code', 'is required for a participant');
    }
    const domainCode = rawDomain ? rawDomain.toUpperCase() : null;
    if (domainCode && !(DOMAIN_CODE.test(domainCode) && codes.domains.has(domainCode))) {
      problem('domain_code', `"${rawDomain}" is not a business domain code`);
    } else if (!domainCode && role === EnrollmentRole.PARTICIPANT) {
      problem('domain_code', 'is required for a participant');
    }
    if (problems.length === before) rows.push({ line, name, email, municipalityCode, domainCode, role });
  });
  return { rows, problems };
}
