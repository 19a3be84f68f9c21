import type { Instance } from './instance';
import { listNames, plural } from './text';
import type { InfeasibilityReason } from './types';

// Pairs (reviewer, author) that may not be added: forbidden ones and those already placed.
function blockedPairsByParticipant(instance: Instance, fixedKeys: Set<number>): { byAuthor: Map<number, number[]>; byReviewer: Map<number, number[]> } {
  const count = instance.participantCount;
  const byAuthor = new Map<number, number[]>();
  const byReviewer = new Map<number, number[]>();
  const seen = new Set<number>();
  const add = (key: number): void => {
    if (seen.has(key)) return;
    seen.add(key);
    const reviewer = Math.floor(key / count);
    const author = key - reviewer * count;
    if (instance.municipalityOf[reviewer] === instance.municipalityOf[author]) return;
    const forAuthor = byAuthor.get(author);
    if (forAuthor === undefined) byAuthor.set(author, [reviewer]);
    else forAuthor.push(reviewer);
    const forReviewer = byReviewer.get(reviewer);
    if (forReviewer === undefined) byReviewer.set(reviewer, [author]);
    else forReviewer.push(author);
  };
  for (const key of instance.forbiddenKeys) add(key);
  for (const key of fixedKeys) add(key);
  return { byAuthor, byReviewer };
}

// Pinned pairs count towards the author's k and the reviewer's load; these checks catch pins that
// alone exceed what the load rules allow.
export function pinnedLoadReasons(instance: Instance, reviewsPerSubmission: number, loadMin: number, loadMax: number): InfeasibilityReason[] {
  const reasons: InfeasibilityReason[] = [];
  const perAuthor = new Map<number, number>();
  const perReviewer = new Map<number, number>();
  for (const [reviewer, author] of instance.pinned) {
    perAuthor.set(author, (perAuthor.get(author) ?? 0) + 1);
    perReviewer.set(reviewer, (perReviewer.get(reviewer) ?? 0) + 1);
  }
  for (const [author, pins] of perAuthor) {
    if (pins > reviewsPerSubmission) {
      reasons.push({
        code: 'PINNED_EXCEEDS_REVIEWS_PER_SUBMISSION',
        message: `${instance.displayNames[author]} has ${plural(pins, 'pinned reviewer')} but receives only ${reviewsPerSubmission} reviews`,
        participantIds: [instance.ids[author]],
        needed: pins,
        available: reviewsPerSubmission,
      });
    }
  }
  let aboveMinimum = 0;
  for (const [reviewer, pins] of perReviewer) {
    if (pins > loadMax) {
      reasons.push({
        code: 'PINNED_EXCEEDS_REVIEWER_LOAD',
        message: `${instance.displayNames[reviewer]} is pinned to ${plural(pins, 'author')} but every reviewer gives at most ${loadMax} reviews`,
        participantIds: [instance.ids[reviewer]],
        needed: pins,
        available: loadMax,
      });
    }
    aboveMinimum += Math.max(0, pins - loadMin);
  }
  const slotsAtMaximum = reviewsPerSubmission * instance.authors.length - loadMin * instance.reviewers.length;
  if (reasons.length === 0 && aboveMinimum > slotsAtMaximum) {
    reasons.push({
      code: 'PINNED_TOO_MANY_REVIEWERS_AT_MAXIMUM',
      message:
        `pinned pairs give ${plural(aboveMinimum, 'reviewer')} more than ${loadMin} reviews, but the loads balance only if ` +
        `${slotsAtMaximum === 0 ? 'nobody gets' : `at most ${slotsAtMaximum} get`} ${loadMax}`,
      needed: aboveMinimum,
      available: slotsAtMaximum,
    });
  }
  return reasons;
}

