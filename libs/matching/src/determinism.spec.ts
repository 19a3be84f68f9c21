import fc from 'fast-check';
import { instanceArbitrary } from '../test-support/reference';
import { assignReviewers, type MatchInput, type ParticipantInput } from './index';

function roundRobinCohort(): MatchInput {
  const participants: ParticipantInput[] = [];
  for (let index = 0; index < 14; index++) {
    participants.push({ id: `p${index}`, municipalityId: `GM${100 + (index % 7)}`, domainId: `D${index % 2}` });
  }
  return { reviewsPerSubmission: 2, participants };
}

describe('seeded determinism', () => {
  it('gives the same output for the same input and seed', () => {
    fc.assert(
      fc.property(instanceArbitrary({ maxPeople: 18, maxK: 3, withPinned: true, withForbidden: true }), (input) => {
        expect(assignReviewers(input)).toEqual(assignReviewers(structuredClone(input)));
        expect(assignReviewers(input, { strategy: 'sparse' })).toEqual(assignReviewers(input, { strategy: 'sparse' }));
      }),
      { numRuns: 200, seed: 3 },
    );
  });

  it('gives different optimal pairings of equal cost for different seeds', () => {
    const pairings = new Set<string>();
    const costs = new Set<number>();
    for (let seed = 0; seed < 10; seed++) {
      const result = assignReviewers({ ...roundRobinCohort(), seed });
      if (result.status !== 'ok') throw new Error('expected a pairing');
      costs.add(result.cost);
      pairings.add(JSON.stringify(result.pairs));
    }
    expect(costs.size).toBe(1);
    expect(pairings.size).toBeGreaterThan(5);
  });

  it('also varies between seeds in sparse mode, at equal cost', () => {
    const pairings = new Set<string>();
    const costs = new Set<number>();
    for (let seed = 0; seed < 6; seed++) {
      const result = assignReviewers({ ...roundRobinCohort(), seed }, { strategy: 'sparse' });
      if (result.status !== 'ok') throw new Error('expected a pairing');
      costs.add(result.cost);
      pairings.add(JSON.stringify(result.pairs));
    }
    expect(costs.size).toBe(1);
    expect(pairings.size).toBeGreaterThan(3);
  });
});
