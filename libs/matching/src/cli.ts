import { readFileSync } from 'node:fs';
import { assignReviewers, lastSolverStats } from './assign';
import { MatchingInputError } from './errors';

const EXIT_OK = 0;
const EXIT_INTERNAL = 1;
const EXIT_INVALID = 2;
const EXIT_INFEASIBLE = 3;

const USAGE = 'usage: npm run -s match -- INPUT.json [--pretty] [--stats]   (INPUT "-" reads stdin)';

function main(argv: string[]): number {
  const flags = new Set(argv.filter((argument) => argument.startsWith('--')));
  const files = argv.filter((argument) => !argument.startsWith('--'));
  const unknownFlags = [...flags].filter((flag) => flag !== '--pretty' && flag !== '--stats');
  if (files.length !== 1 || unknownFlags.length > 0) {
    process.stderr.write(`${USAGE}\n`);
    return EXIT_INVALID;
  }
  let text: string;
  try {
    text = readFileSync(files[0] === '-' ? 0 : files[0], 'utf8');
  } catch (error) {
    process.stderr.write(`cannot read ${files[0]}: ${(error as Error).message}\n`);
    return EXIT_INVALID;
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    process.stderr.write(`invalid input: not valid JSON (${(error as Error).message})\n`);
    return EXIT_INVALID;
  }
  const started = process.hrtime.bigint();
  try {
    const result = assignReviewers(input as Parameters<typeof assignReviewers>[0]);
    process.stdout.write(`${JSON.stringify(result, null, flags.has('--pretty') ? 2 : undefined)}\n`);
    if (flags.has('--stats')) {
      const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
      process.stderr.write(`${JSON.stringify({ solveMs: Math.round(elapsedMs), solver: lastSolverStats() ?? null })}\n`);
    }
    return result.status === 'ok' ? EXIT_OK : EXIT_INFEASIBLE;
  } catch (error) {
    if (error instanceof MatchingInputError) {
      process.stderr.write(`invalid input (${error.code} at ${error.field}): ${error.message}\n`);
      return EXIT_INVALID;
    }
    process.stderr.write(`internal error: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT_INTERNAL;
  }
}

// Setting exitCode instead of calling process.exit lets a large stdout write finish on a pipe.
process.exitCode = main(process.argv.slice(2));
