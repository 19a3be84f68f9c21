import { FlowNetwork } from './flow-network';
import { type Instance, pairCost } from './instance';
import { SeededRandom } from './random';
import type { SolverOptions, SolverStats } from './types';

// Pairs below this count (authors x reviewers) are solved with every allowed arc present.
const DENSE_PAIR_LIMIT = 250_000;
const DEFAULT_EXTRA_CANDIDATES = 4;
const NEW_ARCS_PER_REVIEWER_PER_ROUND = 3;
// Authors with a low potential look attractive to every reviewer at once; capping the new arcs per
// author and round keeps one round from saturating thousands of arcs into the same few authors.
const NEW_ARCS_PER_AUTHOR_PER_ROUND = 2;
const FEASIBILITY_ARCS_PER_AUTHOR = 2;
const FEASIBILITY_SCAN_PER_AUTHOR = 64;
const FEASIBILITY_ARCS_PER_ROUND = 1000;

// A transportation problem over the instance: authors need `demand` more reviews, reviewers take
// between `lower` and `upper` more (all indexed by participant), pairs in `fixedKeys` are already
// placed and may not be added again.
export interface TransportSpec {
  instance: Instance;
  demand: Int32Array;
  lower: Int32Array;
  upper: Int32Array;
  fixedKeys: Set<number>;
  // Feasibility only: every pair costs 0 and no pricing for cost is done.
  costless: boolean;
  options?: SolverOptions;
}

export type TransportOutcome =
  | { kind: 'optimal'; pairs: Array<[reviewer: number, author: number]>; cost: number; stats: SolverStats }
  | {
      kind: 'blocked';
      // Authors from which the missing flow could not get out.
      reachedAuthors: number[];
      // Reviewers the remaining flow could not get to.
      unreachedReviewers: number[];
      // True when the cut is on the reviewers' side (their minimum load cannot be met).
      sinkReached: boolean;
      stats: SolverStats;
    };

