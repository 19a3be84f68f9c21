import { cutReason, individualReasons, pinnedLoadReasons } from './diagnostics';
import { explainIndexedPair } from './explain';
import { balancedLoadRange, municipalityConditionReasons } from './feasibility';
import { buildInstance, type Instance, pairCost, pairKey } from './instance';
import { type IndexedPair, pairingMetrics, totalCost } from './metrics';
import { SeededRandom } from './random';
import { solveTransport } from './transport-solver';
import type {
  InfeasibilityReason,
  MatchedPair,
  MatchInput,
  MatchResult,
  MatchSuccess,
  RemovalReason,
  RemovedPair,
  SolverOptions,
  SolverStats,
} from './types';

type Attempt =
  | { kind: 'ok'; pairs: IndexedPair[]; stats?: SolverStats }
  | { kind: 'infeasible'; reasons: InfeasibilityReason[] };

let lastStats: SolverStats | undefined;

/** Counters of the most recent optimising solver run in this process (for benchmarks). */
export function lastSolverStats(): SolverStats | undefined {
  return lastStats;
}

// Fresh assignment with k reviews per author: pinned pairs plus an optimal completion.
// `costless` only decides feasibility (the returned pairs are then not optimised).
function attemptFresh(instance: Instance, k: number, costless: boolean, options: SolverOptions | undefined): Attempt {
  const authorCount = instance.authors.length;
  const reviewerCount = instance.reviewers.length;
  if (authorCount === 0) return { kind: 'ok', pairs: [] };
  const municipalityReasons = municipalityConditionReasons(instance, k);
  if (municipalityReasons.length > 0) return { kind: 'infeasible', reasons: municipalityReasons };
  const { min: loadMin, max: loadMax } = balancedLoadRange(k, authorCount, reviewerCount);
  const pinReasons = pinnedLoadReasons(instance, k, loadMin, loadMax);
  if (pinReasons.length > 0) return { kind: 'infeasible', reasons: pinReasons };

  const size = instance.participantCount;
  const demand = new Int32Array(size);
  const lower = new Int32Array(size);
  const upper = new Int32Array(size);
  for (const author of instance.authors) demand[author] = k;
  const pinnedLoad = new Int32Array(size);
  for (const [reviewer, author] of instance.pinned) {
    demand[author]--;
    pinnedLoad[reviewer]++;
  }
  for (const reviewer of instance.reviewers) {
    lower[reviewer] = Math.max(0, loadMin - pinnedLoad[reviewer]);
    upper[reviewer] = loadMax - pinnedLoad[reviewer];
  }
  const fixedKeys = instance.pinnedKeys;
  const individual = individualReasons(instance, demand, lower, fixedKeys);
  if (individual.length > 0) return { kind: 'infeasible', reasons: individual };
  // Without forbidden or pinned pairs the municipality condition is exact, so a feasibility
  // question is already answered.
  if (costless && instance.forbiddenKeys.size === 0 && instance.pinned.length === 0) return { kind: 'ok', pairs: [] };

  const outcome = solveTransport({ instance, demand, lower, upper, fixedKeys, costless, options });
  if (outcome.kind === 'blocked') {
    return { kind: 'infeasible', reasons: [cutReason(instance, outcome, demand, lower, upper, fixedKeys)] };
  }
  return { kind: 'ok', pairs: [...instance.pinned.map(([r, a]): IndexedPair => [r, a]), ...outcome.pairs], stats: outcome.stats };
}

function largestFeasibleBelow(k: number, feasible: (candidate: number) => boolean): number {
  for (let candidate = k - 1; candidate >= 1; candidate--) {
    if (feasible(candidate)) return candidate;
  }
  return 0;
}

function sortPairs(pairs: IndexedPair[]): IndexedPair[] {
  return [...pairs].sort((left, right) => left[1] - right[1] || left[0] - right[0]);
}

function toMatched(instance: Instance, [reviewer, author]: IndexedPair): MatchedPair {
  const pair: MatchedPair = { reviewerId: instance.ids[reviewer], authorId: instance.ids[author] };
  if (instance.includeExplanations) pair.explanation = explainIndexedPair(instance, reviewer, author);
  return pair;
}

