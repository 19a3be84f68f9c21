import { Injectable } from '@nestjs/common';
import { checkPairing, repairAssignment } from '@academy/matching';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import { TransactionService } from '../common/transaction.service';
import { PairOrigin, PeerReviewEntity, PeerReviewStatus } from '../peer-reviews/peer-review.entity';
import { AssignmentPairingEntity } from './assignment-pairing.entity';
import type { ApplyRepairArgs, RemovePairArgs, SwapReviewersArgs } from './pairing.inputs';
import { PublishedPairing } from './pairing.model';
import { activePairs, key, matchInput, pairAffiliation, type PairingState, readable, reviewerAffiliation } from './pairing-state.service';
import { peerReviewPair, runEngine } from './pairing-views';
import { PairingsService, reasonsText } from './pairings.service';

/**
 * Changes to a published pairing. Each one first moves the pairing's version from the one the
 * coach saw to the next (optimistic lock; on PostgreSQL the UPDATE also holds the row until
 * commit, so concurrent changes run one after the other and the later one sees a stale version).
 */
@Injectable()
export class PairingChangesService {
  constructor(
    private readonly pairings: PairingsService,
    private readonly audit: AuditService,
    private readonly transactions: TransactionService,
  ) {}

  swap(actor: Actor, args: SwapReviewersArgs): Promise<PublishedPairing> {
    return this.transactions.run(async (manager) => {
      if (args.pairA === args.pairB) throw DomainError.badInput('pairB', 'must be another pair than pairA');
      const a = await this.requirePair(manager, args.pairA, 'pairA');
      // Access first: what pairB is may only be told to someone who manages pairA's cohort.
      const state = await this.pairings.state(actor, a.assignmentId, 'pairA');
      const b = await this.requirePair(manager, args.pairB, 'pairB');
      if (a.assignmentId !== b.assignmentId) throw DomainError.badInput('pairB', 'must be a pair of the same assignment as pairA');
      await this.bumpVersion(manager, state, args.expectedVersion);
      for (const [row, field] of [[a, 'pairA'], [b, 'pairB']] as const) {
        if (row.status !== PeerReviewStatus.ASSIGNED) {
          throw DomainError.badInput(field, row.status === PeerReviewStatus.SUBMITTED ? 'its review was already submitted' : 'the pair was removed');
        }
      }
      if (a.reviewerId === b.reviewerId || a.authorId === b.authorId) {
        throw DomainError.badInput('pairB', `has the same ${a.reviewerId === b.reviewerId ? 'reviewer' : 'author'} as pairA; swapping would change nothing`);
      }
      const input = matchInput(state);
      const current = activePairs(state).map(({ reviewerId, authorId }) => ({ reviewerId, authorId }));
      const swapped = current.map((pair) => {
        if (pair.reviewerId === a.reviewerId && pair.authorId === a.authorId) return { reviewerId: b.reviewerId, authorId: a.authorId };
        if (pair.reviewerId === b.reviewerId && pair.authorId === b.authorId) return { reviewerId: a.reviewerId, authorId: b.authorId };
        return pair;
      });
      // Only what the swap breaks counts: problems the pairing already had (a reviewer who left,
      // waiting for a repair) do not block an unrelated change.
      const before = new Set(runEngine(state, () => checkPairing(input, current)).violations.map((v) => v.message));
      const introduced = runEngine(state, () => checkPairing(input, swapped)).violations.filter((v) => !before.has(v.message));
      if (introduced.length) {
        throw DomainError.badInput('pairB', `the swap breaks a rule: ${introduced.map((v) => readable(state, v.message)).join('; ')}`);
      }
      await this.moveReviewer(manager, state, a, b.reviewerId, actor.id, PairOrigin.SWAPPED);
      await this.moveReviewer(manager, state, b, a.reviewerId, actor.id, PairOrigin.SWAPPED);
      await this.audit.record(actor.id, 'pairing.swapped', 'Assignment', state.assignment.id, {
        version: args.expectedVersion + 1,
        pairs: [
          { reviewerId: b.reviewerId, authorId: a.authorId },
          { reviewerId: a.reviewerId, authorId: b.authorId },
        ],
        before: [
          { reviewerId: a.reviewerId, authorId: a.authorId },
          { reviewerId: b.reviewerId, authorId: b.authorId },
        ],
      });
      return this.published(manager, state);
    });
  }

  remove(actor: Actor, args: RemovePairArgs): Promise<PublishedPairing> {
    return this.transactions.run(async (manager) => {
      const row = await this.requirePair(manager, args.pairId, 'pairId');
      const state = await this.pairings.state(actor, row.assignmentId, 'pairId');
      await this.bumpVersion(manager, state, args.expectedVersion);
      if (row.status === PeerReviewStatus.SUBMITTED) throw DomainError.badInput('pairId', 'its review was already submitted; a written review stays');
      if (row.status === PeerReviewStatus.REMOVED) throw DomainError.badInput('pairId', 'the pair was already removed');
      await manager.update(PeerReviewEntity, { id: row.id }, { status: PeerReviewStatus.REMOVED, changedBy: actor.id });
      await this.audit.record(actor.id, 'pairing.pair-removed', 'Assignment', state.assignment.id, {
        version: args.expectedVersion + 1,
        pairs: [{ reviewerId: row.reviewerId, authorId: row.authorId }],
      });
      return this.published(manager, state);
    });
  }

