import { FlowNetwork } from './flow-network';
import type { Instance } from './instance';
import { listNames, plural } from './text';
import type { InfeasibilityReason } from './types';

/** The balanced load range: floor and ceil of k * authors / reviewers. */
export interface LoadRange {
  min: number;
  max: number;
}

/** The load range every eligible reviewer must get: floor and ceil of k * authors / reviewers. */
export function balancedLoadRange(reviewsPerSubmission: number, authorCount: number, reviewerCount: number): LoadRange {
  if (reviewerCount === 0) return { min: 0, max: 0 };
  const total = reviewsPerSubmission * authorCount;
  return { min: Math.floor(total / reviewerCount), max: Math.ceil(total / reviewerCount) };
}

// Authors and reviewers per municipality: the only figures the municipality condition needs.
export interface MunicipalityCounts {
  labels: string[];
  ids: string[];
  authors: number[];
  reviewers: number[];
  authorTotal: number;
  reviewerTotal: number;
}

export function countByMunicipality(instance: Instance): MunicipalityCounts {
  const count = instance.municipalityIds.length;
  const authors = new Array<number>(count).fill(0);
  const reviewers = new Array<number>(count).fill(0);
  for (const author of instance.authors) authors[instance.municipalityOf[author]]++;
  for (const reviewer of instance.reviewers) reviewers[instance.municipalityOf[reviewer]]++;
  return {
    labels: instance.municipalityLabels,
    ids: instance.municipalityIds,
    authors,
    reviewers,
    authorTotal: instance.authors.length,
    reviewerTotal: instance.reviewers.length,
  };
}

// Reviews that reviewers can give to the authors of municipality set S, each reviewer at most
// `max` and at most one per author outside their own municipality:
//   sum over municipalities m of reviewers(m) * min(max, A(S) - [m in S] * authors(m)).
export function authorSideCapacity(counts: MunicipalityCounts, inSet: boolean[], loadMax: number): { needAuthors: number; capacity: number } {
  let setAuthors = 0;
  counts.authors.forEach((authors, municipality) => {
    if (inSet[municipality]) setAuthors += authors;
  });
  let capacity = 0;
  counts.reviewers.forEach((reviewers, municipality) => {
    const reachable = setAuthors - (inSet[municipality] ? counts.authors[municipality] : 0);
    capacity += reviewers * Math.min(loadMax, reachable);
  });
  return { needAuthors: setAuthors, capacity };
}

// Reviews that the authors can take from the reviewers of municipality set S, each author at most
// k and at most one per reviewer outside their own municipality:
//   sum over municipalities m of authors(m) * min(k, R(S) - [m in S] * reviewers(m)).
export function reviewerSideCapacity(counts: MunicipalityCounts, inSet: boolean[], reviewsPerSubmission: number): { setReviewers: number; capacity: number } {
  let setReviewers = 0;
  counts.reviewers.forEach((reviewers, municipality) => {
    if (inSet[municipality]) setReviewers += reviewers;
  });
  let capacity = 0;
  counts.authors.forEach((authors, municipality) => {
    const reachable = setReviewers - (inSet[municipality] ? counts.reviewers[municipality] : 0);
    capacity += authors * Math.min(reviewsPerSubmission, reachable);
  });
  return { setReviewers, capacity };
}