function success(instance: Instance, pairs: IndexedPair[]): MatchSuccess {
  const sorted = sortPairs(pairs);
  return {
    status: 'ok',
    pairs: sorted.map((pair) => toMatched(instance, pair)),
    cost: totalCost(instance, sorted),
    metrics: pairingMetrics(instance, sorted),
  };
}

/**
 * Assigns reviewers to authors: every author gets exactly `reviewsPerSubmission` reviews, every
 * eligible reviewer floor or ceil of k * authors / reviewers, all hard rules hold, and the soft
 * cost is an exact minimum (ties broken by `seed`). When `existingPairs` is given the run is a
 * minimal-change repair (see {@link repairAssignment}).
 * @throws MatchingInputError when the input is invalid (unknown or duplicate ids, a pinned pair
 * that breaks a hard rule, k < 1, ...).
 */
export function assignReviewers(input: MatchInput, options?: SolverOptions): MatchResult {
  const instance = buildInstance(input);
  if (instance.existingPairs !== undefined) return repairInstance(instance, options);
  const k = instance.reviewsPerSubmission;
  const attempt = attemptFresh(instance, k, false, options);
  if (attempt.kind === 'infeasible') {
    return {
      status: 'infeasible',
      reasons: attempt.reasons,
      maxFeasibleReviewsPerSubmission: largestFeasibleBelow(k, (candidate) => attemptFresh(instance, candidate, true, options).kind === 'ok'),
    };
  }
  lastStats = attempt.stats;
  return success(instance, attempt.pairs);
}

interface RepairPlan {
  kept: IndexedPair[];
  keptLocked: boolean[];
  removed: RemovedPair[];
  newPinned: IndexedPair[];
  fixedKeys: Set<number>;
  demand: Int32Array;
  load: Int32Array;
  missing: number;
}

function removalMessage(instance: Instance, reviewer: number, author: number, reason: RemovalReason): string {
  const reviewerName = instance.displayNames[reviewer];
  const authorName = instance.displayNames[author];
  switch (reason) {
    case 'AUTHOR_NOT_SUBMITTED':
      return `${authorName} is no longer among the authors`;
    case 'REVIEWER_NOT_ELIGIBLE':
      return `${reviewerName} is no longer an eligible reviewer and had not written the review yet`;
    case 'UNKNOWN_PARTICIPANT':
      return `unknown participant`;
    case 'SELF_REVIEW':
      return `${reviewerName} cannot review their own work`;
    case 'SAME_MUNICIPALITY':
      return `${reviewerName} and ${authorName} are both from ${instance.municipalityLabels[instance.municipalityOf[author]]}`;
    case 'FORBIDDEN':
      return `a coach has forbidden ${reviewerName} reviewing ${authorName}`;
    case 'TOO_MANY_REVIEWS_FOR_AUTHOR':
      return `${authorName} would get more than ${instance.reviewsPerSubmission} reviews`;
  }
}

