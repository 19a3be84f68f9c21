import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { isAdmin } from '../auth/actor';
import { AccessPolicy } from '../auth/access-policy.service';
import { BusinessDomain } from '../business-domains/business-domain.model';
import type { RequestLoaders } from '../graphql/request-loaders';
import { Municipality } from '../municipalities/municipality.model';
import type { Viewpoint } from '../peer-reviews/anonymity';
import { Counterpart } from '../peer-reviews/counterpart.model';
import { authorCounterpart } from './submission-author';
import { authorKey, reviewKey, SubmissionLoaders } from './submission-loaders';
import { Attachment, Submission, SubmissionFeedback } from './submission.model';

/**
 * The nested fields of Submission. Field resolvers are not guarded, so each one works out again
 * from which side the caller sees the submission, and shows nothing to anyone on no side.
 */
@Injectable()
export class SubmissionViewService {
  constructor(private readonly policy: AccessPolicy) {}

  /** AUTHOR for the author, MANAGER for the cohort's coaches and admins, REVIEWER for a paired reviewer. */
  async viewpoint(actor: Actor, submission: Submission, shared: RequestLoaders, loaders: SubmissionLoaders): Promise<Viewpoint | null> {
    if (submission.authorId === actor.id) return 'AUTHOR';
    if (isAdmin(actor)) return 'MANAGER';
    const assignment = await shared.assignment.load(submission.assignmentId);
    const module = assignment && (await shared.courseModule.load(assignment.moduleId));
    if (module && (await this.policy.coachedCohortIds(actor))?.has(module.cohortId)) return 'MANAGER';
    if (await loaders.reviews.load(reviewKey(actor.id, submission.id))) return 'REVIEWER';
    return null;
  }

  async author(actor: Actor, submission: Submission, shared: RequestLoaders, loaders: SubmissionLoaders): Promise<Counterpart> {
    const [viewpoint, assignment] = await Promise.all([
      this.viewpoint(actor, submission, shared, loaders),
      shared.assignment.load(submission.assignmentId),
    ]);
    const user = await shared.user.load(submission.authorId);
    if (!viewpoint || !assignment || !user) {
      return Object.assign(new Counterpart(), { hidden: true, name: null, municipality: null, businessDomain: null });
    }
    const [municipality, domain] = await Promise.all([
      user.municipalityCode ? shared.municipality.load(user.municipalityCode) : undefined,
      user.businessDomainCode ? shared.businessDomain.load(user.businessDomainCode) : undefined,
    ]);
    return authorCounterpart(assignment, viewpoint, {
      name: user.name,
      municipality: municipality ? Municipality.from(municipality) : null,
      businessDomain: domain ? BusinessDomain.from(domain) : null,
    });
  }

  /** Coach feedback is for the author and the cohort's coaches and admins; reviewers get none. */
  async feedback(actor: Actor, submission: Submission, shared: RequestLoaders, loaders: SubmissionLoaders): Promise<SubmissionFeedback[]> {
    const viewpoint = await this.viewpoint(actor, submission, shared, loaders);
    if (viewpoint !== 'AUTHOR' && viewpoint !== 'MANAGER') return [];
    const rows = await loaders.feedback.load(submission.id);
    const coaches = await shared.user.loadMany(rows.map((row) => row.coachId));
    return rows.map((row, index) => {
      const coach = coaches[index];
      return SubmissionFeedback.from(row, coach && !(coach instanceof Error) ? coach.name : '');
    });
  }

  async attachments(actor: Actor, submission: Submission, shared: RequestLoaders, loaders: SubmissionLoaders): Promise<Attachment[]> {
    if (!(await this.viewpoint(actor, submission, shared, loaders))) return [];
    return (await loaders.attachments.load(submission.id)).map(Attachment.from);
  }

  async isCurrent(submission: Submission, loaders: SubmissionLoaders): Promise<boolean> {
    return (await loaders.currentVersion.load(authorKey(submission.assignmentId, submission.authorId))) === submission.version;
  }
}
