import { type MatchInput, MatchingInputError, type MatchResult, type PairExplanation as EnginePairExplanation } from '@academy/matching';
import { DomainError } from '../common/domain-error';
import type { PeerReviewEntity } from '../peer-reviews/peer-review.entity';
import { UserEntity } from '../users/user.entity';
import {
  PairExplanation,
  PairingActor,
  PairingDiffModel,
  PairingPair,
  PairingPerson,
  PairingPreview,
  PairingStatus,
  PairLastChange,
  PeerReviewPair,
  PeerReviewPairOrigin,
  PeerReviewPairStatus,
} from './pairing.model';
import { type PairingState, readable } from './pairing-state.service';

/** Runs the engine; an input it refuses is the caller's mistake, named in the engine's words. */
export function runEngine<T>(state: PairingState, work: () => T, field = 'assignmentId'): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof MatchingInputError) throw DomainError.badInput(field, readable(state, error.message));
    throw error;
  }
}

export function person(state: PairingState, userId: string): PairingPerson {
  const known = state.people.get(userId);
  if (known) return PairingPerson.from(known);
  // Only reachable for a user deleted since the pair was made.
  return PairingPerson.from({ user: Object.assign(new UserEntity(), { id: userId, name: 'unknown', municipalityCode: null }), municipality: null, domain: null });
}

export function actorName(state: PairingState, userId: string | null): PairingActor | null {
  if (!userId) return null;
  return { name: state.people.get(userId)?.user.name ?? 'unknown' };
}

function pairingPair(state: PairingState, reviewerId: string, authorId: string, explanation: EnginePairExplanation | undefined): PairingPair {
  return Object.assign(new PairingPair(), {
    reviewer: person(state, reviewerId),
    author: person(state, authorId),
    pinned: explanation?.hard.pinned ?? false,
    sameDomain: explanation?.soft.sameDomain.applies ?? false,
    repeat: explanation?.soft.repeat.applies ?? false,
    municipalityMetBefore: explanation?.soft.municipalityMet.applies ?? false,
    cost: explanation?.cost ?? 0,
  });
}

export function previewOf(state: PairingState, input: MatchInput, result: MatchResult): PairingPreview {
  const preview: PairingPreview = Object.assign(new PairingPreview(), {
    status: PairingStatus.OK,
    published: !!state.pairing,
    pairs: [] as PairingPair[],
    cost: null,
    metrics: null,
    reasons: [],
    maxFeasibleReviewsPerSubmission: null,
    diff: null,
  });
  if (result.status === 'infeasible') {
    return Object.assign(preview, {
      status: PairingStatus.INFEASIBLE,
      reasons: result.reasons.map((reason) => ({ code: reason.code, message: readable(state, reason.message) })),
      maxFeasibleReviewsPerSubmission: result.maxFeasibleReviewsPerSubmission,
    });
  }
  const explanations = new Map(result.pairs.map((pair) => [`${pair.reviewerId}>${pair.authorId}`, pair.explanation]));
  const toPair = (pair: { reviewerId: string; authorId: string }) =>
    pairingPair(state, pair.reviewerId, pair.authorId, explanations.get(`${pair.reviewerId}>${pair.authorId}`));
  Object.assign(preview, {
    status: PairingStatus.OK,
    pairs: result.pairs.map(toPair),
    cost: result.cost,
    metrics: {
      sameDomainPairs: result.metrics.sameDomainPairs,
      repeatedPairs: result.metrics.repeatedPairs,
      repeatedMunicipalityPairs: result.metrics.repeatedMunicipalityPairs,
      reviewerLoadMin: result.metrics.reviewerLoad.min,
      reviewerLoadMax: result.metrics.reviewerLoad.max,
      authors: input.authors?.length ?? 0,
      reviewers: input.reviewers?.length ?? 0,
    },
  });
  if (result.diff && state.pairing) {
    preview.diff = Object.assign(new PairingDiffModel(), {
      kept: result.diff.kept.length,
      added: result.diff.added.length,
      removed: result.diff.removed.length,
      addedPairs: result.diff.added.map(toPair),
      removedPairs: result.diff.removed.map((pair) => ({
        reviewer: person(state, pair.reviewerId),
        author: person(state, pair.authorId),
        reason: pair.reason,
        message: readable(state, pair.message),
      })),
    });
  }
  return preview;
}