// Which existing pairs survive for k reviews per author, and what is left to fill.
function planRepair(instance: Instance, k: number): RepairPlan {
  const size = instance.participantCount;
  const kept: IndexedPair[] = [];
  const keptLocked: boolean[] = [];
  const removed: RemovedPair[] = [];
  const remove = (reviewer: number, author: number, reason: RemovalReason): void => {
    removed.push({
      reviewerId: instance.ids[reviewer],
      authorId: instance.ids[author],
      reason,
      message: removalMessage(instance, reviewer, author, reason),
    });
  };
  for (const { reviewer, author, locked } of instance.existingPairs ?? []) {
    let reason: RemovalReason | null = null;
    if (!instance.isAuthor[author]) reason = 'AUTHOR_NOT_SUBMITTED';
    else if (locked) reason = null;
    else if (reviewer === author) reason = 'SELF_REVIEW';
    else if (!instance.isReviewer[reviewer]) reason = 'REVIEWER_NOT_ELIGIBLE';
    else if (instance.municipalityOf[reviewer] === instance.municipalityOf[author]) reason = 'SAME_MUNICIPALITY';
    else if (instance.forbiddenKeys.has(pairKey(instance, reviewer, author))) reason = 'FORBIDDEN';
    if (reason === null) {
      kept.push([reviewer, author]);
      keptLocked.push(locked);
    } else {
      remove(reviewer, author, reason);
    }
  }
  const keptKeys = new Set(kept.map(([reviewer, author]) => pairKey(instance, reviewer, author)));
  const newPinned = instance.pinned.filter(([reviewer, author]) => !keptKeys.has(pairKey(instance, reviewer, author)));

  const received = new Int32Array(size);
  for (const [, author] of kept) received[author]++;
  for (const [, author] of newPinned) received[author]++;
  const overfull = new Set<number>();
  for (const author of instance.authors) if (received[author] > k) overfull.add(author);
  if (overfull.size > 0) {
    // Drop pairs of the busiest reviewers first, so the kept loads stay balanced; among those the
    // most expensive pairs, and a seeded shuffle decides among equals.
    const random = new SeededRandom(instance.seed);
    const keptLoad = new Int32Array(size);
    for (const [reviewer] of kept) keptLoad[reviewer]++;
    for (const [reviewer] of newPinned) keptLoad[reviewer]++;
    const candidates = kept
      .map((pair, position) => ({ pair, position, order: random.nextUint32() }))
      .filter(({ pair, position }) => overfull.has(pair[1]) && !keptLocked[position] && !instance.pinnedKeys.has(pairKey(instance, pair[0], pair[1])))
      .sort((left, right) => pairCost(instance, right.pair[0], right.pair[1]) - pairCost(instance, left.pair[0], left.pair[1]) || left.order - right.order);
    let busiest = 0;
    for (const { pair } of candidates) busiest = Math.max(busiest, keptLoad[pair[0]]);
    const dropped = new Set<number>();
    for (let level = busiest; level >= 1; level--) {
      for (const { pair, position } of candidates) {
        if (dropped.has(position) || received[pair[1]] <= k || keptLoad[pair[0]] < level) continue;
        received[pair[1]]--;
        keptLoad[pair[0]]--;
        dropped.add(position);
        remove(pair[0], pair[1], 'TOO_MANY_REVIEWS_FOR_AUTHOR');
      }
    }
    const stillKept: IndexedPair[] = [];
    const stillLocked: boolean[] = [];
    kept.forEach((pair, position) => {
      if (dropped.has(position)) return;
      stillKept.push(pair);
      stillLocked.push(keptLocked[position]);
    });
    kept.length = 0;
    kept.push(...stillKept);
    keptLocked.length = 0;
    keptLocked.push(...stillLocked);
  }

  const fixedKeys = new Set<number>();
  const load = new Int32Array(size);
  for (const [reviewer, author] of [...kept, ...newPinned]) {
    fixedKeys.add(pairKey(instance, reviewer, author));
    if (instance.isReviewer[reviewer]) load[reviewer]++;
  }
  const demand = new Int32Array(size);
  let missing = 0;
  for (const author of instance.authors) {
    demand[author] = Math.max(0, k - received[author]);
    missing += demand[author];
  }
  return { kept, keptLocked, removed, newPinned, fixedKeys, demand, load, missing };
}

// Smallest H with sum over reviewers of max(0, H - load) >= missing: the water level.
function waterLevel(instance: Instance, load: Int32Array, missing: number): number {
  let low = 0;
  let high = missing;
  for (const reviewer of instance.reviewers) high = Math.max(high, load[reviewer] + missing);
  const room = (level: number): number => {
    let total = 0;
    for (const reviewer of instance.reviewers) total += Math.max(0, level - load[reviewer]);
    return total;
  };
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (room(middle) >= missing) high = middle;
    else low = middle + 1;
  }
  return low;
}

function boundsFor(instance: Instance, load: Int32Array, loadMin: number, loadMax: number): { lower: Int32Array; upper: Int32Array } {
  const lower = new Int32Array(instance.participantCount);
  const upper = new Int32Array(instance.participantCount);
  for (const reviewer of instance.reviewers) {
    lower[reviewer] = Math.max(0, loadMin - load[reviewer]);
    upper[reviewer] = Math.max(0, loadMax - load[reviewer]);
  }
  return { lower, upper };
}