  /** Re-matches only what changed since publication; every valid pair and every written review stays. */
  applyRepair(actor: Actor, args: ApplyRepairArgs): Promise<PublishedPairing> {
    return this.transactions.run(async (manager) => {
      const state = await this.pairings.state(actor, args.assignmentId);
      await this.bumpVersion(manager, state, args.expectedVersion);
      const result = runEngine(state, () => repairAssignment(matchInput(state, { seed: args.seed, repair: true })));
      if (result.status === 'infeasible') throw DomainError.badInput('assignmentId', `no repair is possible: ${reasonsText(state, result)}`);
      const diff = result.diff!;
      const rowByPair = new Map(state.rows.map((row) => [key(row.reviewerId, row.authorId), row]));
      const removed = [];
      for (const pair of diff.removed) {
        const row = rowByPair.get(key(pair.reviewerId, pair.authorId));
        // A written review is never thrown away, even when its author left.
        if (!row || row.status !== PeerReviewStatus.ASSIGNED) continue;
        await manager.update(PeerReviewEntity, { id: row.id }, { status: PeerReviewStatus.REMOVED, changedBy: actor.id });
        removed.push({ reviewerId: pair.reviewerId, authorId: pair.authorId, reason: pair.reason, message: readable(state, pair.message) });
      }
      for (const pair of diff.added) {
        const submissionId = state.currentSubmission.get(pair.authorId)!.id;
        const fields = {
          status: PeerReviewStatus.ASSIGNED,
          origin: PairOrigin.REPAIRED,
          changedBy: actor.id,
          submissionId,
          ...pairAffiliation(state, pair.reviewerId, pair.authorId),
        };
        const existing = rowByPair.get(key(pair.reviewerId, pair.authorId));
        // uq_peer_reviews_pair allows one row per pair: a pair removed earlier comes back.
        if (existing) await manager.update(PeerReviewEntity, { id: existing.id }, fields);
        else await manager.insert(PeerReviewEntity, { assignmentId: state.assignment.id, reviewerId: pair.reviewerId, authorId: pair.authorId, ...fields });
      }
      await this.audit.record(actor.id, 'pairing.repaired', 'Assignment', state.assignment.id, {
        version: args.expectedVersion + 1,
        seed: args.seed,
        kept: diff.kept.length,
        pairs: [...diff.added.map(({ reviewerId, authorId }) => ({ reviewerId, authorId, change: 'added' })), ...removed.map((pair) => ({ ...pair, change: 'removed' }))],
      });
      return this.published(manager, state);
    });
  }

  private async requirePair(manager: EntityManager, id: string, field: string): Promise<PeerReviewEntity> {
    const row = await manager.findOne(PeerReviewEntity, { where: { id } });
    if (!row) throw new DomainError('NOT_FOUND', `Pair ${id} does not exist`, [{ field, message: 'does not exist' }]);
    return row;
  }

  private async bumpVersion(manager: EntityManager, state: PairingState, expectedVersion: number): Promise<void> {
    if (!state.pairing) throw DomainError.badInput('assignmentId', 'the pairing of this assignment is not published yet');
    const result = await manager
      .createQueryBuilder()
      .update(AssignmentPairingEntity)
      .set({ version: () => 'version + 1' })
      .where('assignment_id = :assignmentId AND version = :expectedVersion', { assignmentId: state.assignment.id, expectedVersion })
      .execute();
    if (result.affected !== 1) {
      const current = await manager.findOne(AssignmentPairingEntity, { where: { assignmentId: state.assignment.id } });
      throw DomainError.conflict(
        `the pairing changed meanwhile (version ${current?.version ?? '?'}, you expected ${expectedVersion}); reload it and try again`,
        'expectedVersion',
      );
    }
  }

  /** Gives `row`'s author a new reviewer, reusing a removed row of the new pair if there is one. */
  private async moveReviewer(manager: EntityManager, state: PairingState, row: PeerReviewEntity, reviewerId: string, actorId: string, origin: PairOrigin): Promise<void> {
    const removed = state.rows.find((other) => other.reviewerId === reviewerId && other.authorId === row.authorId);
    if (removed) {
      await manager.update(PeerReviewEntity, { id: row.id }, { status: PeerReviewStatus.REMOVED, changedBy: actorId });
      await manager.update(
        PeerReviewEntity,
        { id: removed.id },
        { status: PeerReviewStatus.ASSIGNED, origin, changedBy: actorId, submissionId: row.submissionId, ...pairAffiliation(state, reviewerId, row.authorId) },
      );
      return;
    }
    await manager.update(PeerReviewEntity, { id: row.id }, { reviewerId, ...reviewerAffiliation(state, reviewerId), origin, changedBy: actorId });
  }

  private async published(manager: EntityManager, state: PairingState): Promise<PublishedPairing> {
    const pairing = await manager.findOneOrFail(AssignmentPairingEntity, { where: { assignmentId: state.assignment.id } });
    const rows = await manager.find(PeerReviewEntity, { where: { assignmentId: state.assignment.id }, order: { createdAt: 'ASC', id: 'ASC' } });
    return publishedPairing(state, pairing, rows);
  }
}

export function publishedPairing(state: PairingState, pairing: AssignmentPairingEntity, rows: PeerReviewEntity[]): PublishedPairing {
  return Object.assign(new PublishedPairing(), {
    assignmentId: pairing.assignmentId,
    version: pairing.version,
    publishedAt: pairing.publishedAt,
    pairs: rows.filter((row) => row.status !== PeerReviewStatus.REMOVED).map((row) => peerReviewPair(state, row)),
  });
}