// Solves the transportation problem exactly as a min-cost flow
//   author (supply = demand) -> reviewer (cap 1, cost = pair cost) -> reviewer demand `lower`,
//   reviewer -> t (cap upper - lower), t demand = total - sum(lower),
// by column generation: the network holds a candidate subset of the allowed pairs, and after each
// balance every other allowed pair is priced against the node potentials. A pair with negative
// reduced cost is added (and saturated); when none is left the potentials are a dual certificate
// that the flow is optimal over all pairs. When flow gets stuck, pairs leaving the stuck region are
// added; if there are none the region is a cut proving infeasibility.
export function solveTransport(spec: TransportSpec): TransportOutcome {
  const { instance, demand, lower, upper, fixedKeys, costless } = spec;
  const options = spec.options ?? {};
  const random = new SeededRandom(instance.seed);

  const authorParticipants = Array.from(instance.authors).filter((author) => demand[author] > 0);
  const reviewerParticipants = Array.from(instance.reviewers);
  random.shuffle(authorParticipants);
  random.shuffle(reviewerParticipants);
  const authorCount = authorParticipants.length;
  const reviewerCount = reviewerParticipants.length;
  const sink = authorCount + reviewerCount;
  const nodeParticipant = new Int32Array(sink);
  authorParticipants.forEach((participant, node) => (nodeParticipant[node] = participant));
  reviewerParticipants.forEach((participant, position) => (nodeParticipant[authorCount + position] = participant));

  const pairLimit = authorCount * reviewerCount;
  const dense =
    options.strategy === 'dense' || (options.strategy !== 'sparse' && pairLimit <= DENSE_PAIR_LIMIT);
  const extraCandidates = Math.max(0, options.extraCandidatesPerReviewer ?? DEFAULT_EXTRA_CANDIDATES);

  let maxUpper = 0;
  for (const reviewer of reviewerParticipants) maxUpper = Math.max(maxUpper, upper[reviewer]);
  const expectedArcs = dense ? pairLimit + reviewerCount : reviewerCount * (maxUpper + extraCandidates + 4) + authorCount * 4;
  const network = new FlowNetwork(sink + 1, expectedArcs);

  let totalDemand = 0;
  for (let node = 0; node < authorCount; node++) {
    network.excess[node] = demand[nodeParticipant[node]];
    totalDemand += demand[nodeParticipant[node]];
  }
  let totalLower = 0;
  for (let position = 0; position < reviewerCount; position++) {
    const node = authorCount + position;
    const reviewer = nodeParticipant[node];
    network.excess[node] = -lower[reviewer];
    totalLower += lower[reviewer];
    if (upper[reviewer] > lower[reviewer]) network.addArc(node, sink, upper[reviewer] - lower[reviewer], 0);
  }
  network.excess[sink] = -(totalDemand - totalLower);

  const pairArcs: number[] = [];
  const authorDegree = new Int32Array(authorCount);
  const costOf = (reviewer: number, author: number): number =>
    costless ? 0 : pairCost(instance, reviewer, author);
  const blocked = blockedRows(instance, fixedKeys);
  const municipalityOf = instance.municipalityOf;
  const usable = (reviewer: number, author: number): boolean => {
    if (municipalityOf[reviewer] === municipalityOf[author]) return false;
    const from = blocked.offsets[reviewer];
    const to = blocked.offsets[reviewer + 1];
    for (let index = from; index < to; index++) if (blocked.authors[index] === author) return false;
    return true;
  };
  const addPairArc = (authorNode: number, reviewerNode: number, cost: number): void => {
    const arc = network.addArc(authorNode, reviewerNode, 1, cost);
    pairArcs.push(arc);
    authorDegree[authorNode]++;
    if (network.reducedCost(arc) < 0) network.saturateUnit(arc);
  };

  // Stamps mark "already adjacent" without clearing an array per node.
  const adjacencyStamp = new Int32Array(sink + 1);
  let stampValue = 0;
  const markNeighbours = (node: number): number => {
    stampValue++;
    for (let arc = network.firstArc[node]; arc !== -1; arc = network.nextArc[arc]) {
      adjacencyStamp[network.arcHead[arc]] = stampValue;
    }
    return stampValue;
  };

  if (dense) {
    for (let position = 0; position < reviewerCount; position++) {
      const reviewerNode = authorCount + position;
      const reviewer = nodeParticipant[reviewerNode];
      for (let authorNode = 0; authorNode < authorCount; authorNode++) {
        const author = nodeParticipant[authorNode];
        if (usable(reviewer, author)) addPairArc(authorNode, reviewerNode, costOf(reviewer, author));
      }
    }
  } else if (authorCount > 0) {
    sampleCandidates();
  }

  function sampleCandidates(): void {
    const capacity = 3 * (maxUpper + extraCandidates) + 16;
    let sampledCost = new Float64Array(capacity);
    let sampledNode = new Int32Array(capacity);
    let sampledCount = 0;
    // Insertion keeps the sample ordered by cost; samples are a few dozen at most.
    const keep = (cost: number, node: number): void => {
      if (sampledCount === sampledCost.length) {
        const wider = new Float64Array(sampledCount * 2);
        wider.set(sampledCost);
        sampledCost = wider;
        const widerNodes = new Int32Array(sampledCount * 2);
        widerNodes.set(sampledNode);
        sampledNode = widerNodes;
      }
      let position = sampledCount++;
      while (position > 0 && sampledCost[position - 1] > cost) {
        sampledCost[position] = sampledCost[position - 1];
        sampledNode[position] = sampledNode[position - 1];
        position--;
      }
      sampledCost[position] = cost;
      sampledNode[position] = node;
    };
    // The cheapest half of the wanted arcs plus a uniform pick from the rest of the sample: when a
    // whole group must take costlier pairs (a dominant domain), those pairs are then present too.
    const takeSample = (wanted: number, take: (index: number) => void): void => {
      const cheapest = Math.min(sampledCount, Math.ceil(wanted / 2));
      for (let index = 0; index < cheapest; index++) take(index);
      let remaining = Math.min(wanted, sampledCount) - cheapest;
      for (let index = cheapest; index < sampledCount && remaining > 0; index++) {
        if (random.nextInt(sampledCount - index) < remaining) {
          take(index);
          remaining--;
        }
      }
    };
    for (let position = 0; position < reviewerCount; position++) {
      const reviewerNode = authorCount + position;
      const reviewer = nodeParticipant[reviewerNode];
      const wanted = upper[reviewer] + extraCandidates;
      const stamp = ++stampValue;
      sampledCount = 0;
      for (let attempt = 0; attempt < 3 * wanted + 8; attempt++) {
        const authorNode = random.nextInt(authorCount);
        if (adjacencyStamp[authorNode] === stamp) continue;
        const author = nodeParticipant[authorNode];
        if (!usable(reviewer, author)) continue;
        adjacencyStamp[authorNode] = stamp;
        keep(costOf(reviewer, author), authorNode);
      }
      takeSample(wanted, (index) => addPairArc(sampledNode[index], reviewerNode, sampledCost[index]));
    }
    for (let authorNode = 0; authorNode < authorCount; authorNode++) {
      const author = nodeParticipant[authorNode];
      const wanted = demand[author] + 2 - authorDegree[authorNode];
      if (wanted <= 0 || reviewerCount === 0) continue;
      const stamp = markNeighbours(authorNode);
      sampledCount = 0;
      for (let attempt = 0; attempt < 3 * wanted + 8; attempt++) {
        const reviewerNode = authorCount + random.nextInt(reviewerCount);
        if (adjacencyStamp[reviewerNode] === stamp) continue;
        const reviewer = nodeParticipant[reviewerNode];
        if (!usable(reviewer, author)) continue;
        adjacencyStamp[reviewerNode] = stamp;
        keep(costOf(reviewer, author), reviewerNode);
      }
      takeSample(wanted, (index) => addPairArc(authorNode, sampledNode[index], sampledCost[index]));
    }
  }

  // Adds arcs out of the stuck region; returns how many. Authors still holding excess go first
  // (that is where the flow is stuck); only if none of them has a way out are all reached authors
  // tried, which either finds an arc or proves the region is a cut of the full problem.
  function addArcsLeavingCut(reached: Uint8Array): number {
    const municipalityCount = instance.municipalityIds.length;
    const groups: number[][] = Array.from({ length: municipalityCount }, () => []);
    for (let position = 0; position < reviewerCount; position++) {
      const reviewerNode = authorCount + position;
      if (!reached[reviewerNode]) groups[municipalityOf[nodeParticipant[reviewerNode]]].push(reviewerNode);
    }
    const nonEmpty = groups.map((group, municipality) => (group.length > 0 ? municipality : -1)).filter((m) => m >= 0);
    const choiceCost: number[] = [];
    const choiceNode: number[] = [];
    const tryAuthor = (authorNode: number): number => {
      const author = nodeParticipant[authorNode];
      const ownMunicipality = municipalityOf[author];
      const stamp = markNeighbours(authorNode);
      choiceCost.length = 0;
      choiceNode.length = 0;
      let scanned = 0;
      for (const municipality of nonEmpty) {
        if (municipality === ownMunicipality) continue;
        for (const reviewerNode of groups[municipality]) {
          if (adjacencyStamp[reviewerNode] === stamp) continue;
          const reviewer = nodeParticipant[reviewerNode];
          if (!usable(reviewer, author)) continue;
          choiceCost.push(costOf(reviewer, author));
          choiceNode.push(reviewerNode);
          if (++scanned >= FEASIBILITY_SCAN_PER_AUTHOR) break;
        }
        if (scanned >= FEASIBILITY_SCAN_PER_AUTHOR) break;
      }
      const order = choiceCost.map((_, index) => index).sort((left, right) => choiceCost[left] - choiceCost[right] || left - right);
      let found = 0;
      for (const index of order) {
        addPairArc(authorNode, choiceNode[index], choiceCost[index]);
        if (++found >= FEASIBILITY_ARCS_PER_AUTHOR) break;
      }
      return found;
    };
    let added = 0;
    for (let authorNode = 0; authorNode < authorCount; authorNode++) {
      if (reached[authorNode] && network.excess[authorNode] > 0) added += tryAuthor(authorNode);
    }
    if (added > 0) return added;
    for (let authorNode = 0; authorNode < authorCount; authorNode++) {
      if (reached[authorNode]) added += tryAuthor(authorNode);
      if (added >= FEASIBILITY_ARCS_PER_ROUND) break;
    }
    return added;
  }

  // Pricing lists. The cost of (r, a) is a per-list constant (same domain? municipality already
  // met?) plus a per-author repeat surcharge, so each list, sorted by potential, can be scanned
  // from its cheapest end and abandoned once even the constant part is no longer negative.
  // Large municipalities get lists of their own: skipping the reviewer's own municipality (or
  // pricing a met one) then costs one list head instead of a scan through thousands of authors.
  const domainCount = instance.domainIds.length;
  const pricingLists: PricingList[] = dense || costless ? [] : buildPricingLists();
  const listOfAuthor = new Int32Array(authorCount);
  const positionInList = new Int32Array(authorCount);

  function buildPricingLists(): PricingList[] {
    const municipalityCount = instance.municipalityIds.length;
    const authorsPerMunicipality = new Int32Array(municipalityCount);
    for (let authorNode = 0; authorNode < authorCount; authorNode++) authorsPerMunicipality[municipalityOf[nodeParticipant[authorNode]]]++;
    const largeFrom = Math.max(16, Math.ceil(2 * Math.sqrt(authorCount)));
    const members = new Map<number, number[]>();
    const lists: PricingList[] = [];
    const keyOf = (domain: number, municipality: number): number => domain * (municipalityCount + 1) + municipality + 1;
    for (let authorNode = 0; authorNode < authorCount; authorNode++) {
      const author = nodeParticipant[authorNode];
      const municipality = authorsPerMunicipality[municipalityOf[author]] >= largeFrom ? municipalityOf[author] : -1;
      const key = keyOf(instance.domainOf[author], municipality);
      let bucket = members.get(key);
      if (bucket === undefined) {
        bucket = [];
        members.set(key, bucket);
        lists.push({ domain: instance.domainOf[author], municipality, authors: new Int32Array(0), nextLive: new Int32Array(0) });
      }
      bucket.push(authorNode);
    }
    for (const list of lists) list.authors = Int32Array.from(members.get(keyOf(list.domain, list.municipality)) ?? []);
    return lists;
  }

  // Adds the most negative reduced-cost pairs per reviewer; returns how many.
  function priceAllPairs(): number {
    const potential = network.potential;
    pricingLists.forEach((list, listIndex) => {
      list.authors.sort((left, right) => potential[left] - potential[right] || left - right);
      list.authors.forEach((authorNode, index) => {
        listOfAuthor[authorNode] = listIndex;
        positionInList[authorNode] = index;
      });
      // Authors that reached their cap this round are skipped through "next live" links with
      // path compression, so later reviewers do not rescan them.
      list.nextLive = Int32Array.from({ length: list.authors.length + 1 }, (_, index) => index);
    });
    const findLive = (links: Int32Array, index: number): number => {
      let root = index;
      while (links[root] !== root) root = links[root];
      while (links[index] !== root) {
        const next = links[index];
        links[index] = root;
        index = next;
      }
      return root;
    };
    const { sameDomain, repeatMunicipality } = instance.weights;
    // Capping only removes list heads, so these start-of-round minima stay lower bounds and let
    // most reviewers be dismissed with one comparison per domain.
    const domainMinimum = new Float64Array(domainCount).fill(Infinity);
    for (const list of pricingLists) {
      if (list.authors.length > 0) domainMinimum[list.domain] = Math.min(domainMinimum[list.domain], potential[list.authors[0]]);
    }
    const listsOfDomain: number[][] = Array.from({ length: domainCount }, () => []);
    pricingLists.forEach((list, listIndex) => listsOfDomain[list.domain].push(listIndex));
    const metStamp = new Int32Array(instance.municipalityIds.length);
    const listOffset = new Float64Array(pricingLists.length);
    const openList = new Int32Array(pricingLists.length);
    const addedToAuthor = new Int32Array(authorCount);
    let added = 0;
    const best: Array<[reduced: number, authorNode: number, cost: number]> = [];
    for (let position = 0; position < reviewerCount; position++) {
      const reviewerNode = authorCount + position;
      const reviewer = nodeParticipant[reviewerNode];
      const reviewerPotential = potential[reviewerNode];
      const reviewerDomain = instance.domainOf[reviewer];
      const ownMunicipality = municipalityOf[reviewer];
      const stamp = position + 1;
      let openLists = 0;
      for (let domain = 0; domain < domainCount; domain++) {
        const base = domain === reviewerDomain ? sameDomain : 0;
        if (base + domainMinimum[domain] - reviewerPotential >= 0) continue;
        if (openLists === 0) {
          for (let index = instance.metOffsets[reviewer]; index < instance.metOffsets[reviewer + 1]; index++) {
            metStamp[instance.metMunicipalities[index]] = stamp;
          }
        }
        for (const listIndex of listsOfDomain[domain]) {
          const list = pricingLists[listIndex];
          let offset = base;
          if (list.municipality >= 0) {
            if (list.municipality === ownMunicipality) continue;
            if (metStamp[list.municipality] === stamp) offset += repeatMunicipality;
          }
          const first = findLive(list.nextLive, 0);
          if (first < list.authors.length && offset + potential[list.authors[first]] - reviewerPotential < 0) {
            openList[openLists] = listIndex;
            listOffset[openLists++] = offset;
          }
        }
      }
      if (openLists === 0) continue;
      const adjacency = markNeighbours(reviewerNode);
      best.length = 0;
      for (let open = 0; open < openLists; open++) {
        const offset = listOffset[open];
        const { authors, nextLive } = pricingLists[openList[open]];
        for (let index = findLive(nextLive, 0); index < authors.length; index = findLive(nextLive, index + 1)) {
          const authorNode = authors[index];
          const bound = offset + potential[authorNode] - reviewerPotential;
          if (bound >= 0) break;
          if (best.length === NEW_ARCS_PER_REVIEWER_PER_ROUND && bound >= best[best.length - 1][0]) break;
          if (adjacencyStamp[authorNode] === adjacency) continue;
          const author = nodeParticipant[authorNode];
          if (!usable(reviewer, author)) continue;
          const cost = costOf(reviewer, author);
          const reduced = cost + potential[authorNode] - reviewerPotential;
          if (reduced >= 0) continue;
          if (best.length === NEW_ARCS_PER_REVIEWER_PER_ROUND && reduced >= best[best.length - 1][0]) continue;
          best.push([reduced, authorNode, cost]);
          best.sort((left, right) => left[0] - right[0]);
          if (best.length > NEW_ARCS_PER_REVIEWER_PER_ROUND) best.pop();
        }
      }
      for (const [, authorNode, cost] of best) {
        addPairArc(authorNode, reviewerNode, cost);
        if (++addedToAuthor[authorNode] === NEW_ARCS_PER_AUTHOR_PER_ROUND) {
          const index = positionInList[authorNode];
          pricingLists[listOfAuthor[authorNode]].nextLive[index] = index + 1;
        }
      }
      added += best.length;
    }
    return added;
  }

  const stats: SolverStats = {
    strategy: dense ? 'dense' : 'sparse',
    arcs: 0,
    pricingRounds: 0,
    arcsAddedByPricing: 0,
    shortestPathPhases: 0,
  };
  const finishStats = (): SolverStats => {
    stats.arcs = pairArcs.length;
    stats.shortestPathPhases = network.shortestPathPhases;
    return stats;
  };

  const currentCost = (): number => {
    let cost = 0;
    for (const arc of pairArcs) if (network.capacity[arc] === 0) cost += network.arcCost[arc];
    return cost;
  };

  for (;;) {
    const reached = network.balance();
    if (reached !== null) {
      const added = dense ? 0 : addArcsLeavingCut(reached);
      stats.arcsAddedByPricing += added;
      if (added > 0) continue;
      const reachedAuthors: number[] = [];
      const unreachedReviewers: number[] = [];
      for (let node = 0; node < authorCount; node++) if (reached[node]) reachedAuthors.push(nodeParticipant[node]);
      for (let node = authorCount; node < sink; node++) if (!reached[node]) unreachedReviewers.push(nodeParticipant[node]);
      return { kind: 'blocked', reachedAuthors, unreachedReviewers, sinkReached: reached[sink] === 1, stats: finishStats() };
    }
    if (dense || costless) break;
    // Costs are non-negative, so a flow of cost 0 is optimal without pricing.
    if (currentCost() === 0) break;
    stats.pricingRounds++;
    const added = priceAllPairs();
    stats.arcsAddedByPricing += added;
    if (added === 0) break;
  }

  const pairs: Array<[number, number]> = [];
  let cost = 0;
  for (const arc of pairArcs) {
    if (network.capacity[arc] !== 0) continue;
    pairs.push([nodeParticipant[network.arcHead[arc]], nodeParticipant[network.tail(arc)]]);
    cost += network.arcCost[arc];
  }
  return { kind: 'optimal', pairs, cost, stats: finishStats() };
}

interface PricingList {
  domain: number;
  // A large municipality, or -1 for the shared list of all small municipalities.
  municipality: number;
  authors: Int32Array;
  nextLive: Int32Array;
}

// Forbidden and already placed pairs per reviewer (CSR); the lists are short, so a linear scan
// beats hashing large numeric keys.
function blockedRows(instance: Instance, fixedKeys: Set<number>): { offsets: Int32Array; authors: Int32Array } {
  const count = instance.participantCount;
  const keys = new Set<number>(instance.forbiddenKeys);
  for (const key of fixedKeys) keys.add(key);
  const offsets = new Int32Array(count + 1);
  for (const key of keys) offsets[Math.floor(key / count) + 1]++;
  for (let row = 0; row < count; row++) offsets[row + 1] += offsets[row];
  const fill = offsets.slice(0, count);
  const authors = new Int32Array(keys.size);
  for (const key of keys) {
    const reviewer = Math.floor(key / count);
    authors[fill[reviewer]++] = key - reviewer * count;
  }
  return { offsets, authors };
}