export function peerReviewPair(state: PairingState, row: PeerReviewEntity): PeerReviewPair {
  return Object.assign(new PeerReviewPair(), {
    id: row.id,
    assignmentId: row.assignmentId,
    reviewer: person(state, row.reviewerId),
    author: person(state, row.authorId),
    status: row.status as string as PeerReviewPairStatus,
    origin: row.origin as string as PeerReviewPairOrigin,
    changedBy: actorName(state, row.changedBy),
    submissionVersion: state.submissions.get(row.submissionId)?.version ?? null,
  });
}

/** The engine's explanation in the coach's words, plus the last recorded change of the pair. */
export function explanationOf(state: PairingState, explanation: EnginePairExplanation): PairExplanation {
  const { hard, soft } = explanation;
  const reviewer = state.people.get(explanation.reviewerId)?.user.name ?? 'the reviewer';
  const author = state.people.get(explanation.authorId)?.user.name ?? 'the author';
  const rule = (holds: boolean, yes: string, no: string) => (holds ? yes : `BROKEN: ${no}`);
  const hardRules = [
    rule(hard.notSelf, 'not a self review', `${reviewer} would review their own work`),
    rule(hard.differentMunicipality, 'reviewer and author are from different municipalities', 'reviewer and author are from the same municipality'),
    rule(hard.notForbidden, 'not forbidden by a coach', 'a coach has forbidden this pair'),
    rule(hard.reviewerEligible, `${reviewer} is an eligible reviewer`, `${reviewer} is no longer an eligible reviewer`),
    rule(hard.authorSubmitted, `${author} submitted`, `${author} has not submitted`),
  ];
  if (hard.pinned) hardRules.push('pinned by a coach');
  const softCosts = [];
  if (soft.sameDomain.applies) softCosts.push({ kind: 'SAME_DOMAIN', weight: soft.sameDomain.cost, detail: `both work in domain ${soft.sameDomain.domainId}` });
  if (soft.repeat.applies) {
    softCosts.push({ kind: 'REPEAT', weight: soft.repeat.cost, detail: readable(state, `met before: ${describeEarlier(state, soft.repeat.earlierPairs)}`) });
  }
  if (soft.municipalityMet.applies) {
    softCosts.push({
      kind: 'MUNICIPALITY_MET',
      weight: soft.municipalityMet.cost,
      detail: `${reviewer} already exchanged a review with ${soft.municipalityMet.municipalityId}: ${describeEarlier(state, soft.municipalityMet.earlierPairs)}`,
    });
  }
  return Object.assign(new PairExplanation(), {
    hardRules,
    softCosts,
    cost: explanation.cost,
    messages: explanation.messages.map((message) => readable(state, message)),
    lastChange: lastChange(state, explanation.reviewerId, explanation.authorId),
  });
}

function describeEarlier(state: PairingState, pairs: Array<{ reviewerId: string; authorId: string }>): string {
  const name = (id: string) => state.people.get(id)?.user.name ?? id;
  return pairs.map((pair) => `${name(pair.reviewerId)} reviewed ${name(pair.authorId)}`).join('; ');
}

interface AuditedPair {
  reviewerId: string;
  authorId: string;
}

/** Every pairing audit entry lists the pairs it touched under `details.pairs`. */
export function lastChange(state: PairingState, reviewerId: string, authorId: string): PairLastChange | null {
  for (let position = state.audit.length - 1; position >= 0; position--) {
    const entry = state.audit[position];
    const pairs = (entry.details?.pairs ?? []) as AuditedPair[];
    if (pairs.some((pair) => pair.reviewerId === reviewerId && pair.authorId === authorId)) {
      return { action: entry.action, at: entry.createdAt, actor: actorName(state, entry.actorId) };
    }
  }
  return null;
}