// The exact feasibility condition for the municipality and load rules alone (no forbidden or
// pinned pairs). With k reviews per author and loads in [lo, hi], a pairing exists if and only if
// for every set S of municipalities
//   (A) k * A(S)  <= sum_m reviewers(m) * min(hi, A(S) - [m in S] * authors(m))   and
//   (R) lo * R(S) <= sum_m authors(m)   * min(k,  R(S) - [m in S] * reviewers(m)).
// Derivation: Hoffman's circulation theorem on source -> author [k,k] -> reviewer [0,1] ->
// sink [lo,hi] gives (A) for every author set X and (R) for every reviewer set Y; the slack of
// (A) is a concave function of how many authors of each municipality X holds (a sum of minima of
// linear functions), so its minimum over the box is at a vertex, where X takes all or none of each
// municipality; the same holds for (R). Singletons and the full set are checked directly because
// they give the clearest messages; all other sets at once by a max-flow over municipalities,
// whose min cut names a violated S when there is one.
// Returns [] when the condition holds.
export function municipalityConditionReasons(instance: Instance, reviewsPerSubmission: number): InfeasibilityReason[] {
  const counts = countByMunicipality(instance);
  const k = reviewsPerSubmission;
  const { authorTotal, reviewerTotal } = counts;
  if (authorTotal === 0) return [];
  if (reviewerTotal === 0) {
    return [
      {
        code: 'NO_REVIEWERS',
        message: `${plural(authorTotal, 'author')} submitted but nobody is eligible to review`,
        needed: k * authorTotal,
        available: 0,
      },
    ];
  }
  const { min: loadMin, max: loadMax } = balancedLoadRange(k, authorTotal, reviewerTotal);
  const municipalityCount = counts.ids.length;
  const reasons: InfeasibilityReason[] = [];

  const singleton = (municipality: number): boolean[] => {
    const inSet = new Array<boolean>(municipalityCount).fill(false);
    inSet[municipality] = true;
    return inSet;
  };
  const authorShortfalls: Array<[shortfall: number, reason: InfeasibilityReason]> = [];
  const reviewerShortfalls: Array<[shortfall: number, reason: InfeasibilityReason]> = [];
  for (let municipality = 0; municipality < municipalityCount; municipality++) {
    const authors = counts.authors[municipality];
    if (authors > 0) {
      const { capacity } = authorSideCapacity(counts, singleton(municipality), loadMax);
      const needed = k * authors;
      if (needed > capacity) {
        authorShortfalls.push([needed - capacity, authorSingletonReason(counts, municipality, k, loadMax, needed, capacity)]);
      }
    }
    const reviewers = counts.reviewers[municipality];
    if (reviewers > 0 && loadMin > 0) {
      const { capacity } = reviewerSideCapacity(counts, singleton(municipality), k);
      const needed = loadMin * reviewers;
      if (needed > capacity) {
        reviewerShortfalls.push([needed - capacity, reviewerSingletonReason(counts, municipality, k, loadMin, needed, capacity)]);
      }
    }
  }
  authorShortfalls.sort((left, right) => right[0] - left[0]);
  reviewerShortfalls.sort((left, right) => right[0] - left[0]);
  reasons.push(...authorShortfalls.map(([, reason]) => reason), ...reviewerShortfalls.map(([, reason]) => reason));
  if (reasons.length > 0) return reasons;

  const everything = new Array<boolean>(municipalityCount).fill(true);
  const allAuthors = authorSideCapacity(counts, everything, loadMax);
  if (k * authorTotal > allAuthors.capacity) {
    reasons.push({
      code: 'REVIEWERS_CANNOT_REACH_OTHER_MUNICIPALITIES',
      message:
        `all ${plural(authorTotal, 'author')} need ${k} reviews each (${k * authorTotal}), but with at most ${loadMax} ` +
        `reviews per reviewer and none within their own municipality the ${plural(reviewerTotal, 'reviewer')} can give at most ${allAuthors.capacity}`,
      needed: k * authorTotal,
      available: allAuthors.capacity,
    });
  }
  if (loadMin > 0) {
    const allReviewers = reviewerSideCapacity(counts, everything, k);
    if (loadMin * reviewerTotal > allReviewers.capacity) {
      reasons.push({
        code: 'AUTHORS_CANNOT_ABSORB_MINIMUM_LOAD',
        message:
          `every one of the ${plural(reviewerTotal, 'reviewer')} must give at least ${loadMin} reviews (${loadMin * reviewerTotal}), ` +
          `but the ${plural(authorTotal, 'author')} can take at most ${allReviewers.capacity} from reviewers of other municipalities`,
        needed: loadMin * reviewerTotal,
        available: allReviewers.capacity,
      });
    }
  }
  if (reasons.length > 0) return reasons;

  const violated = violatedSetByFlow(counts, k, loadMin, loadMax);
  if (violated === null) return [];
  const names = violated.municipalities.map((municipality) => counts.labels[municipality]);
  const ids = violated.municipalities.map((municipality) => counts.ids[municipality]);
  if (violated.side === 'authors') {
    return [
      {
        code: 'MUNICIPALITIES_NEED_MORE_REVIEWS',
        message:
          `${listNames(names, 8)} together have ${violated.setSize} of ${authorTotal} authors; with ${k} reviews each they need ` +
          `${violated.needed} reviews, but reviewers can give them at most ${violated.available} ` +
          `(at most ${loadMax} per reviewer and none to an author of their own municipality)`,
        municipalityIds: ids,
        needed: violated.needed,
        available: violated.available,
      },
    ];
  }
  return [
    {
      code: 'MUNICIPALITIES_REVIEWERS_UNDERUSED',
      message:
        `${listNames(names, 8)} together have ${violated.setSize} of ${reviewerTotal} reviewers, who must give at least ${loadMin} ` +
        `reviews each (${violated.needed}), but authors of other municipalities can take at most ${violated.available} from them`,
      municipalityIds: ids,
      needed: violated.needed,
      available: violated.available,
    },
  ];
}

