/**
 * Independent reference methods for the specs. They share no code with the library: plain
 * objects, a DP over load vectors, Edmonds-Karp and a Bellman-Ford min-cost flow.
 */
import fc from 'fast-check';
import type { MatchInput, ParticipantInput, PairTuple } from '../src/types';

export interface PlainProblem {
  k: number;
  participants: ParticipantInput[];
  authors: string[];
  reviewers: string[];
  history: PairTuple[];
  forbidden: PairTuple[];
  pinned: PairTuple[];
  weights: { sameDomain: number; repeat: number; repeatMunicipality: number };
}

export function toPlain(input: MatchInput): PlainProblem {
  const ids = input.participants.map((participant) => participant.id);
  return {
    k: input.reviewsPerSubmission,
    participants: input.participants,
    authors: input.authors ?? ids,
    reviewers: input.reviewers ?? ids,
    history: (input.history ?? []) as PairTuple[],
    forbidden: input.forbidden ?? [],
    pinned: input.pinned ?? [],
    weights: { sameDomain: 1, repeat: 3, repeatMunicipality: 1, ...(input.weights ?? {}) },
  };
}

export function referenceCost(problem: PlainProblem, reviewerId: string, authorId: string): number {
  const byId = new Map(problem.participants.map((participant) => [participant.id, participant]));
  const reviewer = byId.get(reviewerId)!;
  const author = byId.get(authorId)!;
  let cost = 0;
  if (reviewer.domainId === author.domainId) cost += problem.weights.sameDomain;
  const met = problem.history.some(([r, a]) => (r === reviewerId && a === authorId) || (r === authorId && a === reviewerId));
  if (met) cost += problem.weights.repeat;
  const metMunicipality = problem.history.some(
    ([r, a]) =>
      (r === reviewerId && byId.get(a)!.municipalityId === author.municipalityId) ||
      (a === reviewerId && byId.get(r)!.municipalityId === author.municipalityId),
  );
  if (metMunicipality) cost += problem.weights.repeatMunicipality;
  return cost;
}

export function allowedPair(problem: PlainProblem, reviewerId: string, authorId: string): boolean {
  if (reviewerId === authorId) return false;
  const byId = new Map(problem.participants.map((participant) => [participant.id, participant]));
  if (byId.get(reviewerId)!.municipalityId === byId.get(authorId)!.municipalityId) return false;
  return !problem.forbidden.some(([r, a]) => r === reviewerId && a === authorId);
}

export function loadRange(problem: PlainProblem, k = problem.k): [number, number] {
  if (problem.reviewers.length === 0) return [0, 0];
  const total = k * problem.authors.length;
  return [Math.floor(total / problem.reviewers.length), Math.ceil(total / problem.reviewers.length)];
}

/**
 * Exact optimum by dynamic programming over authors with the vector of reviewer loads as state.
 * Returns null when infeasible. Only for tiny instances.
 */
