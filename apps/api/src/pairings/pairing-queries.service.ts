import { Injectable } from '@nestjs/common';
import { explainPair, type MatchInput } from '@academy/matching';
import type { Actor } from '../auth/actor';
import { PairExplanation, PairingAuditEntry, PeerReviewPair } from './pairing.model';
import { matchInput, type PairingState } from './pairing-state.service';
import { actorName, explanationOf, peerReviewPair, runEngine } from './pairing-views';
import { PairingsService } from './pairings.service';
import type { PublishedPairing } from './pairing.model';
import { publishedPairing } from './pairing-changes.service';

interface LoadedInput {
  state: PairingState;
  input: MatchInput;
}

/**
 * Read side of pairings for coaches. Explanations are resolved per pair but share one loaded
 * state and matching input per assignment and request (cached by the request object).
 */
@Injectable()
export class PairingQueriesService {
  private readonly inputs = new WeakMap<object, Map<string, Promise<LoadedInput>>>();

  constructor(private readonly pairings: PairingsService) {}

  async pairs(actor: Actor, assignmentId: string): Promise<PeerReviewPair[]> {
    const state = await this.pairings.state(actor, assignmentId);
    return state.rows.map((row) => peerReviewPair(state, row));
  }

  async published(actor: Actor, assignmentId: string): Promise<PublishedPairing | null> {
    const state = await this.pairings.state(actor, assignmentId);
    return state.pairing ? publishedPairing(state, state.pairing, state.rows) : null;
  }

  async auditLog(actor: Actor, assignmentId: string): Promise<PairingAuditEntry[]> {
    const state = await this.pairings.state(actor, assignmentId);
    return state.audit
      .filter((entry) => entry.action.startsWith('pairing.'))
      .map((entry) =>
        Object.assign(new PairingAuditEntry(), {
          action: entry.action,
          at: entry.createdAt,
          actor: actorName(state, entry.actorId),
          details: entry.details ? JSON.stringify(entry.details) : null,
        }),
      );
  }

  /** `request` is the GraphQL context's request: the cache lives exactly as long as the request. */
  async explanation(request: object, actor: Actor, pair: PeerReviewPair): Promise<PairExplanation> {
    let perAssignment = this.inputs.get(request);
    if (!perAssignment) {
      perAssignment = new Map();
      this.inputs.set(request, perAssignment);
    }
    let loaded = perAssignment.get(pair.assignmentId);
    if (!loaded) {
      // Loading checks that the actor manages the assignment's cohort (field resolvers are not guarded).
      loaded = this.pairings.state(actor, pair.assignmentId).then((state) => ({ state, input: matchInput(state) }));
      perAssignment.set(pair.assignmentId, loaded);
    }
    const { state, input } = await loaded;
    return explanationOf(state, runEngine(state, () => explainPair(input, pair.reviewer.userId, pair.author.userId)));
  }
}
