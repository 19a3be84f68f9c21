import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..', '..');
const cli = join(root, 'dist', 'libs', 'matching', 'src', 'cli.js');
let workDir: string;

function writeInput(name: string, content: unknown): string {
  const file = join(workDir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function run(file: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, file], { cwd: root, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const participants = [
  { id: 'p1', municipalityId: 'GM0294', domainId: 'IM' },
  { id: 'p2', municipalityId: 'GM0294', domainId: 'SD' },
  { id: 'p3', municipalityId: 'GM0363', domainId: 'IM' },
  { id: 'p4', municipalityId: 'GM0363', domainId: 'RO' },
  { id: 'p5', municipalityId: 'GM0599', domainId: 'SD' },
  { id: 'p6', municipalityId: 'GM0599', domainId: 'RO' },
];

beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'libs/matching/tsconfig.lib.json'], { cwd: root });
  workDir = mkdtempSync(join(tmpdir(), 'matching-cli-'));
}, 60_000);

describe('match CLI', () => {
  it('exits 0 with the pairing JSON', () => {
    const { status, stdout } = run(writeInput('ok.json', { reviewsPerSubmission: 2, participants, history: [['p1', 'p3']], seed: 4 }));
    expect(status).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ status: 'ok', cost: expect.any(Number) });
    expect(result.pairs).toHaveLength(12);
    expect(Object.keys(result.pairs[0]).sort()).toEqual(['authorId', 'reviewerId']);
    expect(result.metrics).toEqual({
      sameDomainPairs: expect.any(Number),
      repeatedPairs: expect.any(Number),
      repeatedMunicipalityPairs: expect.any(Number),
      reviewerLoad: { min: 2, max: 2 },
    });
  });

  it('runs through npm run -s match', () => {
    const file = writeInput('npm.json', { reviewsPerSubmission: 1, participants });
    const result = spawnSync('npm', ['run', '-s', 'match', '--', file], { cwd: root, encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).status).toBe('ok');
  });

  it('exits 3 with reasons and the largest feasible k when infeasible', () => {
    const { status, stdout } = run(writeInput('infeasible.json', { reviewsPerSubmission: 5, participants }));
    expect(status).toBe(3);
    const result = JSON.parse(stdout);
    expect(result.status).toBe('infeasible');
    expect(result.reasons[0]).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
    expect(result.maxFeasibleReviewsPerSubmission).toBe(4);
  });

  it.each([
    ['unknown id', { reviewsPerSubmission: 1, participants, authors: ['p9'] }, /unknown participant id "p9"/],
    ['duplicate id', { reviewsPerSubmission: 1, participants: [...participants, participants[0]] }, /occurs more than once/],
    ['k < 1', { reviewsPerSubmission: 0, participants }, /reviewsPerSubmission/],
    ['pinned within one municipality', { reviewsPerSubmission: 1, participants, pinned: [['p1', 'p2']] }, /different municipalities/],
    ['not JSON', '{ nope', /not valid JSON/],
  ])('exits 2 on invalid input: %s', (_name, content, message) => {
    const { status, stdout, stderr } = run(writeInput('invalid.json', content));
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });

  it('exits 2 with usage when no file is given', () => {
    const result = spawnSync(process.execPath, [cli], { cwd: root, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/usage/);
  });
});
