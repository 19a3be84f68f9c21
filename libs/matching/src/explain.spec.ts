import { assignReviewers, explainPair, type MatchInput, MatchingInputError } from './index';

const input: MatchInput = {
  reviewsPerSubmission: 1,
  participants: [
    { id: 'r', municipalityId: 'GM0294', domainId: 'SD', name: 'Ria' },
    { id: 'a', municipalityId: 'GM0363', domainId: 'SD', name: 'Ahmed' },
    { id: 'x', municipalityId: 'GM0363', domainId: 'RO' },
    { id: 'y', municipalityId: 'GM0599', domainId: 'BZ' },
  ],
  history: [['r', 'x', 'week 1'], { reviewerId: 'a', authorId: 'r', assignmentId: 'week 2' }],
  forbidden: [['y', 'x']],
  pinned: [['y', 'a']],
  municipalityNames: { GM0363: 'Amsterdam', GM0294: 'Winterswijk' },
};

describe('explainPair', () => {
  it('lists every soft cost with the earlier reviews that caused it', () => {
    const explanation = explainPair(input, 'r', 'a');
    expect(explanation).toMatchObject({
      reviewerId: 'r',
      authorId: 'a',
      allowed: true,
      hard: { notSelf: true, differentMunicipality: true, notForbidden: true, pinned: false, reviewerEligible: true, authorSubmitted: true },
      soft: {
        sameDomain: { applies: true, cost: 1, domainId: 'SD' },
        repeat: { applies: true, cost: 3, earlierPairs: [{ reviewerId: 'a', authorId: 'r', assignmentId: 'week 2' }] },
        municipalityMet: {
          applies: true,
          cost: 1,
          municipalityId: 'GM0363',
          earlierPairs: [
            { reviewerId: 'r', authorId: 'x', assignmentId: 'week 1' },
            { reviewerId: 'a', authorId: 'r', assignmentId: 'week 2' },
          ],
        },
      },
      cost: 5,
    });
    expect(explanation.messages.join(' ')).toContain('Ria (r) is from GM0294 Winterswijk, Ahmed (a) from GM0363 Amsterdam');
    expect(explanation.messages.join(' ')).toContain('Ahmed (a) reviewed Ria (r) in week 2');
  });

  it('reports a free pair as costing nothing', () => {
    const explanation = explainPair(input, 'r', 'y');
    expect(explanation.cost).toBe(0);
    expect(explanation.soft.sameDomain.applies).toBe(false);
    expect(explanation.soft.repeat).toEqual({ applies: false, cost: 0, earlierPairs: [] });
    expect(explanation.soft.municipalityMet.applies).toBe(false);
  });

  it('shows which hard rules fail', () => {
    expect(explainPair(input, 'r', 'r')).toMatchObject({ allowed: false, hard: { notSelf: false, differentMunicipality: false } });
    expect(explainPair(input, 'a', 'x')).toMatchObject({ allowed: false, hard: { differentMunicipality: false } });
    expect(explainPair(input, 'y', 'x')).toMatchObject({ allowed: false, hard: { notForbidden: false } });
    expect(explainPair(input, 'y', 'a')).toMatchObject({ allowed: true, hard: { pinned: true } });
    expect(explainPair({ ...input, authors: ['r', 'a'] }, 'y', 'x').hard.authorSubmitted).toBe(false);
  });

  it('throws a typed error for an unknown id', () => {
    expect(() => explainPair(input, 'nobody', 'a')).toThrow(MatchingInputError);
    try {
      explainPair(input, 'r', 'ghost');
    } catch (error) {
      expect(error).toMatchObject({ code: 'UNKNOWN_ID', field: 'authorId' });
    }
  });

  it('can annotate every pair of a result', () => {
    const result = assignReviewers({ ...input, includeExplanations: true, forbidden: [] });
    if (result.status !== 'ok') throw new Error('expected a pairing');
    expect(result.pairs.every((pair) => pair.explanation !== undefined && pair.explanation.allowed)).toBe(true);
    expect(result.pairs.reduce((sum, pair) => sum + pair.explanation!.cost, 0)).toBe(result.cost);
  });
});
