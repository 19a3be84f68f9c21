'use strict';
// Benchmarks the whole `npm run -s match` process (compiled code) on generated cohorts and runs
// the reach simulation. Prints markdown tables and writes them to bench/matching/out/.
// Usage: npm run -s bench:matching   (compiles first)   or   node bench/matching/run.js [--quick]
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { generateCohort } = require('./generate.js');
const reach = require('./reach.js');

const ROOT = path.join(__dirname, '..', '..');
const OUT = path.join(__dirname, 'out');
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const quick = process.argv.includes('--quick');
const REPEATS = quick ? 1 : 3;

const CASES = [
  { name: 'cohort-20', participants: 20, seed: 11 },
  { name: 'cohort-200', participants: 200, seed: 12 },
  { name: 'region-1000', participants: 1000, seed: 13 },
  { name: 'national-10000', participants: 10000, seed: 1 },
  { name: 'national-10000-skewed-domain', participants: 10000, seed: 2, dominantDomainShare: 0.6 },
  { name: 'national-10000-10-rounds-history', participants: 10000, seed: 3, historyRounds: 10 },
  { name: 'national-50000', participants: 50000, seed: 1 },
  { name: 'national-50000-skewed-domain', participants: 50000, seed: 2, dominantDomainShare: 0.6 },
];

function runOnce(file) {
  const timeFile = path.join(OUT, 'time.txt');
  const command = TIME ? TIME : 'npm';
  const args = TIME ? ['-f', '%e %M', '-o', timeFile, 'npm', 'run', '-s', 'match', '--', file, '--stats'] : ['run', '-s', 'match', '--', file, '--stats'];
  const started = process.hrtime.bigint();
  const child = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status !== 0 && child.status !== 3) throw new Error(`match failed (${child.status}): ${child.stderr}`);
  let peakRssMiB = null;
  if (TIME) {
    const [, rssKiB] = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ');
    peakRssMiB = Number(rssKiB) / 1024;
  }
  const statsLine = child.stderr.split('\n').find((line) => line.startsWith('{"solveMs"'));
  return { wallSeconds, peakRssMiB, result: JSON.parse(child.stdout), stats: statsLine ? JSON.parse(statsLine) : null };
}

function median(values) {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)];
}

function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const rows = [];
  for (const testCase of CASES) {
    const input = generateCohort(testCase);
    const file = path.join(OUT, `${testCase.name}.json`);
    fs.writeFileSync(file, JSON.stringify(input));
    const runs = [];
    for (let repeat = 0; repeat < REPEATS; repeat++) runs.push(runOnce(file));
    const last = runs[runs.length - 1];
    const municipalities = new Set(input.participants.map((person) => person.municipalityId)).size;
    const domains = new Set(input.participants.map((person) => person.domainId)).size;
    const row = {
      name: testCase.name,
      participants: input.participants.length,
      authors: input.authors.length,
      municipalities,
      domains,
      historyPairs: input.history.length,
      k: input.reviewsPerSubmission,
      wallSecondsMedian: Number(median(runs.map((run) => run.wallSeconds)).toFixed(2)),
      wallSecondsMax: Number(Math.max(...runs.map((run) => run.wallSeconds)).toFixed(2)),
      peakRssMiB: last.peakRssMiB === null ? null : Math.round(Math.max(...runs.map((run) => run.peakRssMiB))),
      solveMs: last.stats ? last.stats.solveMs : null,
      status: last.result.status,
      cost: last.result.cost,
      metrics: last.result.metrics,
      solver: last.stats ? last.stats.solver : null,
    };
    rows.push(row);
    console.error(`${row.name}: ${row.wallSecondsMedian}s, ${row.peakRssMiB} MiB, cost ${row.cost}`);
  }
  const reachResult = reach.simulate(1);

  const table = [
    `Machine: ${os.cpus().length} x ${os.cpus()[0].model.trim()}, Node ${process.version}; median of ${REPEATS} run(s) of the whole \`npm run -s match\` process (includes npm and Node start-up, JSON parse and print).`,
    '',
    '| case | participants | authors | municip. | history pairs | k | wall s (median / max) | peak RSS MiB | in-process solve ms | cost | same-domain / repeated / municipality-met pairs | load min-max | arcs (sparse) | pricing rounds |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (row) =>
        `| ${row.name} | ${row.participants} | ${row.authors} | ${row.municipalities} | ${row.historyPairs} | ${row.k} | ${row.wallSecondsMedian} / ${row.wallSecondsMax} | ${row.peakRssMiB ?? 'n/a'} | ${row.solveMs ?? 'n/a'} | ${row.cost} | ${row.metrics.sameDomainPairs} / ${row.metrics.repeatedPairs} / ${row.metrics.repeatedMunicipalityPairs} | ${row.metrics.reviewerLoad.min}-${row.metrics.reviewerLoad.max} | ${row.solver ? `${row.solver.arcs} (${row.solver.strategy})` : ''} | ${row.solver ? row.solver.pricingRounds : ''} |`,
    ),
    '',
    '### Reach simulation',
    '',
    reach.toMarkdown(reachResult),
  ].join('\n');
  fs.writeFileSync(path.join(OUT, 'results.md'), `${table}\n`);
  fs.writeFileSync(path.join(OUT, 'results.json'), JSON.stringify({ rows, reach: reachResult }, null, 2));
  console.log(table);
}

main();
