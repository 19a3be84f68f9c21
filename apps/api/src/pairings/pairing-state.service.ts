import { Injectable } from '@nestjs/common';
import type { ExistingPairInput, HistoryEntryInput, MatchInput, MatchingWeights, PairTuple, ParticipantInput } from '@academy/matching';
import { In } from 'typeorm';
import { AssignmentEntity } from '../assignments/assignment.entity';
import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { BusinessDomainEntity } from '../business-domains/business-domain.entity';
import { CohortEntity } from '../cohorts/cohort.entity';
import { TransactionService } from '../common/transaction.service';
import { CourseModuleEntity } from '../course-modules/course-module.entity';
import { EnrollmentEntity, EnrollmentRole } from '../enrollments/enrollment.entity';
import { MunicipalityEntity } from '../municipalities/municipality.entity';
import { PeerReviewEntity, PeerReviewStatus } from '../peer-reviews/peer-review.entity';
import { SubmissionEntity } from '../submissions/submission.entity';
import { UserEntity } from '../users/user.entity';
import { AssignmentPairingEntity } from './assignment-pairing.entity';
import { PairingConstraintEntity, PairingConstraintKind } from './pairing-constraint.entity';

/** A person as the pairing sees them, with their affiliation resolved for display. */
export interface PairingPersonData {
  user: UserEntity;
  municipality: MunicipalityEntity | null;
  domain: BusinessDomainEntity | null;
}

/**
 * Everything the matching of one assignment depends on, read in a fixed number of statements
 * (independent of the cohort's size) through the open transaction.
 */
export interface PairingState {
  assignment: AssignmentEntity;
  cohort: CohortEntity;
  pairing: AssignmentPairingEntity | null;
  /** Active participants with a municipality and a domain: the reviewers. */
  eligible: Set<string>;
  /** Eligible participants with a submission: the authors, with their current version. */
  currentSubmission: Map<string, SubmissionEntity>;
  /** Every submission version of the assignment by id. */
  submissions: Map<string, SubmissionEntity>;
  /** Every person mentioned by a participant list, a pair, a constraint or the history. */
  people: Map<string, PairingPersonData>;
  constraints: PairingConstraintEntity[];
  /** All rows of this assignment, REMOVED included. */
  rows: PeerReviewEntity[];
  history: HistoryEntryInput[];
  audit: AuditEntryEntity[];
}

export const key = (reviewerId: string, authorId: string): string => `${reviewerId}>${authorId}`;

/** The affiliation columns of a peer_reviews row for this reviewer: their municipality and domain now. */
export function reviewerAffiliation(state: PairingState, reviewerId: string): Pick<PeerReviewEntity, 'reviewerMunicipalityCode' | 'reviewerDomainCode'> {
  const user = state.people.get(reviewerId)?.user;
  return { reviewerMunicipalityCode: user?.municipalityCode ?? null, reviewerDomainCode: user?.businessDomainCode ?? null };
}

/**
 * Both sides' affiliation as stored on a pair when it is made (published, repaired, swapped or
 * brought back): the cohort report counts the review under these, even after someone moves.
 */
export function pairAffiliation(
  state: PairingState,
  reviewerId: string,
  authorId: string,
): Pick<PeerReviewEntity, 'reviewerMunicipalityCode' | 'reviewerDomainCode' | 'authorMunicipalityCode' | 'authorDomainCode'> {
  const author = state.people.get(authorId)?.user;
  return {
    ...reviewerAffiliation(state, reviewerId),
    authorMunicipalityCode: author?.municipalityCode ?? null,
    authorDomainCode: author?.businessDomainCode ?? null,
  };
}

@Injectable()
export class PairingStateService {
  constructor(private readonly transactions: TransactionService) {}