export function dpOptimum(problem: PlainProblem, k = problem.k): number | null {
  const reviewers = problem.reviewers;
  const [loadMin, loadMax] = loadRange(problem, k);
  if (problem.authors.length === 0) return 0;
  if (reviewers.length === 0) return null;
  const base = loadMax + 1;
  let states = new Map<number, number>([[0, 0]]);
  for (const author of problem.authors) {
    const options: Array<{ members: number[]; cost: number }> = [];
    const candidates = reviewers.map((reviewer, index) => ({ reviewer, index })).filter(({ reviewer }) => allowedPair(problem, reviewer, author));
    const mustHave = problem.pinned.filter(([, a]) => a === author).map(([r]) => reviewers.indexOf(r));
    const choose = (start: number, picked: number[]): void => {
      if (picked.length === k) {
        if (mustHave.every((index) => picked.includes(index))) {
          options.push({ members: [...picked], cost: picked.reduce((sum, index) => sum + referenceCost(problem, reviewers[index], author), 0) });
        }
        return;
      }
      for (let position = start; position < candidates.length; position++) {
        picked.push(candidates[position].index);
        choose(position + 1, picked);
        picked.pop();
      }
    };
    choose(0, []);
    const next = new Map<number, number>();
    for (const [state, cost] of states) {
      for (const option of options) {
        let nextState = state;
        let fits = true;
        for (const index of option.members) {
          const load = Math.floor(state / base ** index) % base;
          if (load + 1 > loadMax) {
            fits = false;
            break;
          }
          nextState += base ** index;
        }
        if (!fits) continue;
        const total = cost + option.cost;
        const known = next.get(nextState);
        if (known === undefined || total < known) next.set(nextState, total);
      }
    }
    states = next;
    if (states.size === 0) return null;
  }
  let best: number | null = null;
  for (const [state, cost] of states) {
    let ok = true;
    for (let index = 0; index < reviewers.length; index++) {
      const load = Math.floor(state / base ** index) % base;
      if (load < loadMin) ok = false;
    }
    if (ok && (best === null || cost < best)) best = cost;
  }
  return best;
}

/** Edmonds-Karp max flow on a dense capacity matrix. */
function maxFlow(capacity: number[][], source: number, sink: number): number {
  const size = capacity.length;
  let flow = 0;
  for (;;) {
    const parent = new Array<number>(size).fill(-1);
    parent[source] = source;
    const queue = [source];
    while (queue.length > 0 && parent[sink] === -1) {
      const node = queue.shift()!;
      for (let next = 0; next < size; next++) {
        if (parent[next] === -1 && capacity[node][next] > 0) {
          parent[next] = node;
          queue.push(next);
        }
      }
    }
    if (parent[sink] === -1) return flow;
    let amount = Infinity;
    for (let node = sink; node !== source; node = parent[node]) amount = Math.min(amount, capacity[parent[node]][node]);
    for (let node = sink; node !== source; node = parent[node]) {
      capacity[parent[node]][node] -= amount;
      capacity[node][parent[node]] += amount;
    }
    flow += amount;
  }
}

/**
 * Feasibility by max flow with lower bounds (standard reduction: arc lower bounds become node
 * demands on a circulation with an extra t -> s arc). Pinned pairs are forced arcs.
 */
export function feasibleByMaxFlow(problem: PlainProblem, k = problem.k): boolean {
  const { authors, reviewers } = problem;
  if (authors.length === 0) return true;
  if (reviewers.length === 0) return false;
  const [loadMin, loadMax] = loadRange(problem, k);
  const source = 0;
  const sink = 1;
  const authorNode = (index: number): number => 2 + index;
  const reviewerNode = (index: number): number => 2 + authors.length + index;
  const superSource = 2 + authors.length + reviewers.length;
  const superSink = superSource + 1;
  const size = superSink + 1;
  const capacity = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  const imbalance = new Array<number>(size).fill(0);
  const arc = (from: number, to: number, low: number, high: number): void => {
    capacity[from][to] += high - low;
    imbalance[to] += low;
    imbalance[from] -= low;
  };
  authors.forEach((_, index) => arc(source, authorNode(index), k, k));
  authors.forEach((author, authorIndex) => {
    reviewers.forEach((reviewer, reviewerIndex) => {
      if (!allowedPair(problem, reviewer, author)) return;
      const pinned = problem.pinned.some(([r, a]) => r === reviewer && a === author);
      arc(authorNode(authorIndex), reviewerNode(reviewerIndex), pinned ? 1 : 0, 1);
    });
  });
  reviewers.forEach((_, index) => arc(reviewerNode(index), sink, loadMin, loadMax));
  arc(sink, source, 0, 1_000_000);
  let required = 0;
  for (let node = 0; node < superSource; node++) {
    if (imbalance[node] > 0) {
      capacity[superSource][node] += imbalance[node];
      required += imbalance[node];
    } else if (imbalance[node] < 0) {
      capacity[node][superSink] += -imbalance[node];
    }
  }
  return maxFlow(capacity, superSource, superSink) === required;
}

