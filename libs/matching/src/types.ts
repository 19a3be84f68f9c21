/** One person in the assignment's cohort. */
export interface ParticipantInput {
  id: string;
  /** CBS municipality code, e.g. "GM0363". Reviewer and author must differ in it. */
  municipalityId: string;
  /** Business domain code, e.g. "SD". Sharing it with the author costs `weights.sameDomain`. */
  domainId: string;
  /** Display name used in messages; the id is used when absent. */
  name?: string;
}

/** A reviewer -> author pair written as `[reviewerId, authorId]`. */
export type PairTuple = [reviewerId: string, authorId: string];

/** An earlier review as `[reviewerId, authorId]` or `[reviewerId, authorId, assignmentId]`. */
export type HistoryTuple = PairTuple | [reviewerId: string, authorId: string, assignmentId: string];

/** An earlier review, optionally labelled with the assignment it belonged to. */
export interface HistoryEntryInput {
  reviewerId: string;
  authorId: string;
  assignmentId?: string;
}

/** A pair of the current pairing, given back for a repair run. */
export interface ExistingPairInput {
  reviewerId: string;
  authorId: string;
  /** True when the review has already been written: the pair is kept whenever its author still submits. */
  locked?: boolean;
}

/** Soft-constraint weights; all non-negative integers. */
export interface MatchingWeights {
  /** Per pair whose reviewer and author share a business domain. Default 1. */
  sameDomain?: number;
  /** Per pair that already occurred, in either direction, in earlier assignments. Default 3. */
  repeat?: number;
  /** Per pair whose reviewer already exchanged a review with someone of the author's municipality. Default 1. */
  repeatMunicipality?: number;
}

/** Input of one matching run (the CLI reads exactly this as JSON). */
export interface MatchInput {
  /** k: reviews every author receives. Integer >= 1. */
  reviewsPerSubmission: number;
  participants: ParticipantInput[];
  /** Participants who submitted. Default: all participants. */
  authors?: string[];
  /** Participants who may review. Default: all participants. */
  reviewers?: string[];
  /** Earlier reviewer -> author pairs of this cohort. */
  history?: Array<HistoryTuple | HistoryEntryInput>;
  /** Pairs a coach ruled out. */
  forbidden?: PairTuple[];
  /** Pairs a coach requires; they must satisfy every hard rule. */
  pinned?: PairTuple[];
  weights?: MatchingWeights;
  /** Tie-break seed: another seed gives another pairing of the same optimal cost. Default 0. */
  seed?: number;
  /**
   * The current pairing. When present the run is a minimal-change repair: valid pairs are kept,
   * only the gaps are filled, and the result carries a `diff`.
   */
  existingPairs?: ExistingPairInput[];
  /** Municipality names for messages, e.g. { "GM0363": "Amsterdam" }. */
  municipalityNames?: Record<string, string>;
  /** When true every result pair carries its `explanation`. */
  includeExplanations?: boolean;
}

/** Resolved weights as used for the cost. */
export interface ResolvedWeights {
  sameDomain: number;
  repeat: number;
  repeatMunicipality: number;
}

/** One pair of the result. */
export interface MatchedPair {
  reviewerId: string;
  authorId: string;
  /** Present when `includeExplanations` was set. */
  explanation?: PairExplanation;
}

/** Summary figures of a pairing. */
export interface PairingMetrics {
  sameDomainPairs: number;
  repeatedPairs: number;
  repeatedMunicipalityPairs: number;
  /** Over all eligible reviewers, including those with no review. */
  reviewerLoad: { min: number; max: number };
}

/** Why a pair of the existing pairing was dropped during a repair. */
export type RemovalReason =
  | 'AUTHOR_NOT_SUBMITTED'
  | 'REVIEWER_NOT_ELIGIBLE'
  | 'UNKNOWN_PARTICIPANT'
  | 'SAME_MUNICIPALITY'
  | 'SELF_REVIEW'
  | 'FORBIDDEN'
  | 'TOO_MANY_REVIEWS_FOR_AUTHOR';

/** A pair of the diff of a repair. */
export interface RemovedPair {
  reviewerId: string;
  authorId: string;
  reason: RemovalReason;
  message: string;
}

/** What a repair changed relative to `existingPairs`. */
export interface PairingDiff {
  kept: MatchedPair[];
  added: MatchedPair[];
  removed: RemovedPair[];
  /** Cost of the added pairs alone (the part the repair optimised). */
  addedCost: number;
  /**
   * True when the kept pairs made the usual balance ([H-1, H] around the water level) impossible
   * and loads were only capped from above; see `loadBounds`.
   */
  loadRelaxed: boolean;
  /** Final-load bounds the added pairs respected (reviewers already above `max` keep their load). */
  loadBounds: { min: number; max: number };
}

/** A successful run. */
export interface MatchSuccess {
  status: 'ok';
  pairs: MatchedPair[];
  cost: number;
  metrics: PairingMetrics;
  /** Present for repair runs (input had `existingPairs`). */
  diff?: PairingDiff;
}

