import { Injectable } from '@nestjs/common';
import { assignReviewers, repairAssignment, type MatchResult } from '@academy/matching';
import { QueryFailedError } from 'typeorm';
import { AssignmentsService } from '../assignments/assignments.service';
import type { Actor } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import { TransactionService } from '../common/transaction.service';
import { NotificationEntity, NotificationKind } from '../notifications/notification.entity';
import { PairOrigin, PeerReviewEntity, PeerReviewStatus } from '../peer-reviews/peer-review.entity';
import { AssignmentPairingEntity } from './assignment-pairing.entity';
import { PairingConstraintEntity, PairingConstraintKind } from './pairing-constraint.entity';
import type { PairConstraintArgs, PairingPreviewOptions } from './pairing.inputs';
import { PairingConstraint, PairingPreview, PublishedPairing } from './pairing.model';
import { describePerson, key, matchInput, pairAffiliation, type PairingState, PairingStateService, readable } from './pairing-state.service';
import { peerReviewPair, person, previewOf, runEngine } from './pairing-views';

export const PUBLISHED_CONFLICT = 'the pairing of this assignment was already published';

/** Preview, coach constraints and publication of an assignment's peer-review pairing. */
@Injectable()
export class PairingsService {
  constructor(
    private readonly assignments: AssignmentsService,
    private readonly states: PairingStateService,
    private readonly audit: AuditService,
    private readonly transactions: TransactionService,
  ) {}

  /** Loads the state of an assignment the actor manages. */
  async state(actor: Actor, assignmentId: string, field = 'assignmentId'): Promise<PairingState> {
    const { assignment, cohort } = await this.assignments.require(actor, assignmentId, 'manage', field);
    return this.states.load(assignment, cohort);
  }

  /** Nothing is stored. Once published, this is the preview of a minimal-change repair. */
  async preview(actor: Actor, assignmentId: string, options: PairingPreviewOptions | undefined): Promise<PairingPreview> {
    const state = await this.state(actor, assignmentId);
    const input = matchInput(state, { seed: options?.seed, weights: options?.weights, repair: !!state.pairing });
    input.includeExplanations = true;
    const result = runEngine(state, () => (state.pairing ? repairAssignment(input) : assignReviewers(input)));
    return previewOf(state, input, result);
  }

  pin(actor: Actor, args: PairConstraintArgs): Promise<PairingConstraint> {
    return this.addConstraint(actor, args, PairingConstraintKind.PIN);
  }

  forbid(actor: Actor, args: PairConstraintArgs): Promise<PairingConstraint> {
    return this.addConstraint(actor, args, PairingConstraintKind.FORBID);
  }

  clearConstraint(actor: Actor, args: PairConstraintArgs): Promise<boolean> {
    return this.transactions.run(async (manager) => {
      await this.assignments.require(actor, args.assignmentId, 'manage', 'assignmentId');
      const existing = await manager.findOne(PairingConstraintEntity, {
        where: { assignmentId: args.assignmentId, reviewerId: args.reviewerId, authorId: args.authorId },
      });
      if (!existing) {
        throw new DomainError('NOT_FOUND', 'This pair is neither pinned nor forbidden', [{ field: 'authorId', message: 'has no constraint with this reviewer' }]);
      }
      await manager.delete(PairingConstraintEntity, { id: existing.id });
      await this.audit.record(actor.id, `pairing.${existing.kind === PairingConstraintKind.PIN ? 'unpinned' : 'unforbidden'}`, 'Assignment', args.assignmentId, {
        pairs: [{ reviewerId: args.reviewerId, authorId: args.authorId }],
      });
      return true;
    });
  }

  private addConstraint(actor: Actor, args: PairConstraintArgs, kind: PairingConstraintKind): Promise<PairingConstraint> {
    return this.transactions.run(async (manager) => {
      const state = await this.state(actor, args.assignmentId);
      assertPairRules(state, args, kind);
      const constraints = [...state.constraints, { reviewerId: args.reviewerId, authorId: args.authorId, kind }];
      // The whole constraint set must still allow a pairing: refuse with the engine's reason.
      const input = matchInput(state, { constraints, repair: !!state.pairing });
      const result = runEngine(state, () => (state.pairing ? repairAssignment(input) : assignReviewers(input)), 'authorId');
      if (result.status === 'infeasible') {
        throw DomainError.badInput('authorId', `with this ${kind === PairingConstraintKind.PIN ? 'pin' : 'forbidden pair'} no pairing is possible: ${reasonsText(state, result)}`);
      }
      const saved = await manager.save(PairingConstraintEntity, {
        assignmentId: args.assignmentId,
        reviewerId: args.reviewerId,
        authorId: args.authorId,
        kind,
        createdBy: actor.id,
      });
      await this.audit.record(actor.id, `pairing.${kind === PairingConstraintKind.PIN ? 'pinned' : 'forbidden'}`, 'Assignment', args.assignmentId, {
        pairs: [{ reviewerId: args.reviewerId, authorId: args.authorId }],
      });
      return Object.assign(new PairingConstraint(), {
        id: saved.id,
        kind,
        reviewer: person(state, args.reviewerId),
        author: person(state, args.authorId),
        createdAt: saved.createdAt,
      });
    });
  }