function authorSingletonReason(
  counts: MunicipalityCounts,
  municipality: number,
  k: number,
  loadMax: number,
  needed: number,
  capacity: number,
): InfeasibilityReason {
  const authors = counts.authors[municipality];
  const others = counts.reviewerTotal - counts.reviewers[municipality];
  const limit =
    others === 0
      ? ''
      : authors < loadMax
        ? ` (each can review each of these ${authors} only once)`
        : ` (at most ${loadMax} each)`;
  return {
    code: 'MUNICIPALITY_NEEDS_MORE_REVIEWS',
    message:
      `${counts.labels[municipality]} has ${authors} of ${counts.authorTotal} authors; with ${plural(k, 'review')} each they need ` +
      `${needed} reviews from the ${plural(others, 'reviewer')} of other municipalities, who can give at most ${capacity}${limit}`,
    municipalityIds: [counts.ids[municipality]],
    needed,
    available: capacity,
  };
}

function reviewerSingletonReason(
  counts: MunicipalityCounts,
  municipality: number,
  k: number,
  loadMin: number,
  needed: number,
  capacity: number,
): InfeasibilityReason {
  const reviewers = counts.reviewers[municipality];
  const otherAuthors = counts.authorTotal - counts.authors[municipality];
  const limit = reviewers < k ? ` (one from each of these reviewers)` : ` (${k} each)`;
  return {
    code: 'MUNICIPALITY_REVIEWERS_UNDERUSED',
    message:
      `${counts.labels[municipality]} has ${reviewers} of ${counts.reviewerTotal} reviewers, who must give at least ${loadMin} ` +
      `reviews each (${needed}), but the ${plural(otherAuthors, 'author')} of other municipalities can take at most ${capacity} from them${otherAuthors > 0 ? limit : ''}`,
    municipalityIds: [counts.ids[municipality]],
    needed,
    available: capacity,
  };
}

interface ViolatedSet {
  side: 'authors' | 'reviewers';
  municipalities: number[];
  setSize: number;
  needed: number;
  available: number;
}

// Max-flow over municipalities (author group -> reviewer group of another municipality ->
// load bounds). It is feasible exactly when (A) and (R) hold for all sets; otherwise the nodes
// still reachable from excess form a min cut: if the load sink is among them the unreached
// reviewer groups violate (R), else the reached author groups violate (A).
export function violatedSetByFlow(counts: MunicipalityCounts, k: number, loadMin: number, loadMax: number): ViolatedSet | null {
  const municipalityCount = counts.ids.length;
  const authorNode = new Int32Array(municipalityCount).fill(-1);
  const reviewerNode = new Int32Array(municipalityCount).fill(-1);
  let nodeCount = 0;
  counts.authors.forEach((authors, municipality) => {
    if (authors > 0) authorNode[municipality] = nodeCount++;
  });
  counts.reviewers.forEach((reviewers, municipality) => {
    if (reviewers > 0) reviewerNode[municipality] = nodeCount++;
  });
  const sink = nodeCount++;
  const total = k * counts.authorTotal;
  // Any arc capacity above the total supply can never lie in a violated cut, so clamping keeps
  // the cut analysis intact while staying within 32-bit capacities.
  const clamp = total + 1;
  const network = new FlowNetwork(nodeCount, municipalityCount * municipalityCount + municipalityCount);
  for (let from = 0; from < municipalityCount; from++) {
    if (authorNode[from] < 0) continue;
    network.excess[authorNode[from]] = k * counts.authors[from];
    for (let to = 0; to < municipalityCount; to++) {
      if (to === from || reviewerNode[to] < 0) continue;
      network.addArc(authorNode[from], reviewerNode[to], Math.min(clamp, counts.authors[from] * counts.reviewers[to]), 0);
    }
  }
  for (let municipality = 0; municipality < municipalityCount; municipality++) {
    if (reviewerNode[municipality] < 0) continue;
    const reviewers = counts.reviewers[municipality];
    network.excess[reviewerNode[municipality]] = -loadMin * reviewers;
    if (loadMax > loadMin) network.addArc(reviewerNode[municipality], sink, (loadMax - loadMin) * reviewers, 0);
  }
  network.excess[sink] = -(total - loadMin * counts.reviewerTotal);
  const reached = network.balance();
  if (reached === null) return null;
  if (reached[sink]) {
    const inSet = counts.reviewers.map((reviewers, municipality) => reviewers > 0 && !reached[reviewerNode[municipality]]);
    const { setReviewers, capacity } = reviewerSideCapacity(counts, inSet, k);
    return {
      side: 'reviewers',
      municipalities: inSet.flatMap((member, municipality) => (member ? [municipality] : [])),
      setSize: setReviewers,
      needed: loadMin * setReviewers,
      available: capacity,
    };
  }
  const inSet = counts.authors.map((authors, municipality) => authors > 0 && reached[authorNode[municipality]] === 1);
  const { needAuthors, capacity } = authorSideCapacity(counts, inSet, loadMax);
  return {
    side: 'authors',
    municipalities: inSet.flatMap((member, municipality) => (member ? [municipality] : [])),
    setSize: needAuthors,
    needed: k * needAuthors,
    available: capacity,
  };
}
