import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { BusinessDomain } from '../business-domains/business-domain.model';
import { Municipality } from '../municipalities/municipality.model';
import { PairingConstraintKind } from './pairing-constraint.entity';
import type { PairingPersonData } from './pairing-state.service';

export enum PairingStatus {
  OK = 'OK',
  INFEASIBLE = 'INFEASIBLE',
}

// Own enums with the values of the peer_reviews columns: the peer-review feature owns the
// GraphQL names of the entity's enums.
export enum PeerReviewPairStatus {
  ASSIGNED = 'ASSIGNED',
  SUBMITTED = 'SUBMITTED',
  REMOVED = 'REMOVED',
}

export enum PeerReviewPairOrigin {
  MATCHED = 'MATCHED',
  PINNED = 'PINNED',
  SWAPPED = 'SWAPPED',
  REPAIRED = 'REPAIRED',
}

registerEnumType(PairingStatus, { name: 'PairingStatus' });
registerEnumType(PeerReviewPairStatus, { name: 'PeerReviewPairStatus' });
registerEnumType(PeerReviewPairOrigin, {
  name: 'PeerReviewPairOrigin',
  description: 'How a pair came about: by the engine, a coach’s pin, a swap or a repair.',
});
registerEnumType(PairingConstraintKind, { name: 'PairingConstraintKind' });

@ObjectType({ description: 'A participant as a coach sees them in a pairing: coaches manage it, so names are shown.' })
export class PairingPerson {
  @Field(() => ID)
  userId: string;

  @Field()
  name: string;

  @Field(() => Municipality, { nullable: true })
  municipality: Municipality | null;

  @Field(() => BusinessDomain, { nullable: true })
  businessDomain: BusinessDomain | null;

  static from(person: PairingPersonData): PairingPerson {
    return Object.assign(new PairingPerson(), {
      userId: person.user.id,
      name: person.user.name,
      municipality: person.municipality ? Municipality.from(person.municipality) : null,
      businessDomain: person.domain ? BusinessDomain.from(person.domain) : null,
    });
  }
}

@ObjectType()
export class PairingPair {
  @Field(() => PairingPerson)
  reviewer: PairingPerson;

  @Field(() => PairingPerson)
  author: PairingPerson;

  @Field({ description: 'A coach pinned this pair.' })
  pinned: boolean;

  @Field()
  sameDomain: boolean;

  @Field({ description: 'The two met before in this cohort, in either direction.' })
  repeat: boolean;

  @Field({ description: 'The reviewer already exchanged a review with someone of the author’s municipality.' })
  municipalityMetBefore: boolean;

  @Field(() => Int)
  cost: number;
}

@ObjectType('PairingMetrics')
export class PairingMetricsModel {
  @Field(() => Int)
  sameDomainPairs: number;

  @Field(() => Int)
  repeatedPairs: number;

  @Field(() => Int)
  repeatedMunicipalityPairs: number;

  @Field(() => Int)
  reviewerLoadMin: number;

  @Field(() => Int)
  reviewerLoadMax: number;

  @Field(() => Int, { description: 'Participants who submitted.' })
  authors: number;

  @Field(() => Int, { description: 'Participants who may review (active, not dropped out).' })
  reviewers: number;
}

@ObjectType()
export class PairingReason {
  @Field()
  code: string;

  @Field()
  message: string;
}

@ObjectType()
export class RemovedPairingPair {
  @Field(() => PairingPerson)
  reviewer: PairingPerson;

  @Field(() => PairingPerson)
  author: PairingPerson;

  @Field()
  reason: string;

  @Field()
  message: string;
}

@ObjectType('PairingDiff', { description: 'What a repair would change in the published pairing.' })
export class PairingDiffModel {
  @Field(() => Int)
  kept: number;

  @Field(() => Int)
  added: number;

  @Field(() => Int)
  removed: number;

  @Field(() => [PairingPair])
  addedPairs: PairingPair[];

  @Field(() => [RemovedPairingPair])
  removedPairs: RemovedPairingPair[];
}

@ObjectType()
export class PairingPreview {
  @Field(() => PairingStatus)
  status: PairingStatus;

  @Field({ description: 'True when the pairing is already published: this is then the preview of a repair.' })
  published: boolean;

  @Field(() => [PairingPair])
  pairs: PairingPair[];

  @Field(() => Int, { nullable: true })
  cost: number | null;

  @Field(() => PairingMetricsModel, { nullable: true })
  metrics: PairingMetricsModel | null;

  @Field(() => [PairingReason])
  reasons: PairingReason[];

  @Field(() => Int, { nullable: true, description: 'When infeasible: the largest reviewsPerSubmission that would work.' })
  maxFeasibleReviewsPerSubmission: number | null;

  @Field(() => PairingDiffModel, { nullable: true, description: 'Only once published: what a repair would change.' })
  diff: PairingDiffModel | null;
}

@ObjectType()
export class PairingActor {
  @Field()
  name: string;
}

@ObjectType()
export class PairSoftCost {
  @Field({ description: 'SAME_DOMAIN, REPEAT or MUNICIPALITY_MET.' })
  kind: string;

  @Field(() => Int)
  weight: number;

  @Field()
  detail: string;
}

@ObjectType()
export class PairLastChange {
  @Field()
  action: string;

  @Field()
  at: Date;

  @Field(() => PairingActor, { nullable: true })
  actor: PairingActor | null;
}

@ObjectType({ description: 'Why a pair is allowed and what it trades off.' })
export class PairExplanation {
  @Field(() => [String], { description: 'The hard rules the pair satisfies (or breaks), in words.' })
  hardRules: string[];

  @Field(() => [PairSoftCost])
  softCosts: PairSoftCost[];

  @Field(() => Int)
  cost: number;

  @Field(() => [String])
  messages: string[];

  @Field(() => PairLastChange, { nullable: true, description: 'The last recorded change of this pair (pin, swap, repair, ...).' })
  lastChange: PairLastChange | null;
}

@ObjectType()
export class PeerReviewPair {
  @Field(() => ID)
  id: string;

  /** Not exposed: lets the explanation field find its assignment's matching input. */
  assignmentId: string;

  @Field(() => PairingPerson)
  reviewer: PairingPerson;

  @Field(() => PairingPerson)
  author: PairingPerson;

  @Field(() => PeerReviewPairStatus)
  status: PeerReviewPairStatus;

  @Field(() => PeerReviewPairOrigin)
  origin: PeerReviewPairOrigin;

  @Field(() => PairingActor, { nullable: true })
  changedBy: PairingActor | null;

  @Field(() => Int, { nullable: true })
  submissionVersion: number | null;
}

@ObjectType()
export class PublishedPairing {
  @Field(() => ID)
  assignmentId: string;

  @Field(() => Int)
  version: number;

  @Field()
  publishedAt: Date;

  @Field(() => [PeerReviewPair])
  pairs: PeerReviewPair[];
}

@ObjectType()
export class PairingConstraint {
  @Field(() => ID)
  id: string;

  @Field(() => PairingConstraintKind)
  kind: PairingConstraintKind;

  @Field(() => PairingPerson)
  reviewer: PairingPerson;

  @Field(() => PairingPerson)
  author: PairingPerson;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class PairingAuditEntry {
  @Field()
  action: string;

  @Field()
  at: Date;

  @Field(() => PairingActor, { nullable: true })
  actor: PairingActor | null;

  @Field(() => String, { nullable: true, description: 'JSON.' })
  details: string | null;
}