  /**
   * Stores the pairing and opens the review phase, all or nothing. The assignment_pairings row
   * goes in first: its primary key makes a concurrent second publication fail (or wait and then
   * fail) before it writes anything else.
   */
  publish(actor: Actor, assignmentId: string, seed: number): Promise<PublishedPairing> {
    return this.transactions.run(async (manager) => {
      const state = await this.state(actor, assignmentId);
      if (state.pairing) throw DomainError.conflict(PUBLISHED_CONFLICT, 'assignmentId');
      if (state.assignment.archivedAt) throw DomainError.badInput('assignmentId', 'the assignment is archived');
      const result = runEngine(state, () => assignReviewers(matchInput(state, { seed })));
      if (result.status === 'infeasible') throw DomainError.badInput('assignmentId', `no pairing is possible: ${reasonsText(state, result)}`);
      if (result.pairs.length === 0) throw DomainError.badInput('assignmentId', 'nobody has submitted yet, so there is nothing to pair');
      const publishedAt = new Date();
      try {
        await manager.insert(AssignmentPairingEntity, { assignmentId, version: 1, publishedAt, publishedBy: actor.id, seed });
      } catch (error) {
        if (isUniqueViolation(error)) throw DomainError.conflict(PUBLISHED_CONFLICT, 'assignmentId');
        throw error;
      }
      const pinned = new Set(state.constraints.filter((c) => c.kind === PairingConstraintKind.PIN).map((c) => key(c.reviewerId, c.authorId)));
      const rows = result.pairs.map((pair) =>
        manager.create(PeerReviewEntity, {
          assignmentId,
          reviewerId: pair.reviewerId,
          authorId: pair.authorId,
          ...pairAffiliation(state, pair.reviewerId, pair.authorId),
          submissionId: state.currentSubmission.get(pair.authorId)!.id,
          status: PeerReviewStatus.ASSIGNED,
          origin: pinned.has(key(pair.reviewerId, pair.authorId)) ? PairOrigin.PINNED : PairOrigin.MATCHED,
          changedBy: null,
        }),
      );
      const saved = await manager.save(PeerReviewEntity, rows, { chunk: 200 });
      await this.notifyReviewers(state, result.pairs.map((pair) => pair.reviewerId));
      await this.audit.record(actor.id, 'pairing.published', 'Assignment', assignmentId, {
        version: 1,
        seed,
        pairCount: saved.length,
        cost: result.status === 'ok' ? result.cost : null,
      });
      return Object.assign(new PublishedPairing(), {
        assignmentId,
        version: 1,
        publishedAt,
        pairs: saved.map((row) => peerReviewPair(state, row)),
      });
    });
  }

  private async notifyReviewers(state: PairingState, reviewerIds: string[]): Promise<void> {
    const load = new Map<string, number>();
    for (const id of reviewerIds) load.set(id, (load.get(id) ?? 0) + 1);
    const title = state.assignment.title.length > 120 ? `${state.assignment.title.slice(0, 117)}...` : state.assignment.title;
    const due = state.assignment.reviewDueAt.toISOString().slice(0, 16).replace('T', ' ');
    const notifications = [...load].map(([userId, count]) =>
      this.transactions.manager.create(NotificationEntity, {
        userId,
        kind: NotificationKind.PAIRINGS_PUBLISHED,
        key: `pairings-published:${state.assignment.id}`,
        message: `Pairings for '${title}' are published: you review ${count} submission${count === 1 ? '' : 's'} by ${due} UTC`,
        assignmentId: state.assignment.id,
        readAt: null,
      }),
    );
    if (notifications.length) await this.transactions.manager.save(NotificationEntity, notifications, { chunk: 200 });
  }
}

export function reasonsText(state: PairingState, result: MatchResult): string {
  if (result.status !== 'infeasible') return '';
  return result.reasons.map((reason) => readable(state, reason.message)).join('; ');
}

export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const code = String((error.driverError as { code?: string } | undefined)?.code ?? '');
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** The hard rules of a single pin or forbid, checked before the engine sees it. */
function assertPairRules(state: PairingState, args: PairConstraintArgs, kind: PairingConstraintKind): void {
  const reviewer = state.people.get(args.reviewerId);
  const author = state.people.get(args.authorId);
  if (args.reviewerId === args.authorId) throw DomainError.badInput('authorId', `${reviewer?.user.name ?? 'a participant'} cannot review their own work`);
  if (!reviewer || !state.eligible.has(args.reviewerId)) throw DomainError.badInput('reviewerId', 'is not an active participant of this cohort');
  if (!author || !state.eligible.has(args.authorId)) throw DomainError.badInput('authorId', 'is not an active participant of this cohort');
  const existing = state.constraints.find((c) => c.reviewerId === args.reviewerId && c.authorId === args.authorId);
  if (existing?.kind === kind) throw DomainError.conflict(`${reviewer.user.name} → ${author.user.name} is already ${kind === PairingConstraintKind.PIN ? 'pinned' : 'forbidden'}`, 'authorId');
  if (existing) {
    throw DomainError.badInput(
      'authorId',
      `${reviewer.user.name} → ${author.user.name} is ${existing.kind === PairingConstraintKind.PIN ? 'pinned' : 'forbidden'}; clear that first`,
    );
  }
  if (kind === PairingConstraintKind.FORBID) return;
  if (reviewer.user.municipalityCode === author.user.municipalityCode) {
    throw DomainError.badInput('authorId', `${describePerson(reviewer)} cannot review ${author.user.name}: they are from the same municipality`);
  }
  if (!state.currentSubmission.has(args.authorId)) throw DomainError.badInput('authorId', `${author.user.name} has not submitted, so cannot be reviewed yet`);
}
