import { assignReviewers, checkPairing, type MatchInput, type MatchedPair } from './index';

const input: MatchInput = {
  reviewsPerSubmission: 2,
  participants: [
    { id: 'p1', municipalityId: 'GM1', domainId: 'SD' },
    { id: 'p2', municipalityId: 'GM1', domainId: 'RO' },
    { id: 'p3', municipalityId: 'GM2', domainId: 'SD' },
    { id: 'p4', municipalityId: 'GM2', domainId: 'RO' },
    { id: 'p5', municipalityId: 'GM3', domainId: 'SD' },
    { id: 'p6', municipalityId: 'GM3', domainId: 'RO' },
  ],
  forbidden: [['p1', 'p6']],
  pinned: [['p3', 'p5']],
  seed: 8,
};

function solved(): MatchedPair[] {
  const result = assignReviewers(input);
  if (result.status !== 'ok') throw new Error('expected a pairing');
  return result.pairs;
}

const codes = (pairs: Array<MatchedPair | [string, string]>): string[] =>
  checkPairing(input, pairs)
    .violations.map((violation) => violation.code)
    .sort();

describe('checkPairing', () => {
  it('accepts the engine output', () => {
    const pairs = solved();
    const check = checkPairing(input, pairs);
    expect(check).toMatchObject({ valid: true, violations: [], loadBounds: { min: 2, max: 2 } });
    const result = assignReviewers(input);
    expect(result.status === 'ok' && check.cost === result.cost).toBe(true);
  });

  it('flags a reviewer from the author’s own municipality', () => {
    const pairs = solved();
    const target = pairs.findIndex((pair) => pair.authorId === 'p2');
    const edited = pairs.map((pair, index) => (index === target ? { reviewerId: 'p1', authorId: 'p2' } : pair));
    const check = checkPairing(input, edited);
    expect(check.valid).toBe(false);
    expect(check.violations).toContainEqual({
      code: 'SAME_MUNICIPALITY',
      reviewerId: 'p1',
      authorId: 'p2',
      message: 'p1 and p2 are both from GM1; reviewer and author must be from different municipalities',
    });
  });

  it('flags self review, forbidden, duplicate, unknown, missing pin, counts and loads', () => {
    const pairs = solved().filter((pair) => !(pair.reviewerId === 'p3' && pair.authorId === 'p5'));
    expect(codes([...pairs, ['p4', 'p4']])).toEqual(
      expect.arrayContaining(['SELF_REVIEW', 'PINNED_PAIR_MISSING', 'REVIEWER_LOAD_OUT_OF_RANGE', 'AUTHOR_REVIEW_COUNT']),
    );
    expect(codes([...solved(), ['p1', 'p6']])).toEqual(expect.arrayContaining(['FORBIDDEN_PAIR']));
    expect(codes([...solved(), solved()[0]])).toEqual(expect.arrayContaining(['DUPLICATE_PAIR']));
    const withUnknown = checkPairing(input, [...solved(), ['p1', 'zz']]);
    expect(withUnknown.violations).toContainEqual(expect.objectContaining({ code: 'UNKNOWN_PARTICIPANT', message: expect.stringContaining('"zz" is not a participant') }));
  });

  it('knows who may review and who submitted', () => {
    const restricted: MatchInput = { ...input, pinned: [], authors: ['p1', 'p3', 'p5'], reviewers: ['p2', 'p4', 'p6'] };
    const check = checkPairing(restricted, [
      ['p1', 'p3'],
      ['p4', 'p2'],
    ]);
    const found = check.violations.map((violation) => violation.code);
    expect(found).toContain('REVIEWER_NOT_ELIGIBLE');
    expect(found).toContain('AUTHOR_NOT_SUBMITTED');
  });
});