/**
 * Exact optimum by a textbook min-cost flow: Bellman-Ford shortest paths, lower load bounds as
 * arcs with a large negative cost. Returns null when infeasible.
 */
export function minCostFlowOptimum(problem: PlainProblem): number | null {
  const { authors, reviewers, k } = problem;
  if (authors.length === 0) return 0;
  if (reviewers.length === 0) return null;
  const [loadMin, loadMax] = loadRange(problem);
  const big = 1_000_000;
  const source = 0;
  const sink = 1;
  const authorNode = (index: number): number => 2 + index;
  const reviewerNode = (index: number): number => 2 + authors.length + index;
  const size = 2 + authors.length + reviewers.length;
  const to: number[] = [];
  const cap: number[] = [];
  const cost: number[] = [];
  const adjacency: number[][] = Array.from({ length: size }, () => []);
  const add = (from: number, target: number, capacity: number, arcCost: number): void => {
    adjacency[from].push(to.length);
    to.push(target);
    cap.push(capacity);
    cost.push(arcCost);
    adjacency[target].push(to.length);
    to.push(from);
    cap.push(0);
    cost.push(-arcCost);
  };
  let fixedCost = 0;
  const pinnedOf = new Map<string, number>();
  const pinnedLoad = new Map<string, number>();
  for (const [r, a] of problem.pinned) {
    pinnedOf.set(a, (pinnedOf.get(a) ?? 0) + 1);
    pinnedLoad.set(r, (pinnedLoad.get(r) ?? 0) + 1);
    fixedCost += referenceCost(problem, r, a);
  }
  let need = 0;
  authors.forEach((author, index) => {
    const demand = k - (pinnedOf.get(author) ?? 0);
    if (demand < 0) need = -Infinity;
    need += demand;
    add(source, authorNode(index), demand, 0);
  });
  if (need < 0) return null;
  authors.forEach((author, authorIndex) => {
    reviewers.forEach((reviewer, reviewerIndex) => {
      if (!allowedPair(problem, reviewer, author)) return;
      if (problem.pinned.some(([r, a]) => r === reviewer && a === author)) return;
      add(authorNode(authorIndex), reviewerNode(reviewerIndex), 1, referenceCost(problem, reviewer, author));
    });
  });
  let mandatory = 0;
  for (let index = 0; index < reviewers.length; index++) {
    const pins = pinnedLoad.get(reviewers[index]) ?? 0;
    if (pins > loadMax) return null;
    const low = Math.max(0, loadMin - pins);
    mandatory += low;
    add(reviewerNode(index), sink, low, -big);
    add(reviewerNode(index), sink, loadMax - pins - low, 0);
  }
  let flow = 0;
  let total = 0;
  for (;;) {
    const distance = new Array<number>(size).fill(Infinity);
    const via = new Array<number>(size).fill(-1);
    distance[source] = 0;
    for (let round = 0; round < size; round++) {
      let changed = false;
      for (let node = 0; node < size; node++) {
        if (distance[node] === Infinity) continue;
        for (const arc of adjacency[node]) {
          if (cap[arc] > 0 && distance[node] + cost[arc] < distance[to[arc]]) {
            distance[to[arc]] = distance[node] + cost[arc];
            via[to[arc]] = arc;
            changed = true;
          }
        }
      }
      if (!changed) break;
    }
    if (distance[sink] === Infinity) break;
    for (let node = sink; node !== source; node = to[via[node] ^ 1]) {
      cap[via[node]] -= 1;
      cap[via[node] ^ 1] += 1;
    }
    flow += 1;
    total += distance[sink];
  }
  if (flow !== need) return null;
  const cheap = total + big * mandatory;
  // If a mandatory unit stayed unused the sum carries a multiple of big.
  if (cheap >= big / 2) return null;
  return cheap + fixedCost;
}