  async load(assignment: AssignmentEntity, cohort: CohortEntity): Promise<PairingState> {
    const manager = this.transactions.manager;
    // One statement after the other: a transaction's PostgreSQL connection runs one query at a time.
    const enrollments = await manager.find(EnrollmentEntity, {
      where: { cohortId: cohort.id, role: EnrollmentRole.PARTICIPANT },
      select: { userId: true },
    });
    const submissions = await manager.find(SubmissionEntity, {
      where: { assignmentId: assignment.id },
      select: { id: true, authorId: true, version: true, submittedAt: true, isLate: true },
    });
    const constraints = await manager.find(PairingConstraintEntity, { where: { assignmentId: assignment.id }, order: { createdAt: 'ASC' } });
    const rows = await manager.find(PeerReviewEntity, { where: { assignmentId: assignment.id }, order: { createdAt: 'ASC', id: 'ASC' } });
    const pairing = await manager.findOne(AssignmentPairingEntity, { where: { assignmentId: assignment.id } });
    const history = await manager
      .createQueryBuilder(PeerReviewEntity, 'review')
      .innerJoin(AssignmentEntity, 'assignment', 'assignment.id = review.assignment_id')
      .innerJoin(CourseModuleEntity, 'module', 'module.id = assignment.module_id')
      .where('module.cohort_id = :cohortId', { cohortId: cohort.id })
      .andWhere('review.assignment_id <> :assignmentId', { assignmentId: assignment.id })
      .andWhere('review.status <> :removed', { removed: PeerReviewStatus.REMOVED })
      .select('review.reviewer_id', 'reviewerId')
      .addSelect('review.author_id', 'authorId')
      .addSelect('review.assignment_id', 'assignmentId')
      .orderBy('review.createdAt', 'ASC')
      .getRawMany<HistoryEntryInput & { assignmentId: string }>();
    const audit = await manager.find(AuditEntryEntity, { where: { subjectType: 'Assignment', subjectId: assignment.id }, order: { createdAt: 'ASC' } });
    const ids = new Set<string>(enrollments.map((enrollment) => enrollment.userId));
    for (const row of [...rows, ...constraints, ...history]) {
      ids.add(row.reviewerId);
      ids.add(row.authorId);
    }
    for (const entry of audit) if (entry.actorId) ids.add(entry.actorId);
    const users = ids.size ? await manager.find(UserEntity, { where: { id: In([...ids]) } }) : [];
    const municipalityCodes = [...new Set(users.map((user) => user.municipalityCode).filter((code): code is string => !!code))];
    const domainCodes = [...new Set(users.map((user) => user.businessDomainCode).filter((code): code is string => !!code))];
    const municipalities = municipalityCodes.length ? await manager.find(MunicipalityEntity, { where: { code: In(municipalityCodes) } }) : [];
    const domains = domainCodes.length ? await manager.find(BusinessDomainEntity, { where: { code: In(domainCodes) } }) : [];
    const municipalityByCode = new Map(municipalities.map((municipality) => [municipality.code, municipality]));
    const domainByCode = new Map(domains.map((domain) => [domain.code, domain]));
    const people = new Map<string, PairingPersonData>(
      users.map((user) => [
        user.id,
        {
          user,
          municipality: user.municipalityCode ? (municipalityByCode.get(user.municipalityCode) ?? null) : null,
          domain: user.businessDomainCode ? (domainByCode.get(user.businessDomainCode) ?? null) : null,
        },
      ]),
    );
    const eligible = new Set(
      enrollments
        .map((enrollment) => people.get(enrollment.userId)?.user)
        .filter((user): user is UserEntity => !!user && !user.deactivatedAt && !!user.municipalityCode && !!user.businessDomainCode)
        .map((user) => user.id),
    );
    const currentSubmission = new Map<string, SubmissionEntity>();
    for (const submission of submissions) {
      if (!eligible.has(submission.authorId)) continue;
      const current = currentSubmission.get(submission.authorId);
      if (!current || current.version < submission.version) currentSubmission.set(submission.authorId, submission);
    }
    return {
      assignment,
      cohort,
      pairing,
      eligible,
      currentSubmission,
      submissions: new Map(submissions.map((submission) => [submission.id, submission])),
      people,
      constraints,
      rows,
      history: history.map((row) => ({ reviewerId: row.reviewerId, authorId: row.authorId, assignmentId: row.assignmentId })),
      audit,
    };
  }
}

/** Whether the engine knows this person (it needs a municipality and a domain for everyone it sees). */
function matchable(state: PairingState, id: string): boolean {
  const person = state.people.get(id);
  return !!person?.user.municipalityCode && !!person.user.businessDomainCode;
}

