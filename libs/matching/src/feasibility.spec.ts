import fc from 'fast-check';
import {
  feasibleByMaxFlow,
  hardRuleProblems,
  instanceArbitrary,
  toPlain,
} from '../test-support/reference';
import { municipalityConditionReasons } from './feasibility';
import { assignReviewers, type MatchInput, type ParticipantInput } from './index';
import { buildInstance } from './instance';

/** A cohort with the given authors and reviewers per municipality (people may be both). */
function cohortFromCounts(authors: number[], reviewers: number[], k: number): MatchInput {
  const participants: ParticipantInput[] = [];
  const authorIds: string[] = [];
  const reviewerIds: string[] = [];
  authors.forEach((authorCount, municipality) => {
    const people = Math.max(authorCount, reviewers[municipality]);
    for (let index = 0; index < people; index++) {
      const id = `m${municipality}p${index}`;
      participants.push({ id, municipalityId: `GM${1000 + municipality}`, domainId: 'IM' });
      if (index < authorCount) authorIds.push(id);
      if (index < reviewers[municipality]) reviewerIds.push(id);
    }
  });
  return { reviewsPerSubmission: k, participants, authors: authorIds, reviewers: reviewerIds };
}

/** The derived condition evaluated by brute force over every set of municipalities. */
function bruteForceCondition(authors: number[], reviewers: number[], k: number): boolean {
  const authorTotal = authors.reduce((sum, count) => sum + count, 0);
  const reviewerTotal = reviewers.reduce((sum, count) => sum + count, 0);
  if (authorTotal === 0) return true;
  if (reviewerTotal === 0) return false;
  const loadMin = Math.floor((k * authorTotal) / reviewerTotal);
  const loadMax = Math.ceil((k * authorTotal) / reviewerTotal);
  const municipalities = authors.length;
  for (let set = 1; set < 1 << municipalities; set++) {
    const member = (municipality: number): boolean => ((set >> municipality) & 1) === 1;
    let setAuthors = 0;
    let setReviewers = 0;
    for (let municipality = 0; municipality < municipalities; municipality++) {
      if (member(municipality)) {
        setAuthors += authors[municipality];
        setReviewers += reviewers[municipality];
      }
    }
    let authorCapacity = 0;
    let reviewerCapacity = 0;
    for (let municipality = 0; municipality < municipalities; municipality++) {
      authorCapacity += reviewers[municipality] * Math.min(loadMax, setAuthors - (member(municipality) ? authors[municipality] : 0));
      reviewerCapacity += authors[municipality] * Math.min(k, setReviewers - (member(municipality) ? reviewers[municipality] : 0));
    }
    if (k * setAuthors > authorCapacity || loadMin * setReviewers > reviewerCapacity) return false;
  }
  return true;
}

const countsArbitrary = fc.record({
  authors: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 6 }),
  reviewerDelta: fc.array(fc.integer({ min: -3, max: 2 }), { minLength: 6, maxLength: 6 }),
  k: fc.integer({ min: 1, max: 5 }),
});

describe('derived feasibility condition (municipalities and loads)', () => {
  it('the flow evaluation equals the condition checked over all municipality subsets', () => {
    fc.assert(
      fc.property(countsArbitrary, ({ authors, reviewerDelta, k }) => {
        const reviewers = authors.map((count, index) => Math.max(0, count + reviewerDelta[index]));
        const instance = buildInstance(cohortFromCounts(authors, reviewers, k));
        expect(municipalityConditionReasons(instance, k).length === 0).toBe(bruteForceCondition(authors, reviewers, k));
      }),
      { numRuns: 3000, seed: 42 },
    );
  });

  it('the condition is exact: it agrees with a person-level max-flow', () => {
    fc.assert(
      fc.property(countsArbitrary, ({ authors, reviewerDelta, k }) => {
        const reviewers = authors.map((count, index) => Math.max(0, count + reviewerDelta[index]));
        const input = cohortFromCounts(authors, reviewers, k);
        expect(bruteForceCondition(authors, reviewers, k)).toBe(feasibleByMaxFlow(toPlain(input)));
      }),
      { numRuns: 600, seed: 7 },
    );
  });

  it('explains the classic case in coach language', () => {
    const participants: ParticipantInput[] = [];
    for (let index = 0; index < 24; index++) {
      participants.push({ id: `p${index}`, municipalityId: index < 14 ? 'GM0363' : `GM10${index % 5}`, domainId: 'IM' });
    }
    const result = assignReviewers({ reviewsPerSubmission: 2, participants, municipalityNames: { GM0363: 'Amsterdam' } });
    expect(result.status).toBe('infeasible');
    if (result.status !== 'infeasible') return;
    expect(result.reasons[0].message).toBe(
      'GM0363 Amsterdam has 14 of 24 authors; with 2 reviews each they need 28 reviews from the 10 reviewers of other municipalities, who can give at most 20 (at most 2 each)',
    );
    expect(result.reasons[0]).toMatchObject({ code: 'MUNICIPALITY_NEEDS_MORE_REVIEWS', needed: 28, available: 20, municipalityIds: ['GM0363'] });
    expect(result.maxFeasibleReviewsPerSubmission).toBe(0);
  });

  it('names a pair of municipalities when no single one is to blame', () => {
    // Sizes 4, 1, 3, 1 with k = 5: every singleton and the whole cohort pass, the two large ones together do not.
    const result = assignReviewers(cohortFromCounts([4, 1, 3, 1], [4, 1, 3, 1], 5));
    expect(result.status).toBe('infeasible');
    if (result.status !== 'infeasible') return;
    expect(result.reasons).toHaveLength(1);
    expect(result.reasons[0]).toMatchObject({
      code: 'MUNICIPALITIES_NEED_MORE_REVIEWS',
      municipalityIds: ['GM1000', 'GM1002'],
      needed: 35,
      available: 34,
    });
    expect(result.maxFeasibleReviewsPerSubmission).toBe(4);
  });
});