/** A random instance: few people, few municipalities (possibly one dominant), small k. */
export function instanceArbitrary(options: { maxPeople: number; maxK: number; withPinned?: boolean; withForbidden?: boolean; skewed?: boolean }): fc.Arbitrary<MatchInput> {
  return fc
    .record({
      people: fc.integer({ min: 2, max: options.maxPeople }),
      municipalities: fc.integer({ min: 1, max: 6 }),
      domains: fc.integer({ min: 1, max: 3 }),
      k: fc.integer({ min: 1, max: options.maxK }),
      dominantShare: options.skewed ? fc.constantFrom(0, 0.4, 0.6, 0.8) : fc.constant(0),
      seed: fc.integer({ min: 0, max: 1_000_000 }),
      salt: fc.integer({ min: 0, max: 2 ** 30 }),
      authorShare: fc.constantFrom(1, 1, 0.8, 0.6),
      reviewerShare: fc.constantFrom(1, 1, 0.8),
      historySize: fc.integer({ min: 0, max: 10 }),
      forbiddenSize: options.withForbidden ? fc.integer({ min: 0, max: 4 }) : fc.constant(0),
      pinnedSize: options.withPinned ? fc.integer({ min: 0, max: 2 }) : fc.constant(0),
      weights: fc.record({
        sameDomain: fc.integer({ min: 0, max: 3 }),
        repeat: fc.integer({ min: 0, max: 4 }),
        repeatMunicipality: fc.integer({ min: 0, max: 2 }),
      }),
    })
    .map((spec) => {
      let state = spec.salt >>> 0 || 1;
      const next = (bound: number): number => {
        state ^= state << 13;
        state >>>= 0;
        state ^= state >>> 17;
        state ^= state << 5;
        state >>>= 0;
        return state % bound;
      };
      const participants: ParticipantInput[] = [];
      for (let index = 0; index < spec.people; index++) {
        const dominant = spec.dominantShare > 0 && next(100) < spec.dominantShare * 100;
        participants.push({
          id: `p${index}`,
          municipalityId: dominant ? 'GM0363' : `GM${1000 + next(spec.municipalities)}`,
          domainId: `D${next(spec.domains)}`,
        });
      }
      const ids = participants.map((participant) => participant.id);
      const authors = ids.filter(() => next(100) < spec.authorShare * 100);
      const reviewers = ids.filter(() => next(100) < spec.reviewerShare * 100);
      const history: PairTuple[] = [];
      for (let index = 0; index < spec.historySize; index++) {
        const r = ids[next(ids.length)];
        const a = ids[next(ids.length)];
        if (r !== a) history.push([r, a]);
      }
      const forbidden: PairTuple[] = [];
      for (let index = 0; index < spec.forbiddenSize; index++) {
        forbidden.push([ids[next(ids.length)], ids[next(ids.length)]]);
      }
      const pinned: PairTuple[] = [];
      const municipality = new Map(participants.map((participant) => [participant.id, participant.municipalityId]));
      for (let index = 0; index < spec.pinnedSize && authors.length > 0 && reviewers.length > 0; index++) {
        const r = reviewers[next(reviewers.length)];
        const a = authors[next(authors.length)];
        if (municipality.get(r) === municipality.get(a)) continue;
        if (forbidden.some(([fr, fa]) => fr === r && fa === a)) continue;
        if (pinned.some(([pr, pa]) => pr === r && pa === a)) continue;
        pinned.push([r, a]);
      }
      const input: MatchInput = {
        reviewsPerSubmission: spec.k,
        participants,
        authors,
        reviewers,
        history,
        forbidden,
        pinned,
        weights: spec.weights,
        seed: spec.seed,
      };
      return input;
    });
}

