import readXlsxFile from 'read-excel-file/node';
import { FORMULA_NAMES, sampleReport } from '../../test/support/sample-report';
import { unzip } from '../../test/support/zip';
import { REPORT_TABLES, reportTable } from './report-tables';
import { reportXlsx, xlsxFileName, xlsxSheetName } from './report-xlsx';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Days from Excel's 1900 epoch (with its leap-year quirk) to 1970-01-01. */
const UNIX_EPOCH_SERIAL = 25569;

const unescapeXml = (text: string) =>
  text.replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name]!);

/** The workbook's parts as text: sheets by sheet name (in order), shared strings, styles. */
async function parts() {
  const report = sampleReport();
  const bytes = await reportXlsx(report);
  const files = unzip(bytes);
  const text = (name: string) => {
    const file = files.get(name);
    if (!file) throw new Error(`no ${name} in the workbook; it has ${[...files.keys()].join(', ')}`);
    return file.toString('utf8');
  };
  const sheetNames = [...text('xl/workbook.xml').matchAll(/<sheet [^>]*name="([^"]*)"/g)].map((match) => unescapeXml(match[1]));
  const sheets = new Map(sheetNames.map((name, index) => [name, text(`xl/worksheets/sheet${index + 1}.xml`)]));
  const sharedStrings = [...text('xl/sharedStrings.xml').matchAll(/<si><t(?: xml:space="preserve")?>([\s\S]*?)<\/t><\/si>/g)].map((match) =>
    unescapeXml(match[1]),
  );
  return { report, bytes, files, sheetNames, sheets, sharedStrings, styles: text('xl/styles.xml') };
}

/** `<c r="A2" ...>...</c>` of one cell, or undefined for an empty one. */
const cellXml = (sheet: string, ref: string) => sheet.match(new RegExp(`<c r="${ref}"[^>]*?(?:/>|>[\\s\\S]*?</c>)`))?.[0];