/**
 * Reviewers who let the review due date pass with a review still to write count as dropped out:
 * their open pairs are re-matched by a repair. A pair given out after the due date (by a repair)
 * is not overdue, or every repair would make its own new reviewers drop out.
 */
export function droppedOutReviewers(state: PairingState, now = new Date()): Set<string> {
  const due = state.assignment.reviewDueAt;
  if (now <= due) return new Set();
  return new Set(state.rows.filter((row) => row.status === PeerReviewStatus.ASSIGNED && row.updatedAt <= due).map((row) => row.reviewerId));
}

export interface MatchInputOptions {
  seed?: number;
  weights?: MatchingWeights;
  /** Constraints to use instead of the stored ones (to test a change before storing it). */
  constraints?: Array<Pick<PairingConstraintEntity, 'reviewerId' | 'authorId' | 'kind'>>;
  /** Pass the active pairs as `existingPairs` (a repair run). */
  repair?: boolean;
}

/** Builds the engine's input from the loaded state. */
export function matchInput(state: PairingState, options: MatchInputOptions = {}): MatchInput {
  const dropped = droppedOutReviewers(state);
  const participants: ParticipantInput[] = [...state.people.values()]
    .filter(({ user }) => matchable(state, user.id))
    .map(({ user }) => ({ id: user.id, name: user.name, municipalityId: user.municipalityCode!, domainId: user.businessDomainCode! }));
  const reviewers = [...state.eligible].filter((id) => !dropped.has(id));
  const authors = [...state.currentSubmission.keys()];
  const reviewerSet = new Set(reviewers);
  const authorSet = new Set(authors);
  const known = (pair: { reviewerId: string; authorId: string }) => matchable(state, pair.reviewerId) && matchable(state, pair.authorId);
  const constraints = (options.constraints ?? state.constraints).filter(known);
  const forbidden = constraints.filter((c) => c.kind === PairingConstraintKind.FORBID).map((c): PairTuple => [c.reviewerId, c.authorId]);
  // A pin whose people left (or whose author has not submitted) cannot be honoured; it stays
  // stored and applies again when it can.
  const pinned = constraints
    .filter((c) => c.kind === PairingConstraintKind.PIN && reviewerSet.has(c.reviewerId) && authorSet.has(c.authorId))
    .filter((c) => state.people.get(c.reviewerId)!.user.municipalityCode !== state.people.get(c.authorId)!.user.municipalityCode)
    .map((c): PairTuple => [c.reviewerId, c.authorId]);
  const input: MatchInput = {
    reviewsPerSubmission: state.assignment.reviewsPerSubmission,
    participants,
    authors,
    reviewers,
    history: state.history.filter(known),
    forbidden,
    pinned,
    seed: options.seed ?? state.pairing?.seed ?? 1,
    municipalityNames: Object.fromEntries(
      [...state.people.values()].filter((person) => person.municipality).map((person) => [person.municipality!.code, person.municipality!.name]),
    ),
  };
  if (options.weights) input.weights = options.weights;
  if (options.repair) input.existingPairs = activePairs(state).filter(known);
  return input;
}

export function activePairs(state: PairingState): Array<ExistingPairInput & { row: PeerReviewEntity }> {
  return state.rows
    .filter((row) => row.status !== PeerReviewStatus.REMOVED)
    .map((row) => ({ reviewerId: row.reviewerId, authorId: row.authorId, locked: row.status === PeerReviewStatus.SUBMITTED, row }));
}

/**
 * The engine names people as "Name (id)"; a coach reads names, so ids are replaced by the
 * person's municipality.
 */
export function readable(state: PairingState, message: string): string {
  let text = message;
  for (const { user } of state.people.values()) {
    text = text.split(`${user.name} (${user.id})`).join(user.name);
    text = text.split(user.id).join(user.name);
  }
  return text;
}

/** "Ruud (GM0363 Amsterdam)". */
export function describePerson(person: PairingPersonData): string {
  const code = person.user.municipalityCode;
  if (!code) return person.user.name;
  return `${person.user.name} (${code}${person.municipality ? ` ${person.municipality.name}` : ''})`;
}
