import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Authenticated, CurrentActor } from '../auth/access.decorators';
import type { Actor } from '../auth/actor';
import { FieldActor } from '../graphql/graphql-context';
import {
  ApplyRepairArgs,
  AssignmentPairingArgs,
  PairConstraintArgs,
  PreviewPairingsArgs,
  PublishPairingsArgs,
  RemovePairArgs,
  SwapReviewersArgs,
} from './pairing.inputs';
import { PairExplanation, PairingAuditEntry, PairingConstraint, PairingPreview, PeerReviewPair, PublishedPairing } from './pairing.model';
import { PairingChangesService } from './pairing-changes.service';
import { PairingQueriesService } from './pairing-queries.service';
import { PairingsService } from './pairings.service';

const COACHES = 'Admins and the cohort’s coaches.';

@Resolver(() => PeerReviewPair)
export class PairingsResolver {
  constructor(
    private readonly pairings: PairingsService,
    private readonly changes: PairingChangesService,
    private readonly queries: PairingQueriesService,
  ) {}

  @Authenticated()
  @Query(() => PairingPreview, { description: `Runs the matching without storing anything; once published, previews a repair. ${COACHES}` })
  previewPeerReviewPairings(@CurrentActor() actor: Actor, @Args() args: PreviewPairingsArgs): Promise<PairingPreview> {
    return this.pairings.preview(actor, args.assignmentId, args.options);
  }

  @Authenticated()
  @Query(() => [PeerReviewPair], { description: `Every pair of the published pairing, removed ones included. ${COACHES}` })
  peerReviewPairs(@CurrentActor() actor: Actor, @Args() args: AssignmentPairingArgs): Promise<PeerReviewPair[]> {
    return this.queries.pairs(actor, args.assignmentId);
  }

  @Authenticated()
  @Query(() => PublishedPairing, { nullable: true, description: `The published pairing (its version), or null. ${COACHES}` })
  publishedPeerReviewPairing(@CurrentActor() actor: Actor, @Args() args: AssignmentPairingArgs): Promise<PublishedPairing | null> {
    return this.queries.published(actor, args.assignmentId);
  }

  @Authenticated()
  @Query(() => [PairingAuditEntry], { description: `Every change to the assignment’s pairing, oldest first. ${COACHES}` })
  pairingAuditLog(@CurrentActor() actor: Actor, @Args() args: AssignmentPairingArgs): Promise<PairingAuditEntry[]> {
    return this.queries.auditLog(actor, args.assignmentId);
  }

  @Authenticated()
  @Mutation(() => PairingConstraint, { description: `The pair must be made. ${COACHES}` })
  pinPeerReviewPair(@CurrentActor() actor: Actor, @Args() args: PairConstraintArgs): Promise<PairingConstraint> {
    return this.pairings.pin(actor, args);
  }

  @Authenticated()
  @Mutation(() => PairingConstraint, { description: `The pair must not be made. ${COACHES}` })
  forbidPeerReviewPair(@CurrentActor() actor: Actor, @Args() args: PairConstraintArgs): Promise<PairingConstraint> {
    return this.pairings.forbid(actor, args);
  }

  @Authenticated()
  @Mutation(() => Boolean, { description: `Removes a pin or a forbidden pair. ${COACHES}` })
  clearPeerReviewPairConstraint(@CurrentActor() actor: Actor, @Args() args: PairConstraintArgs): Promise<boolean> {
    return this.pairings.clearConstraint(actor, args);
  }

  @Authenticated()
  @Mutation(() => PublishedPairing, { description: `Stores the pairing, notifies the reviewers and opens the review phase; once only. ${COACHES}` })
  publishPeerReviewPairings(@CurrentActor() actor: Actor, @Args() args: PublishPairingsArgs): Promise<PublishedPairing> {
    return this.pairings.publish(actor, args.assignmentId, args.seed);
  }

  @Authenticated()
  @Mutation(() => PublishedPairing, { description: `Exchanges the reviewers of two open pairs. ${COACHES}` })
  swapPeerReviewers(@CurrentActor() actor: Actor, @Args() args: SwapReviewersArgs): Promise<PublishedPairing> {
    return this.changes.swap(actor, args);
  }

  @Authenticated()
  @Mutation(() => PublishedPairing, { description: `Takes an open pair off the pairing. ${COACHES}` })
  removePeerReviewPair(@CurrentActor() actor: Actor, @Args() args: RemovePairArgs): Promise<PublishedPairing> {
    return this.changes.remove(actor, args);
  }

  @Authenticated()
  @Mutation(() => PublishedPairing, { description: `Applies the repair that previewPeerReviewPairings shows. ${COACHES}` })
  applyPeerReviewRepair(@CurrentActor() actor: Actor, @Args() args: ApplyRepairArgs): Promise<PublishedPairing> {
    return this.changes.applyRepair(actor, args);
  }

  @ResolveField(() => PairExplanation)
  explanation(@Parent() pair: PeerReviewPair, @FieldActor() actor: Actor, @Context('req') request: object): Promise<PairExplanation> {
    return this.queries.explanation(request, actor, pair);
  }
}