// Single authors or reviewers left with too few allowed counterparts by forbidden pairs.
export function individualReasons(
  instance: Instance,
  demand: Int32Array,
  lower: Int32Array,
  fixedKeys: Set<number>,
): InfeasibilityReason[] {
  const reasons: InfeasibilityReason[] = [];
  const municipalityCount = instance.municipalityIds.length;
  const reviewersPerMunicipality = new Array<number>(municipalityCount).fill(0);
  for (const reviewer of instance.reviewers) reviewersPerMunicipality[instance.municipalityOf[reviewer]]++;
  const { byAuthor, byReviewer } = blockedPairsByParticipant(instance, fixedKeys);
  for (const author of instance.authors) {
    if (demand[author] <= 0) continue;
    const blocked = (byAuthor.get(author) ?? []).filter((reviewer) => instance.isReviewer[reviewer]).length;
    const allowed = instance.reviewers.length - reviewersPerMunicipality[instance.municipalityOf[author]] - blocked;
    if (allowed < demand[author]) {
      reasons.push({
        code: 'AUTHORS_SHORT_OF_ALLOWED_REVIEWERS',
        message:
          `${instance.displayNames[author]} needs ${plural(demand[author], 'more review')} but only ${plural(allowed, 'reviewer')} ` +
          `of other municipalities ${allowed === 1 ? 'is' : 'are'} still allowed to review them`,
        participantIds: [instance.ids[author]],
        needed: demand[author],
        available: allowed,
      });
      if (reasons.length > 20) break;
    }
  }
  let openAuthors = 0;
  const openPerMunicipality = new Array<number>(municipalityCount).fill(0);
  for (const author of instance.authors) {
    if (demand[author] <= 0) continue;
    openAuthors++;
    openPerMunicipality[instance.municipalityOf[author]]++;
  }
  for (const reviewer of instance.reviewers) {
    if (lower[reviewer] <= 0) continue;
    const blocked = (byReviewer.get(reviewer) ?? []).filter((author) => instance.isAuthor[author] && demand[author] > 0).length;
    const allowed = openAuthors - openPerMunicipality[instance.municipalityOf[reviewer]] - blocked;
    if (allowed < lower[reviewer]) {
      reasons.push({
        code: 'REVIEWERS_SHORT_OF_ALLOWED_AUTHORS',
        message:
          `${instance.displayNames[reviewer]} must give at least ${plural(lower[reviewer], 'more review')} but only ` +
          `${plural(allowed, 'author')} of other municipalities ${allowed === 1 ? 'is' : 'are'} still open to them`,
        participantIds: [instance.ids[reviewer]],
        needed: lower[reviewer],
        available: allowed,
      });
    }
    if (reasons.length > 20) break;
  }
  return reasons;
}

// Turns a min cut of the person-level flow into a sentence: either a set of authors whose
// allowed reviewers cannot supply enough reviews, or a set of reviewers whose allowed authors
// cannot absorb their minimum load.
export function cutReason(
  instance: Instance,
  cut: { reachedAuthors: number[]; unreachedReviewers: number[]; sinkReached: boolean },
  demand: Int32Array,
  lower: Int32Array,
  upper: Int32Array,
  fixedKeys: Set<number>,
): InfeasibilityReason {
  const { byAuthor, byReviewer } = blockedPairsByParticipant(instance, fixedKeys);
  const municipalityCount = instance.municipalityIds.length;
  if (!cut.sinkReached) {
    const authors = cut.reachedAuthors.filter((author) => demand[author] > 0);
    const inSet = new Uint8Array(instance.participantCount);
    const perMunicipality = new Array<number>(municipalityCount).fill(0);
    let needed = 0;
    for (const author of authors) {
      inSet[author] = 1;
      perMunicipality[instance.municipalityOf[author]]++;
      needed += demand[author];
    }
    let available = 0;
    const helpers: string[] = [];
    for (const reviewer of instance.reviewers) {
      const blocked = (byReviewer.get(reviewer) ?? []).filter((author) => inSet[author]).length;
      const reachable = authors.length - perMunicipality[instance.municipalityOf[reviewer]] - blocked;
      const give = Math.min(upper[reviewer], reachable);
      if (give > 0) helpers.push(instance.displayNames[reviewer]);
      available += Math.max(0, give);
    }
    return {
      code: 'AUTHORS_SHORT_OF_ALLOWED_REVIEWERS',
      message:
        `${listNames(authors.map((author) => instance.displayNames[author]))} need ${needed} more reviews together, but the ` +
        `reviewers still allowed to review them (other municipality, not forbidden, not yet paired with them${helpers.length > 0 && helpers.length <= 5 ? `: ${listNames(helpers)}` : ''}) ` +
        `can give at most ${available}`,
      participantIds: authors.map((author) => instance.ids[author]),
      needed,
      available,
    };
  }
  const reviewers = cut.unreachedReviewers.filter((reviewer) => lower[reviewer] > 0);
  const inSet = new Uint8Array(instance.participantCount);
  const perMunicipality = new Array<number>(municipalityCount).fill(0);
  let needed = 0;
  for (const reviewer of reviewers) {
    inSet[reviewer] = 1;
    perMunicipality[instance.municipalityOf[reviewer]]++;
    needed += lower[reviewer];
  }
  let available = 0;
  for (const author of instance.authors) {
    if (demand[author] <= 0) continue;
    const blocked = (byAuthor.get(author) ?? []).filter((reviewer) => inSet[reviewer]).length;
    const reachable = reviewers.length - perMunicipality[instance.municipalityOf[author]] - blocked;
    available += Math.max(0, Math.min(demand[author], reachable));
  }
  return {
    code: 'REVIEWERS_SHORT_OF_ALLOWED_AUTHORS',
    message:
      `${listNames(reviewers.map((reviewer) => instance.displayNames[reviewer]))} must give at least ${needed} more reviews together, ` +
      `but the authors they may still review (other municipality, not forbidden, not yet paired with them) can take at most ${available}`,
    participantIds: reviewers.map((reviewer) => instance.ids[reviewer]),
    needed,
    available,
  };
}