/** Independent re-check of every hard rule; returns the list of problems (empty when valid). */
export function hardRuleProblems(problem: PlainProblem, pairs: Array<{ reviewerId: string; authorId: string }>, k = problem.k): string[] {
  const problems: string[] = [];
  const [loadMin, loadMax] = loadRange(problem, k);
  const seen = new Set<string>();
  const received = new Map<string, number>();
  const given = new Map<string, number>();
  for (const { reviewerId, authorId } of pairs) {
    const key = `${reviewerId}>${authorId}`;
    if (seen.has(key)) problems.push(`duplicate ${key}`);
    seen.add(key);
    if (!allowedPair(problem, reviewerId, authorId)) problems.push(`not allowed ${key}`);
    if (!problem.reviewers.includes(reviewerId)) problems.push(`not a reviewer ${key}`);
    if (!problem.authors.includes(authorId)) problems.push(`not an author ${key}`);
    received.set(authorId, (received.get(authorId) ?? 0) + 1);
    given.set(reviewerId, (given.get(reviewerId) ?? 0) + 1);
  }
  for (const author of problem.authors) if ((received.get(author) ?? 0) !== k) problems.push(`author ${author} gets ${received.get(author) ?? 0}`);
  for (const reviewer of problem.reviewers) {
    const load = given.get(reviewer) ?? 0;
    if (load < loadMin || load > loadMax) problems.push(`reviewer ${reviewer} load ${load} outside ${loadMin}..${loadMax}`);
  }
  for (const [r, a] of problem.pinned) if (!seen.has(`${r}>${a}`)) problems.push(`pinned ${r}>${a} missing`);
  return problems;
}

export function pairingCost(problem: PlainProblem, pairs: Array<{ reviewerId: string; authorId: string }>): number {
  return pairs.reduce((sum, { reviewerId, authorId }) => sum + referenceCost(problem, reviewerId, authorId), 0);
}

/** Larger cohorts with a few big municipalities, several domains and rounds of history. */
export function largeCohortArbitrary(): fc.Arbitrary<MatchInput> {
  return fc
    .record({
      people: fc.integer({ min: 80, max: 220 }),
      bigShare: fc.constantFrom(0.15, 0.25, 0.35),
      smallMunicipalities: fc.integer({ min: 8, max: 40 }),
      domains: fc.integer({ min: 2, max: 6 }),
      k: fc.integer({ min: 1, max: 4 }),
      rounds: fc.integer({ min: 0, max: 4 }),
      salt: fc.integer({ min: 1, max: 2 ** 30 }),
      seed: fc.integer({ min: 0, max: 1000 }),
      weights: fc.record({
        sameDomain: fc.integer({ min: 0, max: 3 }),
        repeat: fc.integer({ min: 0, max: 5 }),
        repeatMunicipality: fc.integer({ min: 0, max: 3 }),
      }),
    })
    .map((spec) => {
      let state = spec.salt >>> 0;
      const next = (bound: number): number => {
        state ^= state << 13;
        state >>>= 0;
        state ^= state >>> 17;
        state ^= state << 5;
        state >>>= 0;
        return state % bound;
      };
      const participants: ParticipantInput[] = [];
      for (let index = 0; index < spec.people; index++) {
        const roll = next(1000) / 1000;
        const municipalityId = roll < spec.bigShare ? 'GM0363' : roll < spec.bigShare * 1.6 ? 'GM0599' : `GM${1000 + next(spec.smallMunicipalities)}`;
        // Domains skewed towards D0.
        const domainId = `D${Math.min(next(spec.domains), next(spec.domains))}`;
        participants.push({ id: `q${index}`, municipalityId, domainId });
      }
      const ids = participants.map((participant) => participant.id);
      const history: PairTuple[] = [];
      for (let round = 0; round < spec.rounds; round++) {
        for (let index = 0; index < ids.length; index++) {
          const other = ids[(index + 1 + next(ids.length - 1)) % ids.length];
          history.push([ids[index], other]);
        }
      }
      const authors = ids.filter(() => next(100) < 90);
      return { reviewsPerSubmission: spec.k, participants, authors, history, weights: spec.weights, seed: spec.seed };
    });
}
