import { balancedLoadRange } from './feasibility';
import { buildInstance, pairKey } from './instance';
import { type IndexedPair, pairingMetrics, totalCost } from './metrics';
import { plural } from './text';
import type { MatchInput, PairingCheck, PairingViolation, PairTuple } from './types';

/** A pair as a tuple or as an object with reviewerId and authorId (extra fields are ignored). */
export type PairToCheck = PairTuple | { reviewerId: string; authorId: string };

/**
 * Re-checks every hard rule for a (coach-edited) pairing of the assignment described by `input`:
 * known participants, no self review, different municipalities, no forbidden pair, every pinned
 * pair present, no pair twice, only eligible reviewers and submitted authors, exactly k reviews
 * per author and every eligible reviewer's load within floor/ceil of k * authors / reviewers.
 * Never throws for a bad pairing; it throws MatchingInputError only when `input` itself is invalid.
 */
export function checkPairing(input: MatchInput, pairs: PairToCheck[]): PairingCheck {
  const instance = buildInstance(input);
  const k = instance.reviewsPerSubmission;
  const violations: PairingViolation[] = [];
  const known: IndexedPair[] = [];
  const seen = new Set<number>();
  const received = new Int32Array(instance.participantCount);
  const given = new Int32Array(instance.participantCount);

  pairs.forEach((pair, position) => {
    const reviewerId = Array.isArray(pair) ? pair[0] : pair.reviewerId;
    const authorId = Array.isArray(pair) ? pair[1] : pair.authorId;
    const reviewer = instance.indexById.get(reviewerId);
    const author = instance.indexById.get(authorId);
    if (reviewer === undefined || author === undefined) {
      const unknown = [reviewer === undefined ? reviewerId : null, author === undefined ? authorId : null].filter((id) => id !== null);
      violations.push({
        code: 'UNKNOWN_PARTICIPANT',
        message: `pair ${position + 1} (${reviewerId} reviews ${authorId}): ${unknown.map((id) => `"${id}"`).join(' and ')} ${unknown.length === 1 ? 'is not a participant' : 'are not participants'}`,
        reviewerId,
        authorId,
      });
      return;
    }
    const reviewerName = instance.displayNames[reviewer];
    const authorName = instance.displayNames[author];
    const add = (code: PairingViolation['code'], message: string): void => {
      violations.push({ code, message, reviewerId, authorId });
    };
    const key = pairKey(instance, reviewer, author);
    if (seen.has(key)) {
      add('DUPLICATE_PAIR', `${reviewerName} reviews ${authorName} more than once`);
      return;
    }
    seen.add(key);
    if (reviewer === author) add('SELF_REVIEW', `${reviewerName} cannot review their own work`);
    else if (instance.municipalityOf[reviewer] === instance.municipalityOf[author]) {
      add(
        'SAME_MUNICIPALITY',
        `${reviewerName} and ${authorName} are both from ${instance.municipalityLabels[instance.municipalityOf[author]]}; reviewer and author must be from different municipalities`,
      );
    }
    if (instance.forbiddenKeys.has(key)) add('FORBIDDEN_PAIR', `a coach has forbidden ${reviewerName} reviewing ${authorName}`);
    if (!instance.isReviewer[reviewer]) add('REVIEWER_NOT_ELIGIBLE', `${reviewerName} is not an eligible reviewer for this assignment`);
    if (!instance.isAuthor[author]) add('AUTHOR_NOT_SUBMITTED', `${authorName} has not submitted, so cannot be reviewed`);
    known.push([reviewer, author]);
    received[author]++;
    given[reviewer]++;
  });

  for (const [reviewer, author] of instance.pinned) {
    if (!seen.has(pairKey(instance, reviewer, author))) {
      violations.push({
        code: 'PINNED_PAIR_MISSING',
        message: `a coach pinned ${instance.displayNames[reviewer]} to review ${instance.displayNames[author]}, but the pair is missing`,
        reviewerId: instance.ids[reviewer],
        authorId: instance.ids[author],
      });
    }
  }
  for (const author of instance.authors) {
    if (received[author] !== k) {
      violations.push({
        code: 'AUTHOR_REVIEW_COUNT',
        message: `${instance.displayNames[author]} gets ${plural(received[author], 'review')} instead of ${k}`,
        authorId: instance.ids[author],
      });
    }
  }
  const loadBounds = balancedLoadRange(k, instance.authors.length, instance.reviewers.length);
  for (const reviewer of instance.reviewers) {
    const load = given[reviewer];
    if (load < loadBounds.min || load > loadBounds.max) {
      const range = loadBounds.min === loadBounds.max ? `${loadBounds.min}` : `${loadBounds.min} or ${loadBounds.max}`;
      violations.push({
        code: 'REVIEWER_LOAD_OUT_OF_RANGE',
        message: `${instance.displayNames[reviewer]} gives ${plural(load, 'review')}; every reviewer must give ${range}`,
        reviewerId: instance.ids[reviewer],
      });
    }
  }
  return {
    valid: violations.length === 0,
    violations,
    cost: totalCost(instance, known),
    metrics: pairingMetrics(instance, known),
    loadBounds,
  };
}
