import { assignReviewers, type MatchInput, MatchingInputError } from './index';

const participants = [
  { id: 'p1', municipalityId: 'GM1', domainId: 'SD' },
  { id: 'p2', municipalityId: 'GM1', domainId: 'RO' },
  { id: 'p3', municipalityId: 'GM2', domainId: 'SD' },
];

function errorOf(input: unknown): MatchingInputError {
  try {
    assignReviewers(input as MatchInput);
  } catch (error) {
    if (error instanceof MatchingInputError) return error;
    throw error;
  }
  throw new Error('expected a MatchingInputError');
}

describe('input validation', () => {
  it.each([
    ['k below 1', { reviewsPerSubmission: 0, participants }, 'INVALID_REVIEWS_PER_SUBMISSION', 'reviewsPerSubmission'],
    ['k not an integer', { reviewsPerSubmission: 1.5, participants }, 'INVALID_REVIEWS_PER_SUBMISSION', 'reviewsPerSubmission'],
    ['no participants', { reviewsPerSubmission: 1 }, 'INVALID_VALUE', 'participants'],
    ['duplicate participant', { reviewsPerSubmission: 1, participants: [...participants, participants[1]] }, 'DUPLICATE_ID', 'participants[3].id'],
    ['unknown author', { reviewsPerSubmission: 1, participants, authors: ['p1', 'p7'] }, 'UNKNOWN_ID', 'authors[1]'],
    ['author listed twice', { reviewsPerSubmission: 1, participants, authors: ['p1', 'p1'] }, 'DUPLICATE_ID', 'authors[1]'],
    ['unknown in history', { reviewsPerSubmission: 1, participants, history: [['p1', 'p9']] }, 'UNKNOWN_ID', 'history[0]'],
    ['self in history', { reviewsPerSubmission: 1, participants, history: [['p1', 'p1']] }, 'INVALID_HISTORY_PAIR', 'history[0]'],
    ['pinned self', { reviewsPerSubmission: 1, participants, pinned: [['p1', 'p1']] }, 'PINNED_SELF_REVIEW', 'pinned[0]'],
    ['pinned same municipality', { reviewsPerSubmission: 1, participants, pinned: [['p1', 'p2']] }, 'PINNED_SAME_MUNICIPALITY', 'pinned[0]'],
    ['pinned and forbidden', { reviewsPerSubmission: 1, participants, pinned: [['p1', 'p3']], forbidden: [['p1', 'p3']] }, 'PINNED_FORBIDDEN', 'pinned[0]'],
    ['pinned reviewer not eligible', { reviewsPerSubmission: 1, participants, reviewers: ['p3'], pinned: [['p1', 'p3']] }, 'PINNED_REVIEWER_NOT_ELIGIBLE', 'pinned[0]'],
    ['pinned author not submitted', { reviewsPerSubmission: 1, participants, authors: ['p1'], pinned: [['p1', 'p3']] }, 'PINNED_AUTHOR_NOT_SUBMITTED', 'pinned[0]'],
    ['pinned twice', { reviewsPerSubmission: 1, participants, pinned: [['p1', 'p3'], ['p1', 'p3']] }, 'DUPLICATE_PAIR', 'pinned[1]'],
    ['negative weight', { reviewsPerSubmission: 1, participants, weights: { repeat: -1 } }, 'INVALID_WEIGHT', 'weights.repeat'],
    ['fractional weight', { reviewsPerSubmission: 1, participants, weights: { sameDomain: 0.5 } }, 'INVALID_WEIGHT', 'weights.sameDomain'],
    ['bad seed', { reviewsPerSubmission: 1, participants, seed: 'x' }, 'INVALID_VALUE', 'seed'],
    ['existing pair twice', { reviewsPerSubmission: 1, participants, existingPairs: [{ reviewerId: 'p1', authorId: 'p3' }, { reviewerId: 'p1', authorId: 'p3' }] }, 'DUPLICATE_PAIR', 'existingPairs[1]'],
  ])('rejects %s', (_name, input, code, field) => {
    const error = errorOf(input);
    expect(error.code).toBe(code);
    expect(error.field).toBe(field);
    expect(error.message.length).toBeGreaterThan(10);
  });

  it('accepts an empty cohort and a cohort without authors', () => {
    expect(assignReviewers({ reviewsPerSubmission: 2, participants: [] })).toMatchObject({ status: 'ok', pairs: [], cost: 0 });
    expect(assignReviewers({ reviewsPerSubmission: 2, participants, authors: [] })).toMatchObject({
      status: 'ok',
      pairs: [],
      metrics: { reviewerLoad: { min: 0, max: 0 } },
    });
  });

  it('reports missing reviewers as infeasible, not invalid', () => {
    expect(assignReviewers({ reviewsPerSubmission: 1, participants, reviewers: [] })).toMatchObject({
      status: 'infeasible',
      reasons: [{ code: 'NO_REVIEWERS' }],
      maxFeasibleReviewsPerSubmission: 0,
    });
  });
});
