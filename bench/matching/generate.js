'use strict';
// Deterministic synthetic cohorts for the matching benchmarks: real CBS municipality codes and the
// academy's business domains, a skewed municipality-size distribution (a few large cities, many
// small municipalities) and earlier rounds of review history.
const fs = require('node:fs');
const path = require('node:path');

const REFERENCE = path.join(__dirname, '..', '..', 'data', 'reference');
// The largest municipalities first, so that they receive the heaviest weights.
const LARGEST = ['GM0363', 'GM0599', 'GM0518', 'GM0344', 'GM0772', 'GM0014', 'GM0855', 'GM0034', 'GM0758', 'GM0268'];

function parseCsv(text) {
  const rows = [];
  for (const line of text.split('\n')) {
    if (line.length === 0) continue;
    const fields = [];
    let field = '';
    let quoted = false;
    for (let index = 0; index < line.length; index++) {
      const char = line[index];
      if (quoted) {
        if (char === '"' && line[index + 1] === '"') {
          field += '"';
          index++;
        } else if (char === '"') quoted = false;
        else field += char;
      } else if (char === '"') quoted = true;
      else if (char === ',') {
        fields.push(field);
        field = '';
      } else field += char;
    }
    fields.push(field);
    rows.push(fields);
  }
  return rows.slice(1);
}

function loadReference() {
  const municipalities = parseCsv(fs.readFileSync(path.join(REFERENCE, 'municipalities-nl.csv'), 'utf8')).map(([code, name]) => ({ code, name }));
  const domains = parseCsv(fs.readFileSync(path.join(REFERENCE, 'business-domains-nl.csv'), 'utf8')).map(([code]) => code);
  return { municipalities, domains: domains.slice(0, 12) };
}

/** xorshift32 with a splitmix-style seed scramble; deterministic across platforms. */
function createRandom(seed) {
  let state = (Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) >>> 0) || 1;
  const nextUint = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  const next = () => nextUint() / 4294967296;
  const int = (bound) => Math.floor(next() * bound);
  const shuffle = (items) => {
    for (let index = items.length - 1; index > 0; index--) {
      const other = int(index + 1);
      [items[index], items[other]] = [items[other], items[index]];
    }
    return items;
  };
  return { next, int, shuffle };
}

/** Cumulative weights -> sampler by binary search. */
function weightedSampler(weights, random) {
  const cumulative = [];
  let total = 0;
  for (const weight of weights) cumulative.push((total += weight));
  return () => {
    const target = random.next() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle] > target) high = middle;
      else low = middle + 1;
    }
    return low;
  };
}

/**
 * @param {object} options
 * @param {number} options.participants
 * @param {number} [options.seed]
 * @param {number} [options.k] reviews per submission (default 3)
 * @param {number} [options.historyRounds] earlier rounds (default 3)
 * @param {number} [options.authorShare] share of participants who submitted (default 0.92)
 * @param {number} [options.dominantDomainShare] if set, one domain holds this share of everyone
 * @param {number} [options.municipalityExponent] Zipf exponent of municipality sizes (default 0.7)
 */
function generateCohort(options) {
  const {
    participants: count,
    seed = 1,
    k = 3,
    historyRounds = 3,
    authorShare = 0.92,
    dominantDomainShare,
    municipalityExponent = 0.7,
  } = options;
  const random = createRandom(seed);
  const { municipalities, domains } = loadReference();
  const byCode = new Map(municipalities.map((municipality) => [municipality.code, municipality]));
  const rest = random.shuffle(municipalities.filter((municipality) => !LARGEST.includes(municipality.code)));
  const ranked = [...LARGEST.map((code) => byCode.get(code)), ...rest];
  // Participants per municipality follow a Zipf law in rank: Amsterdam sends most, the smallest
  // municipalities one or two people, if any.
  const pickMunicipality = weightedSampler(ranked.map((_, rank) => 1 / (rank + 1) ** municipalityExponent), random);
  const domainWeights = domains.map((_, rank) => 1 / (rank + 1) ** 0.6);
  if (dominantDomainShare !== undefined) {
    const others = domainWeights.slice(1).reduce((sum, weight) => sum + weight, 0);
    domainWeights[0] = (others * dominantDomainShare) / (1 - dominantDomainShare);
  }
  const pickDomain = weightedSampler(domainWeights, random);

  const people = [];
  for (let index = 0; index < count; index++) {
    const municipality = ranked[pickMunicipality()];
    people.push({ id: `u${index + 1}`, municipalityId: municipality.code, domainId: domains[pickDomain()] });
  }
  const municipalityNames = {};
  for (const person of people) municipalityNames[person.municipalityId] = byCode.get(person.municipalityId).name;

  // Earlier rounds: everyone reviewed k others along a random cyclic order, skipping pairs within
  // one municipality (as the real rounds did).
  const history = [];
  for (let round = 0; round < historyRounds; round++) {
    const order = random.shuffle(people.map((_, index) => index));
    for (let position = 0; position < count; position++) {
      for (let step = 1; step <= k; step++) {
        const reviewer = people[order[position]];
        const author = people[order[(position + step * 7) % count]];
        if (reviewer === author || reviewer.municipalityId === author.municipalityId) continue;
        history.push([reviewer.id, author.id]);
      }
    }
  }
  const authors = people.filter(() => random.next() < authorShare).map((person) => person.id);
  return {
    reviewsPerSubmission: k,
    participants: people,
    authors,
    history,
    municipalityNames,
    seed,
  };
}

module.exports = { generateCohort, createRandom, loadReference };

if (require.main === module) {
  const [participants = '200', seed = '1'] = process.argv.slice(2);
  process.stdout.write(JSON.stringify(generateCohort({ participants: Number(participants), seed: Number(seed) })));
}