describe('reportXlsx', () => {
  it('is a ZIP package with one sheet per table, named within Excel’s rules', async () => {
    const { bytes, files, sheetNames } = await parts();
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));
    expect(files.has('[Content_Types].xml')).toBe(true);
    expect(sheetNames).toEqual([...REPORT_TABLES]);
    for (const table of REPORT_TABLES) {
      expect(xlsxSheetName(table)).toMatch(/^[^[\]:*?/\\]{1,31}$/);
    }
  });

  it('writes formula-like text as shared strings, never as formulas, and keeps it intact', async () => {
    const { sheets, sharedStrings } = await parts();
    for (const [name, xml] of sheets) {
      if (/<f[\s>/]/.test(xml)) throw new Error(`sheet ${name} has a formula`);
      expect(xml).not.toContain('t="str"');
      expect(xml).not.toContain('t="inlineStr"');
    }
    for (const name of FORMULA_NAMES) expect(sharedStrings).toContain(name);
    // The participants' names are column A from row 2 on, each a string cell pointing at its exact text.
    const participants = sheets.get('participants')!;
    sampleReport().participants.forEach((participant, index) => {
      const cell = cellXml(participants, `A${index + 2}`)!;
      const match = cell.match(/^<c r="A\d+"(?: s="\d+")? t="s"><v>(\d+)<\/v><\/c>$/);
      if (!match) throw new Error(`A${index + 2} is not a shared-string cell: ${cell}`);
      expect(sharedStrings[Number(match[1])]).toBe(participant.name);
    });
    expect(sharedStrings[Number(cellXml(sheets.get('assignments')!, 'B2')!.match(/<v>(\d+)<\/v>/)![1])]).toBe('=HYPERLINK("x")');
  });

  it('makes the header row bold and frozen', async () => {
    const { sheets, styles } = await parts();
    const fonts = [...styles.match(/<fonts[^>]*>([\s\S]*?)<\/fonts>/)![1].matchAll(/<font>([\s\S]*?)<\/font>/g)].map((match) => match[1]);
    const formats = [...styles.match(/<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/)![1].matchAll(/<xf ?([^>]*)>/g)].map((match) => match[1]);
    const bold = (styleId: number) => {
      const fontId = formats[styleId].match(/fontId="(\d+)"/)?.[1] ?? '0';
      return fonts[Number(fontId)].includes('<b/>');
    };
    for (const [name, xml] of sheets) {
      expect(xml).toMatch(/<pane [^>]*ySplit="1"[^>]*topLeftCell="A2"[^>]*state="frozen"/);
      const header = xml.match(/<row r="1"[^>]*>([\s\S]*?)<\/row>/)![1];
      const styleIds = [...header.matchAll(/<c r="[A-Z]+1" s="(\d+)"/g)].map((match) => Number(match[1]));
      expect(styleIds).toHaveLength(reportTable(sampleReport(), name as (typeof REPORT_TABLES)[number]).header.length);
      expect(styleIds.every(bold)).toBe(true);
      const body = xml.match(/<row r="2"[^>]*>([\s\S]*?)<\/row>/)![1];
      expect([...body.matchAll(/ s="(\d+)"/g)].some((match) => bold(Number(match[1])))).toBe(false);
    }
  });

  it('writes instants as date serials with a date format, fractions as numbers with two decimals shown', async () => {
    const { report, sheets, styles } = await parts();
    const numberFormats = new Map([...styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"\/>/g)].map((match) => [match[1], match[2]]));
    const formats = [...styles.match(/<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/)![1].matchAll(/<xf ?([^>]*)>/g)].map((match) => match[1]);
    const formatOf = (cell: string) => numberFormats.get(formats[Number(cell.match(/ s="(\d+)"/)![1])].match(/numFmtId="(\d+)"/)![1]);
    const assignments = sheets.get('assignments')!;
    const due = cellXml(assignments, 'C2')!;
    expect(due).not.toContain(' t=');
    expect(Number(due.match(/<v>([^<]+)<\/v>/)![1])).toBe(report.assignments[0].dueAt.getTime() / DAY_MS + UNIX_EPOCH_SERIAL);
    expect(formatOf(due)).toBe('yyyy-mm-dd hh:mm');
    const mean = cellXml(assignments, 'P2')!;
    expect(Number(mean.match(/<v>([^<]+)<\/v>/)![1])).toBe(11 / 3);
    expect(formatOf(mean)).toBe('0.00');
    expect(cellXml(assignments, 'F2')).toBe('<c r="F2"><v>3</v></c>');
    expect(cellXml(sheets.get('participants')!, 'P2')).toBe('<c r="P2" t="b"><v>1</v></c>');
    // A criterion without scores has no mean: an empty cell, not 0 or "null".
    expect(cellXml(sheets.get('rubric')!, 'H3')).toBeUndefined();
  });

  it('reads back as the same tables: text, numbers, dates and booleans typed, blanks for null', async () => {
    const { report, bytes } = await parts();
    const workbook = await readXlsxFile(bytes, { trim: false });
    expect(workbook.map((sheet) => sheet.sheet)).toEqual([...REPORT_TABLES]);
    for (const [index, table] of REPORT_TABLES.entries()) {
      const { header, rows } = reportTable(report, table);
      const [readHeader, ...readRows] = workbook[index].data;
      expect(readHeader).toEqual(header);
      expect(readRows).toHaveLength(rows.length);
      rows.forEach((row, r) =>
        row.forEach((value, c) => {
          const read = readRows[r][c] as unknown;
          if (value instanceof Date) {
            // A serial is a float: a reader may land a fraction of a millisecond off.
            expect(read).toBeInstanceOf(Date);
            expect(Math.abs((read as Date).getTime() - value.getTime())).toBeLessThanOrEqual(1);
          } else {
            // An empty text (no at-risk reasons) is an empty cell, like null.
            expect(read).toEqual(value === '' ? null : value);
          }
        }),
      );
    }
  });

  it('sets every column to a readable width', async () => {
    const { sheets } = await parts();
    for (const xml of sheets.values()) {
      const widths = [...xml.matchAll(/<col [^>]*width="([\d.]+)"/g)].map((match) => Number(match[1]));
      expect(widths.length).toBeGreaterThan(0);
      expect(widths.every((width) => width >= 6 && width <= 50)).toBe(true);
    }
    // The participants' names column fits "=cmd|' /C calc'!A0" and the "name" header.
    const name = sheets.get('participants')!.match(/<col min="1" max="1" width="([\d.]+)"/)![1];
    expect(Number(name)).toBeGreaterThanOrEqual(`=cmd|' /C calc'!A0`.length);
  });

  it('leaves a cell empty rather than write a number Excel cannot open', async () => {
    const report = sampleReport();
    report.assignments[0].helpfulnessMean = Number.NaN;
    report.assignments[0].rubric[0].mean = Number.POSITIVE_INFINITY;
    const files = unzip(await reportXlsx(report));
    expect(files.get('xl/worksheets/sheet1.xml')!.toString()).not.toMatch(/NaN|Infinity/);
    expect(files.get('xl/worksheets/sheet3.xml')!.toString()).not.toMatch(/NaN|Infinity/);
  });
});

describe('xlsxFileName', () => {
  it('is academy-<slug>.xlsx', () => {
    expect(xlsxFileName('Voorjaar 2026: Data & "Privacy"')).toBe('academy-voorjaar-2026-data-privacy.xlsx');
    expect(xlsxFileName('/..')).toBe('academy-cohort.xlsx');
  });
});