describe('verdict in both directions, with forbidden and pinned pairs', () => {
  it('agrees with an independent max-flow, and results obey every hard rule', () => {
    let infeasibleSeen = 0;
    let feasibleSeen = 0;
    fc.assert(
      fc.property(
        instanceArbitrary({ maxPeople: 16, maxK: 3, withPinned: true, withForbidden: true, skewed: true }),
        (input) => {
          const plain = toPlain(input);
          const expected = feasibleByMaxFlow(plain);
          const result = assignReviewers(input, { strategy: 'sparse', extraCandidatesPerReviewer: 1 });
          expect(result.status).toBe(expected ? 'ok' : 'infeasible');
          if (result.status === 'ok') {
            feasibleSeen++;
            expect(hardRuleProblems(plain, result.pairs)).toEqual([]);
            const [loadMin, loadMax] = [
              Math.floor((plain.k * plain.authors.length) / Math.max(1, plain.reviewers.length)),
              Math.ceil((plain.k * plain.authors.length) / Math.max(1, plain.reviewers.length)),
            ];
            if (plain.authors.length > 0) {
              expect(result.metrics.reviewerLoad.min).toBeGreaterThanOrEqual(loadMin);
              expect(result.metrics.reviewerLoad.max).toBeLessThanOrEqual(loadMax);
            }
            return;
          }
          infeasibleSeen++;
          expect(result.reasons.length).toBeGreaterThan(0);
          for (const reason of result.reasons) {
            expect(reason.message.length).toBeGreaterThan(20);
            if (reason.needed !== undefined && reason.available !== undefined) {
              expect(reason.needed).toBeGreaterThan(reason.available);
            }
          }
          const best = result.maxFeasibleReviewsPerSubmission;
          expect(best).toBeLessThan(plain.k);
          if (best > 0) expect(feasibleByMaxFlow(plain, best)).toBe(true);
          for (let candidate = best + 1; candidate < plain.k; candidate++) {
            expect(feasibleByMaxFlow(plain, candidate)).toBe(false);
          }
        },
      ),
      { numRuns: 1500, seed: 99 },
    );
    expect(infeasibleSeen).toBeGreaterThan(200);
    expect(feasibleSeen).toBeGreaterThan(200);
  });

  it('handles a municipality that holds 40% (feasible) and one that holds 60% (not) of a larger cohort', () => {
    const cohort = (share: number): MatchInput => {
      const participants: ParticipantInput[] = [];
      for (let index = 0; index < 50; index++) {
        participants.push({
          id: `p${index}`,
          municipalityId: index < share * 50 ? 'GM0363' : `GM${2000 + (index % 9)}`,
          domainId: `D${index % 4}`,
        });
      }
      return { reviewsPerSubmission: 3, participants, seed: 5 };
    };
    const forty = assignReviewers(cohort(0.4));
    expect(forty.status).toBe('ok');
    expect(feasibleByMaxFlow(toPlain(cohort(0.4)))).toBe(true);
    const sixty = assignReviewers(cohort(0.6));
    expect(sixty.status).toBe('infeasible');
    expect(feasibleByMaxFlow(toPlain(cohort(0.6)))).toBe(false);
  });
});
