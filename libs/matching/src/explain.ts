import { MatchingInputError } from './errors';
import { buildInstance, type Instance, pairKey } from './instance';
import type { HistoryReference, MatchInput, PairExplanation } from './types';

const historyIndexCache = new WeakMap<Instance, Map<number, number[]>>();

// History entry positions per participant (either side), built once per instance.
function historyByParticipant(instance: Instance): Map<number, number[]> {
  let index = historyIndexCache.get(instance);
  if (index !== undefined) return index;
  index = new Map();
  const built = index;
  instance.history.forEach((entry, position) => {
    for (const participant of [entry.reviewer, entry.author]) {
      const list = built.get(participant);
      if (list === undefined) built.set(participant, [position]);
      else list.push(position);
    }
  });
  historyIndexCache.set(instance, index);
  return index;
}

function reference(instance: Instance, position: number): HistoryReference {
  const entry = instance.history[position];
  const result: HistoryReference = { reviewerId: instance.ids[entry.reviewer], authorId: instance.ids[entry.author] };
  if (entry.assignmentId !== undefined) result.assignmentId = entry.assignmentId;
  return result;
}

function describeEarlier(instance: Instance, position: number): string {
  const entry = instance.history[position];
  const where = entry.assignmentId === undefined ? '' : ` in ${entry.assignmentId}`;
  return `${instance.displayNames[entry.reviewer]} reviewed ${instance.displayNames[entry.author]}${where}`;
}

// Explanation of one pair given as indices; shared by `explainPair` and result annotations.
export function explainIndexedPair(instance: Instance, reviewer: number, author: number): PairExplanation {
  const { weights } = instance;
  const notSelf = reviewer !== author;
  const reviewerMunicipality = instance.municipalityOf[reviewer];
  const authorMunicipality = instance.municipalityOf[author];
  const differentMunicipality = reviewerMunicipality !== authorMunicipality;
  const key = pairKey(instance, reviewer, author);
  const notForbidden = !instance.forbiddenKeys.has(key);
  const pinned = instance.pinnedKeys.has(key);
  const reviewerEligible = instance.isReviewer[reviewer] === 1;
  const authorSubmitted = instance.isAuthor[author] === 1;

  const sameDomainApplies = instance.domainOf[reviewer] === instance.domainOf[author];
  const earlier = historyByParticipant(instance).get(reviewer) ?? [];
  const repeatPairs: number[] = [];
  const municipalityPairs: number[] = [];
  for (const position of earlier) {
    const entry = instance.history[position];
    const partner = entry.reviewer === reviewer ? entry.author : entry.reviewer;
    if (partner === author) repeatPairs.push(position);
    if (instance.municipalityOf[partner] === authorMunicipality) municipalityPairs.push(position);
  }
  const repeatApplies = repeatPairs.length > 0;
  const municipalityApplies = municipalityPairs.length > 0;
  const sameDomainCost = sameDomainApplies ? weights.sameDomain : 0;
  const repeatCost = repeatApplies ? weights.repeat : 0;
  const municipalityCost = municipalityApplies ? weights.repeatMunicipality : 0;

  const reviewerName = instance.displayNames[reviewer];
  const authorName = instance.displayNames[author];
  const messages: string[] = [];
  messages.push(notSelf ? `${reviewerName} does not review their own work.` : `${reviewerName} cannot review their own work.`);
  messages.push(
    differentMunicipality
      ? `Different municipalities: ${reviewerName} is from ${instance.municipalityLabels[reviewerMunicipality]}, ${authorName} from ${instance.municipalityLabels[authorMunicipality]}.`
      : `Both are from ${instance.municipalityLabels[authorMunicipality]}; reviewer and author must be from different municipalities.`,
  );
  messages.push(notForbidden ? 'No coach has forbidden this pair.' : 'A coach has forbidden this pair.');
  if (pinned) messages.push('A coach has pinned this pair.');
  if (!reviewerEligible) messages.push(`${reviewerName} is not among the eligible reviewers.`);
  if (!authorSubmitted) messages.push(`${authorName} has not submitted.`);
  messages.push(
    sameDomainApplies
      ? `Both work in business domain ${instance.domainIds[instance.domainOf[author]]}: cost ${sameDomainCost}.`
      : `Different business domains (${instance.domainIds[instance.domainOf[reviewer]]} and ${instance.domainIds[instance.domainOf[author]]}): no cost.`,
  );
  if (repeatApplies) {
    messages.push(`They exchanged a review before (${repeatPairs.map((position) => describeEarlier(instance, position)).join('; ')}): cost ${repeatCost}.`);
  }
  if (municipalityApplies) {
    messages.push(
      `${reviewerName} already exchanged a review with ${instance.municipalityLabels[authorMunicipality]} ` +
        `(${municipalityPairs.map((position) => describeEarlier(instance, position)).join('; ')}): cost ${municipalityCost}.`,
    );
  }

  return {
    reviewerId: instance.ids[reviewer],
    authorId: instance.ids[author],
    allowed: notSelf && differentMunicipality && notForbidden && reviewerEligible && authorSubmitted,
    hard: { notSelf, differentMunicipality, notForbidden, reviewerEligible, authorSubmitted, pinned },
    soft: {
      sameDomain: { applies: sameDomainApplies, cost: sameDomainCost, domainId: instance.domainIds[instance.domainOf[author]] },
      repeat: { applies: repeatApplies, cost: repeatCost, earlierPairs: repeatPairs.map((position) => reference(instance, position)) },
      municipalityMet: {
        applies: municipalityApplies,
        cost: municipalityCost,
        municipalityId: instance.municipalityIds[authorMunicipality],
        earlierPairs: municipalityPairs.map((position) => reference(instance, position)),
      },
    },
    cost: sameDomainCost + repeatCost + municipalityCost,
    messages,
  };
}

/**
 * Explains one reviewer -> author pair: which hard rules it satisfies and which soft costs it pays,
 * naming the earlier reviews that made it a repeat or its municipality already met.
 * @throws MatchingInputError for invalid input or unknown ids.
 */
export function explainPair(input: MatchInput, reviewerId: string, authorId: string): PairExplanation {
  const instance = buildInstance(input);
  const reviewer = instance.indexById.get(reviewerId);
  if (reviewer === undefined) throw new MatchingInputError('UNKNOWN_ID', 'reviewerId', `unknown participant id "${reviewerId}"`);
  const author = instance.indexById.get(authorId);
  if (author === undefined) throw new MatchingInputError('UNKNOWN_ID', 'authorId', `unknown participant id "${authorId}"`);
  return explainIndexedPair(instance, reviewer, author);
}
