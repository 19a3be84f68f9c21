import fc from 'fast-check';
import {
  dpOptimum,
  hardRuleProblems,
  instanceArbitrary,
  largeCohortArbitrary,
  minCostFlowOptimum,
  pairingCost,
  toPlain,
} from '../test-support/reference';
import { assignReviewers } from './index';

describe('assignReviewers is an exact optimum', () => {
  it('equals a DP over load vectors on thousands of tiny instances (dense and sparse column generation)', () => {
    let feasibleSeen = 0;
    fc.assert(
      fc.property(instanceArbitrary({ maxPeople: 7, maxK: 2, withPinned: true, withForbidden: true, skewed: true }), (input) => {
        const plain = toPlain(input);
        const expected = dpOptimum(plain);
        const dense = assignReviewers(input, { strategy: 'dense' });
        const sparse = assignReviewers(input, { strategy: 'sparse', extraCandidatesPerReviewer: 0 });
        if (expected === null) {
          expect(dense.status).toBe('infeasible');
          expect(sparse.status).toBe('infeasible');
          return;
        }
        feasibleSeen++;
        if (dense.status !== 'ok' || sparse.status !== 'ok') throw new Error(`expected a pairing of cost ${expected}`);
        expect(hardRuleProblems(plain, dense.pairs)).toEqual([]);
        expect(hardRuleProblems(plain, sparse.pairs)).toEqual([]);
        expect(dense.cost).toBe(expected);
        expect(sparse.cost).toBe(expected);
        expect(pairingCost(plain, dense.pairs)).toBe(dense.cost);
      }),
      { numRuns: 2500, seed: 20250101 },
    );
    expect(feasibleSeen).toBeGreaterThan(500);
  });

  it('equals a Bellman-Ford min-cost flow on medium instances', () => {
    fc.assert(
      fc.property(instanceArbitrary({ maxPeople: 22, maxK: 3, withPinned: true, withForbidden: true }), (input) => {
        const plain = toPlain(input);
        const expected = minCostFlowOptimum(plain);
        const sparse = assignReviewers(input, { strategy: 'sparse', extraCandidatesPerReviewer: 1 });
        if (expected === null) {
          expect(sparse.status).toBe('infeasible');
          return;
        }
        if (sparse.status !== 'ok') throw new Error(`expected a pairing of cost ${expected}`);
        expect(hardRuleProblems(plain, sparse.pairs)).toEqual([]);
        expect(sparse.cost).toBe(expected);
      }),
      { numRuns: 150, seed: 777 },
    );
  });

  it('column generation (sparse) reaches the dense optimum on larger cohorts with big municipalities and history', () => {
    let positiveCost = 0;
    fc.assert(
      fc.property(largeCohortArbitrary(), (input) => {
        const dense = assignReviewers(input, { strategy: 'dense' });
        const sparse = assignReviewers(input, { strategy: 'sparse', extraCandidatesPerReviewer: 0 });
        expect(sparse.status).toBe(dense.status);
        if (dense.status !== 'ok' || sparse.status !== 'ok') return;
        expect(sparse.cost).toBe(dense.cost);
        expect(hardRuleProblems(toPlain(input), sparse.pairs)).toEqual([]);
        if (dense.cost > 0) positiveCost++;
      }),
      { numRuns: 60, seed: 2024 },
    );
    expect(positiveCost).toBeGreaterThan(20);
  });
});
