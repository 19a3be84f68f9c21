'use strict';
// Reach simulation: a 24-person cohort from 12 municipalities does 6 assignments with k = 2.
// Each round's pairs are fed back as history. We count, per participant, how many distinct
// municipalities, domains and people they exchanged a review with, for the engine versus a
// random valid allocation (same hard rules, no soft costs).
const path = require('node:path');
const { createRandom } = require('./generate.js');

const LIB = path.join(__dirname, '..', '..', 'dist', 'libs', 'matching', 'src', 'index.js');
const MUNICIPALITIES = ['GM0363', 'GM0599', 'GM0518', 'GM0344', 'GM0772', 'GM0014', 'GM0855', 'GM0034', 'GM0758', 'GM0268', 'GM0294', 'GM0193'];
const DOMAINS = ['BES', 'MGT', 'DV', 'BZ', 'SD', 'RO'];
const ROUNDS = 6;
const K = 2;

function cohort(seed) {
  const random = createRandom(seed);
  // Two people per municipality; domains dealt from a shuffled deck so each domain has 4 people.
  const domains = random.shuffle(DOMAINS.flatMap((domain) => [domain, domain, domain, domain]));
  return MUNICIPALITIES.flatMap((municipalityId, municipality) =>
    [0, 1].map((slot) => ({ id: `p${municipality * 2 + slot + 1}`, municipalityId, domainId: domains[municipality * 2 + slot] })),
  );
}

/** A uniformly shuffled greedy allocation that satisfies every hard rule (restarts when stuck). */
function randomAllocation(participants, random) {
  for (;;) {
    const load = new Map(participants.map((person) => [person.id, 0]));
    const pairs = [];
    let stuck = false;
    for (const author of random.shuffle([...participants])) {
      const options = random.shuffle(
        participants.filter((reviewer) => reviewer.municipalityId !== author.municipalityId && load.get(reviewer.id) < K),
      );
      if (options.length < K) {
        stuck = true;
        break;
      }
      // Prefer the least loaded reviewers so the last authors do not run out.
      options.sort((left, right) => load.get(left.id) - load.get(right.id));
      for (const reviewer of options.slice(0, K)) {
        load.set(reviewer.id, load.get(reviewer.id) + 1);
        pairs.push([reviewer.id, author.id]);
      }
    }
    if (!stuck) return pairs;
  }
}

function reachOf(participants, history) {
  const byId = new Map(participants.map((person) => [person.id, person]));
  const contacts = new Map(participants.map((person) => [person.id, new Set()]));
  for (const [reviewer, author] of history) {
    contacts.get(reviewer).add(author);
    contacts.get(author).add(reviewer);
  }
  const summary = (values) => ({
    min: Math.min(...values),
    mean: Number((values.reduce((sum, value) => sum + value, 0) / values.length).toFixed(2)),
    max: Math.max(...values),
  });
  const municipalities = [];
  const domains = [];
  const people = [];
  for (const person of participants) {
    const met = [...contacts.get(person.id)].map((id) => byId.get(id));
    municipalities.push(new Set(met.map((other) => other.municipalityId)).size);
    domains.push(new Set(met.filter((other) => other.domainId !== person.domainId).map((other) => other.domainId)).size);
    people.push(met.length);
  }
  let repeated = 0;
  let sameDomain = 0;
  const seen = new Set();
  for (const [reviewer, author] of history) {
    const key = [reviewer, author].sort().join('|');
    if (seen.has(key)) repeated++;
    seen.add(key);
    if (byId.get(reviewer).domainId === byId.get(author).domainId) sameDomain++;
  }
  return { municipalities: summary(municipalities), domains: summary(domains), people: summary(people), repeatedPairs: repeated, sameDomainPairs: sameDomain };
}

function simulate(seed = 1) {
  const { assignReviewers } = require(LIB);
  const participants = cohort(seed);
  const engineHistory = [];
  const roundCosts = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const result = assignReviewers({
      reviewsPerSubmission: K,
      participants,
      history: engineHistory.map(([reviewer, author, label]) => [reviewer, author, label]),
      seed: seed * 100 + round,
    });
    if (result.status !== 'ok') throw new Error(`round ${round} infeasible`);
    roundCosts.push(result.cost);
    for (const pair of result.pairs) engineHistory.push([pair.reviewerId, pair.authorId, `round ${round}`]);
  }
  const engine = reachOf(participants, engineHistory);

  // Random baseline: averaged over 50 independent simulations.
  const trials = 50;
  const random = createRandom(seed + 7);
  const totals = { municipalities: { min: 0, mean: 0, max: 0 }, domains: { min: 0, mean: 0, max: 0 }, people: { min: 0, mean: 0, max: 0 }, repeatedPairs: 0, sameDomainPairs: 0 };
  for (let trial = 0; trial < trials; trial++) {
    const history = [];
    for (let round = 1; round <= ROUNDS; round++) history.push(...randomAllocation(participants, random));
    const reach = reachOf(participants, history);
    for (const key of ['municipalities', 'domains', 'people']) {
      for (const stat of ['min', 'mean', 'max']) totals[key][stat] += reach[key][stat] / trials;
    }
    totals.repeatedPairs += reach.repeatedPairs / trials;
    totals.sameDomainPairs += reach.sameDomainPairs / trials;
  }
  const round2 = (value) => Number(value.toFixed(2));
  for (const key of ['municipalities', 'domains', 'people']) {
    for (const stat of ['min', 'mean', 'max']) totals[key][stat] = round2(totals[key][stat]);
  }
  totals.repeatedPairs = round2(totals.repeatedPairs);
  totals.sameDomainPairs = round2(totals.sameDomainPairs);
  return { participants: participants.length, municipalities: MUNICIPALITIES.length, domains: DOMAINS.length, rounds: ROUNDS, k: K, engine, randomBaseline: totals, engineRoundCosts: roundCosts };
}

// Domains count only domains other than the participant's own (at most 5): the engine avoids
// same-domain pairs on purpose, so counting the own domain would hide what it gains.
function toMarkdown(result) {
  return [
    `Cohort of ${result.participants} people from ${result.municipalities} municipalities (2 each), ${result.domains} domains (4 each), ${result.rounds} assignments, k = ${result.k}; each round's pairs become history.`,
    '',
    '| distinct contacts per participant (min / mean / max) | engine | random valid allocation (mean of 50 runs) |',
    '|---|---|---|',
    ...['municipalities', 'domains', 'people'].map(
      (key) =>
        `| ${key === 'domains' ? 'other domains' : key === 'municipalities' ? 'other municipalities' : 'people'} | ${result.engine[key].min} / ${result.engine[key].mean} / ${result.engine[key].max} | ${result.randomBaseline[key].min} / ${result.randomBaseline[key].mean} / ${result.randomBaseline[key].max} |`,
    ),
    `| repeated pairs over 6 rounds (total) | ${result.engine.repeatedPairs} | ${result.randomBaseline.repeatedPairs} |`,
    `| same-domain pairs over 6 rounds (total) | ${result.engine.sameDomainPairs} | ${result.randomBaseline.sameDomainPairs} |`,
    '',
    `Engine cost per round: ${result.engineRoundCosts.join(', ')}.`,
  ].join('\n');
}

module.exports = { simulate, toMarkdown };

if (require.main === module) {
  const result = simulate(Number(process.argv[2] ?? 1));
  console.log(JSON.stringify(result, null, 2));
  console.log(toMarkdown(result));
}