/** Machine-readable cause of infeasibility. */
export type InfeasibilityCode =
  | 'NO_REVIEWERS'
  | 'LOAD_BOUNDS_UNREACHABLE'
  | 'MUNICIPALITY_NEEDS_MORE_REVIEWS'
  | 'MUNICIPALITIES_NEED_MORE_REVIEWS'
  | 'REVIEWERS_CANNOT_REACH_OTHER_MUNICIPALITIES'
  | 'MUNICIPALITY_REVIEWERS_UNDERUSED'
  | 'MUNICIPALITIES_REVIEWERS_UNDERUSED'
  | 'AUTHORS_CANNOT_ABSORB_MINIMUM_LOAD'
  | 'AUTHOR_TOO_FEW_ALLOWED_REVIEWERS'
  | 'REVIEWER_TOO_FEW_ALLOWED_AUTHORS'
  | 'PINNED_EXCEEDS_REVIEWS_PER_SUBMISSION'
  | 'PINNED_EXCEEDS_REVIEWER_LOAD'
  | 'PINNED_TOO_MANY_REVIEWERS_AT_MAXIMUM'
  | 'AUTHORS_SHORT_OF_ALLOWED_REVIEWERS'
  | 'REVIEWERS_SHORT_OF_ALLOWED_AUTHORS';

/** One reason a pairing is impossible, in words a coach understands. */
export interface InfeasibilityReason {
  code: InfeasibilityCode;
  message: string;
  /** Municipality ids involved, when the reason is about municipalities. */
  municipalityIds?: string[];
  /** Participant ids involved, when the reason is about people. */
  participantIds?: string[];
  /** Reviews needed versus reviews available in the violated condition. */
  needed?: number;
  available?: number;
}

/** A run without any pairing that satisfies all hard rules. */
export interface MatchInfeasible {
  status: 'infeasible';
  reasons: InfeasibilityReason[];
  /** Largest k below the requested one for which a pairing exists (0 if none). */
  maxFeasibleReviewsPerSubmission: number;
}

/** Result of `assignReviewers`. */
export type MatchResult = MatchSuccess | MatchInfeasible;

/** A past review that makes a pair a repeat or its municipality already met. */
export interface HistoryReference {
  reviewerId: string;
  authorId: string;
  assignmentId?: string;
}

/** Why a pair is or is not allowed and what it costs. */
export interface PairExplanation {
  reviewerId: string;
  authorId: string;
  /** True when every hard rule holds for this single pair. */
  allowed: boolean;
  hard: {
    notSelf: boolean;
    differentMunicipality: boolean;
    notForbidden: boolean;
    reviewerEligible: boolean;
    authorSubmitted: boolean;
    pinned: boolean;
  };
  soft: {
    sameDomain: { applies: boolean; cost: number; domainId: string };
    repeat: { applies: boolean; cost: number; earlierPairs: HistoryReference[] };
    municipalityMet: {
      applies: boolean;
      cost: number;
      municipalityId: string;
      earlierPairs: HistoryReference[];
    };
  };
  cost: number;
  /** The same facts as sentences, for a coach. */
  messages: string[];
}

/** Machine-readable kind of a hard-rule violation in a coach-edited pairing. */
export type ViolationCode =
  | 'UNKNOWN_PARTICIPANT'
  | 'SELF_REVIEW'
  | 'SAME_MUNICIPALITY'
  | 'FORBIDDEN_PAIR'
  | 'DUPLICATE_PAIR'
  | 'PINNED_PAIR_MISSING'
  | 'REVIEWER_NOT_ELIGIBLE'
  | 'AUTHOR_NOT_SUBMITTED'
  | 'AUTHOR_REVIEW_COUNT'
  | 'REVIEWER_LOAD_OUT_OF_RANGE';

/** One broken hard rule. */
export interface PairingViolation {
  code: ViolationCode;
  message: string;
  reviewerId?: string;
  authorId?: string;
}

/** Result of `checkPairing`. */
export interface PairingCheck {
  valid: boolean;
  violations: PairingViolation[];
  /** Cost and metrics of the pairs whose participants are known. */
  cost: number;
  metrics: PairingMetrics;
  /** The load range every reviewer must be in: floor and ceil of k * authors / reviewers. */
  loadBounds: { min: number; max: number };
}

/** Tuning knobs of the solver; results are optimal whatever they are set to. */
export interface SolverOptions {
  /**
   * 'dense' puts every allowed pair in the flow network, 'sparse' starts from a sampled candidate
   * set and adds pairs by pricing. 'auto' (default) is dense for small cohorts.
   */
  strategy?: 'auto' | 'dense' | 'sparse';
  /** Candidate pairs sampled per reviewer in sparse mode, beyond the load ceiling. Default 4. */
  extraCandidatesPerReviewer?: number;
}

/** Counters of the last solver run, for benchmarks. */
export interface SolverStats {
  strategy: 'dense' | 'sparse';
  arcs: number;
  pricingRounds: number;
  arcsAddedByPricing: number;
  shortestPathPhases: number;
}