function fillGaps(instance: Instance, plan: RepairPlan, loadMin: number, loadMax: number, costless: boolean, options: SolverOptions | undefined): Attempt {
  const { lower, upper } = boundsFor(instance, plan.load, loadMin, loadMax);
  let lowerTotal = 0;
  let upperTotal = 0;
  for (const reviewer of instance.reviewers) {
    lowerTotal += lower[reviewer];
    upperTotal += upper[reviewer];
  }
  if (plan.missing === 0 && lowerTotal === 0) return { kind: 'ok', pairs: [] };
  if (lowerTotal > plan.missing || upperTotal < plan.missing) {
    return {
      kind: 'infeasible',
      reasons: [
        {
          code: 'LOAD_BOUNDS_UNREACHABLE',
          message: `the kept pairs leave ${plan.missing} reviews to place, but eligible reviewers can take ${upperTotal < plan.missing ? `at most ${upperTotal}` : `no fewer than ${lowerTotal}`}`,
          needed: plan.missing,
          available: upperTotal,
        },
      ],
    };
  }
  const individual = individualReasons(instance, plan.demand, lower, plan.fixedKeys);
  if (individual.length > 0) return { kind: 'infeasible', reasons: individual };
  const outcome = solveTransport({ instance, demand: plan.demand, lower, upper, fixedKeys: plan.fixedKeys, costless, options });
  if (outcome.kind === 'blocked') {
    return { kind: 'infeasible', reasons: [cutReason(instance, outcome, plan.demand, lower, upper, plan.fixedKeys)] };
  }
  return { kind: 'ok', pairs: outcome.pairs, stats: outcome.stats };
}

// Largest load any reviewer could end with: beyond it the cap no longer restricts anything.
function unboundedLoad(instance: Instance, plan: RepairPlan): number {
  let highest = 0;
  for (const reviewer of instance.reviewers) highest = Math.max(highest, plan.load[reviewer]);
  return highest + plan.missing;
}

function repairInstance(instance: Instance, options: SolverOptions | undefined): MatchResult {
  const k = instance.reviewsPerSubmission;
  const plan = planRepair(instance, k);
  const level = waterLevel(instance, plan.load, plan.missing);
  let loadMin = Math.max(0, level - 1);
  let loadMax = level;
  let loadRelaxed = false;
  let attempt = fillGaps(instance, plan, loadMin, loadMax, false, options);
  if (attempt.kind === 'infeasible') {
    // The kept pairs (or forbidden pairs) rule out the balanced loads: keep only a cap on the
    // load, as low as still feasible.
    const ceiling = unboundedLoad(instance, plan);
    const open = fillGaps(instance, plan, 0, ceiling, true, options);
    if (open.kind === 'infeasible') {
      return {
        status: 'infeasible',
        reasons: open.reasons,
        maxFeasibleReviewsPerSubmission: largestFeasibleBelow(k, (candidate) => {
          const smaller = planRepair(instance, candidate);
          return fillGaps(instance, smaller, 0, unboundedLoad(instance, smaller), true, options).kind === 'ok';
        }),
      };
    }
    let low = level;
    let high = ceiling;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if (fillGaps(instance, plan, 0, middle, true, options).kind === 'ok') high = middle;
      else low = middle + 1;
    }
    loadMin = 0;
    loadMax = low;
    loadRelaxed = true;
    attempt = fillGaps(instance, plan, loadMin, loadMax, false, options);
    if (attempt.kind === 'infeasible') throw new Error('internal error: a feasible load cap became infeasible');
  }
  lastStats = attempt.stats;
  const added = [...plan.newPinned, ...attempt.pairs];
  const result = success(instance, [...plan.kept, ...added]);
  result.diff = {
    kept: sortPairs(plan.kept).map((pair) => toMatched(instance, pair)),
    added: sortPairs(added).map((pair) => toMatched(instance, pair)),
    removed: plan.removed,
    addedCost: totalCost(instance, added),
    loadRelaxed,
    loadBounds: { min: loadMin, max: loadMax },
  };
  return result;
}

/**
 * Minimal-change repair of an existing pairing (`input.existingPairs`, empty when absent): keeps every
 * pair that is still valid (and every locked pair whose author still submits), fills only the
 * missing reviews with an optimal-cost completion, keeps loads as balanced as the kept pairs allow,
 * and reports the diff.
 * @throws MatchingInputError when the input is invalid.
 */
export function repairAssignment(input: MatchInput, options?: SolverOptions): MatchResult {
  const instance = buildInstance(input);
  instance.existingPairs ??= [];
  return repairInstance(instance, options);
}
