import { assignReviewers, checkPairing, type MatchInput, type MatchSuccess, repairAssignment } from './index';

function expectOk(result: ReturnType<typeof assignReviewers>): MatchSuccess {
  if (result.status !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result;
}

const pairText = (pairs: Array<{ reviewerId: string; authorId: string }>): string[] =>
  pairs.map(({ reviewerId, authorId }) => `${reviewerId}>${authorId}`).sort();

function twelve(): MatchInput {
  const participants = [];
  for (let municipality = 1; municipality <= 6; municipality++) {
    for (const suffix of ['a', 'b']) {
      participants.push({ id: `g${municipality}${suffix}`, municipalityId: `GM${municipality}`, domainId: suffix === 'a' ? 'SD' : 'RO' });
    }
  }
  return { reviewsPerSubmission: 2, participants, seed: 1 };
}

describe('repair: minimal-change re-pairing', () => {
  it('fills only the reviews a drop-out leaves open', () => {
    const base = twelve();
    const before = expectOk(assignReviewers(base));
    const others = base.participants.map((participant) => participant.id).filter((id) => id !== 'g1a');
    const input: MatchInput = { ...base, authors: others, reviewers: others, existingPairs: before.pairs };
    const after = expectOk(repairAssignment(input));
    const diff = after.diff!;
    const untouched = before.pairs.filter((pair) => pair.reviewerId !== 'g1a' && pair.authorId !== 'g1a');
    expect(pairText(diff.kept)).toEqual(pairText(untouched));
    expect(diff.removed.map((pair) => pair.reason).sort()).toEqual([
      'AUTHOR_NOT_SUBMITTED',
      'AUTHOR_NOT_SUBMITTED',
      'REVIEWER_NOT_ELIGIBLE',
      'REVIEWER_NOT_ELIGIBLE',
    ]);
    const orphaned = before.pairs.filter((pair) => pair.reviewerId === 'g1a').map((pair) => pair.authorId).sort();
    expect(diff.added.map((pair) => pair.authorId).sort()).toEqual(orphaned);
    expect(diff.loadRelaxed).toBe(false);
    expect(checkPairing(input, after.pairs)).toMatchObject({ valid: true, violations: [] });
    expect(after.cost).toBe(checkPairing(input, after.pairs).cost);
  });

  it('adds exactly k reviews for a late submission and keeps everything else', () => {
    const base = twelve();
    const ids = base.participants.map((participant) => participant.id);
    const before = expectOk(assignReviewers({ ...base, authors: ids.filter((id) => id !== 'g6b') }));
    const input: MatchInput = { ...base, existingPairs: before.pairs };
    const after = expectOk(repairAssignment(input));
    expect(pairText(after.diff!.kept)).toEqual(pairText(before.pairs));
    expect(after.diff!.removed).toEqual([]);
    expect(after.diff!.added).toHaveLength(2);
    expect(after.diff!.added.every((pair) => pair.authorId === 'g6b')).toBe(true);
    expect(checkPairing(input, after.pairs).valid).toBe(true);
  });

  it('chooses the cheapest way to fill the gaps', () => {
    const input: MatchInput = {
      reviewsPerSubmission: 1,
      participants: [
        { id: 'a', municipalityId: 'GM1', domainId: 'IM' },
        { id: 'b', municipalityId: 'GM2', domainId: 'IM' },
        { id: 'c', municipalityId: 'GM3', domainId: 'IM' },
        { id: 'd', municipalityId: 'GM4', domainId: 'IM' },
        { id: 'x', municipalityId: 'GM5', domainId: 'SD' },
        { id: 'y', municipalityId: 'GM6', domainId: 'RO' },
        { id: 'u', municipalityId: 'GM7', domainId: 'SD' },
        { id: 'v', municipalityId: 'GM8', domainId: 'RO' },
      ],
      authors: ['a', 'b', 'c', 'd', 'u', 'v'],
      reviewers: ['a', 'b', 'c', 'd', 'x', 'y'],
      existingPairs: [
        { reviewerId: 'a', authorId: 'b' },
        { reviewerId: 'b', authorId: 'c' },
        { reviewerId: 'c', authorId: 'd' },
        { reviewerId: 'd', authorId: 'a' },
      ],
    };
    const after = expectOk(repairAssignment(input));
    expect(pairText(after.diff!.added)).toEqual(['x>v', 'y>u']);
    expect(after.diff!.addedCost).toBe(0);
    expect(after.diff!.kept).toHaveLength(4);
  });

  it('keeps a locked review of a reviewer who left, drops the unwritten one', () => {
    const base = twelve();
    const before = expectOk(assignReviewers(base));
    const leaving = before.pairs.filter((pair) => pair.reviewerId === 'g2a');
    expect(leaving).toHaveLength(2);
    const reviewers = base.participants.map((participant) => participant.id).filter((id) => id !== 'g2a');
    const existingPairs = before.pairs.map((pair) => ({ ...pair, locked: pair === leaving[0] }));
    const after = expectOk(repairAssignment({ ...base, reviewers, existingPairs }));
    expect(pairText(after.diff!.kept)).toContain(`g2a>${leaving[0].authorId}`);
    expect(after.diff!.removed).toEqual([
      expect.objectContaining({ reviewerId: 'g2a', authorId: leaving[1].authorId, reason: 'REVIEWER_NOT_ELIGIBLE' }),
    ]);
    expect(after.diff!.added).toEqual([expect.objectContaining({ authorId: leaving[1].authorId })]);
  });

  it('drops a pair a coach has since forbidden and replaces it', () => {
    const base = twelve();
    const before = expectOk(assignReviewers(base));
    const banned = before.pairs[3];
    const input: MatchInput = { ...base, forbidden: [[banned.reviewerId, banned.authorId]], existingPairs: before.pairs };
    const after = expectOk(repairAssignment(input));
    expect(after.diff!.removed).toEqual([expect.objectContaining({ ...banned, reason: 'FORBIDDEN' })]);
    expect(after.diff!.added).toHaveLength(1);
    expect(after.diff!.added[0].authorId).toBe(banned.authorId);
    expect(after.pairs.some((pair) => pair.reviewerId === banned.reviewerId && pair.authorId === banned.authorId)).toBe(false);
  });

  it('with no existing pairs it is a fresh assignment of the same cost', () => {
    const base = { ...twelve(), history: [['g1a', 'g2b'], ['g3a', 'g4a']] as Array<[string, string]> };
    const fresh = expectOk(assignReviewers(base));
    const repaired = expectOk(repairAssignment(base));
    expect(repaired.cost).toBe(fresh.cost);
    expect(repaired.diff!.kept).toEqual([]);
    expect(repaired.diff!.added).toHaveLength(24);
    expect(repaired.diff!.loadBounds).toEqual({ min: 1, max: 2 });
  });

  it('relaxes the balance only when the kept pairs leave no balanced completion', () => {
    const input: MatchInput = {
      reviewsPerSubmission: 1,
      participants: [
        { id: 'a', municipalityId: 'GM1', domainId: 'IM' },
        { id: 'b', municipalityId: 'GM1', domainId: 'IM' },
        { id: 'c', municipalityId: 'GM2', domainId: 'IM' },
        { id: 'd', municipalityId: 'GM3', domainId: 'IM' },
      ],
      forbidden: [
        ['c', 'a'],
        ['c', 'b'],
      ],
      existingPairs: [
        { reviewerId: 'a', authorId: 'c', locked: true },
        { reviewerId: 'b', authorId: 'd', locked: true },
      ],
    };
    const after = expectOk(repairAssignment(input));
    expect(after.diff!.loadRelaxed).toBe(true);
    expect(after.diff!.loadBounds).toEqual({ min: 0, max: 2 });
    expect(pairText(after.diff!.added)).toEqual(['d>a', 'd>b']);

    const impossible = repairAssignment({ ...input, forbidden: [...input.forbidden!, ['d', 'a']] });
    expect(impossible.status).toBe('infeasible');
    if (impossible.status === 'infeasible') {
      expect(impossible.reasons[0]).toMatchObject({ code: 'AUTHORS_SHORT_OF_ALLOWED_REVIEWERS', participantIds: ['a'] });
      expect(impossible.maxFeasibleReviewsPerSubmission).toBe(0);
    }
  });

  it('trims reviews beyond a lowered k, keeping locked ones', () => {
    const base = twelve();
    const before = expectOk(assignReviewers(base));
    const lockedPair = before.pairs[0];
    const existingPairs = before.pairs.map((pair) => ({ ...pair, locked: pair === lockedPair }));
    const after = expectOk(repairAssignment({ ...base, reviewsPerSubmission: 1, existingPairs }));
    expect(after.pairs).toHaveLength(12);
    expect(after.diff!.added).toEqual([]);
    expect(after.diff!.removed.every((pair) => pair.reason === 'TOO_MANY_REVIEWS_FOR_AUTHOR')).toBe(true);
    expect(pairText(after.diff!.kept)).toContain(`${lockedPair.reviewerId}>${lockedPair.authorId}`);
    // Trimming is greedy (busiest reviewers lose pairs first), not an optimal rebalancing.
    expect(after.metrics.reviewerLoad.max).toBeLessThanOrEqual(2);
    expect(checkPairing({ ...base, reviewsPerSubmission: 1 }, after.pairs).violations.filter((v) => v.code === 'AUTHOR_REVIEW_COUNT')).toEqual([]);
  });
});
