import { Injectable } from '@nestjs/common';
import { EntityManager, In, IsNull } from 'typeorm';
import { AssignmentEntity } from '../assignments/assignment.entity';
import { AuditEntryEntity } from '../audit/audit-entry.entity';
import type { Actor } from '../auth/actor';
import { TransactionService } from '../common/transaction.service';
import { EnrollmentEntity } from '../enrollments/enrollment.entity';
import { NotificationEntity } from '../notifications/notification.entity';
import { PeerReviewScoreEntity } from '../peer-reviews/peer-review-score.entity';
import { PeerReviewEntity, PeerReviewStatus } from '../peer-reviews/peer-review.entity';
import { areReviewsReleased } from '../peer-reviews/peer-review.model';
import { AttachmentEntity } from '../submissions/attachment.entity';
import { SubmissionFeedbackEntity } from '../submissions/submission-feedback.entity';
import { SubmissionEntity } from '../submissions/submission.entity';
import { UserEntity } from '../users/user.entity';
import { CounterpartPerson, exportCounterpart } from './privacy-counterpart';
import { chunks } from './stored-files';
import { MyDataExport } from './privacy.model';

/**
 * The caller's own data as one JSON document. A fixed number of statements (chunked by id lists),
 * each an allow-list of columns: no password hash, no token hash, and no identity of a reviewer
 * that the assignment's anonymity hides. Received reviews appear once released, as in
 * myReceivedReviews, so the export cannot release them early either.
 */
@Injectable()
export class DataExportService {
  constructor(private readonly transactions: TransactionService) {}

  async export(actor: Actor): Promise<MyDataExport> {
    const manager = this.transactions.manager;
    const now = new Date();
    const user = await manager.findOneOrFail(UserEntity, { where: { id: actor.id } });
    const enrollments = await manager.find(EnrollmentEntity, { where: { userId: actor.id }, relations: { cohort: true }, order: { createdAt: 'ASC' } });
    const submissions = await manager.find(SubmissionEntity, { where: { authorId: actor.id }, order: { submittedAt: 'ASC', version: 'ASC' } });
    const submissionIds = submissions.map((submission) => submission.id);
    const attachments = await this.inChunks(submissionIds, (ids) => manager.find(AttachmentEntity, { where: { submissionId: In(ids) } }));
    const unlinkedUploads = await manager.find(AttachmentEntity, { where: { uploaderId: actor.id, submissionId: IsNull() } });
    const feedbackReceived = await this.inChunks(submissionIds, (ids) =>
      manager.find(SubmissionFeedbackEntity, { where: { submissionId: In(ids) }, relations: { coach: true }, order: { createdAt: 'ASC' } }),
    );
    const feedbackWritten = await manager.find(SubmissionFeedbackEntity, { where: { coachId: actor.id }, order: { createdAt: 'ASC' } });
    const written = await manager.find(PeerReviewEntity, { where: { reviewerId: actor.id }, order: { createdAt: 'ASC', id: 'ASC' } });
    // Received: submitted reviews only; released is checked per assignment below.
    const receivedAll = await manager.find(PeerReviewEntity, { where: { authorId: actor.id, status: PeerReviewStatus.SUBMITTED }, order: { id: 'ASC' } });

    const assignmentIds = [...new Set([...submissions, ...written, ...receivedAll].map((row) => row.assignmentId))];
    const assignments = new Map(
      (await this.inChunks(assignmentIds, (ids) => manager.find(AssignmentEntity, { where: { id: In(ids) }, relations: { module: true } }))).map((a) => [a.id, a]),
    );
    const received = receivedAll.filter((review) => areReviewsReleased(assignments.get(review.assignmentId)!, now));
    const scores = await this.scoresOf(manager, [...written, ...received].map((review) => review.id));
    const people = await this.peopleOf(manager, [...written.map((review) => review.authorId), ...received.map((review) => review.reviewerId)]);
    const notifications = await manager.find(NotificationEntity, { where: { userId: actor.id }, order: { createdAt: 'ASC' } });
    const audit = await manager.find(AuditEntryEntity, { where: { actorId: actor.id }, order: { createdAt: 'ASC' } });

    const assignmentRef = (id: string) => {
      const assignment = assignments.get(id);
      return { assignmentId: id, assignmentTitle: assignment?.title ?? null, cohortId: assignment?.module?.cohortId ?? null };
    };
    const attachmentJson = (attachment: AttachmentEntity) => ({
      id: attachment.id,
      fileName: attachment.fileName,
      contentType: attachment.contentType,
      sizeBytes: attachment.sizeBytes,
      sha256: attachment.sha256,
      uploadedAt: attachment.createdAt,
    });
    const document = {
      generatedAt: now,
      profile: {
        id: user.id,
        name: user.name,
        email: user.email,
        municipalityCode: user.municipalityCode,
        businessDomainCode: user.businessDomainCode,
        jobTitle: user.jobTitle,
        role: user.role,
        deactivatedAt: user.deactivatedAt,
        createdAt: user.createdAt,
        updatedAt: user.updatedAt,
      },
      enrollments: enrollments.map((enrollment) => ({
        cohortId: enrollment.cohortId,
        cohortName: enrollment.cohort?.name ?? null,
        role: enrollment.role,
        enrolledAt: enrollment.createdAt,
      })),
      submissions: submissions.map((submission) => ({
        id: submission.id,
        ...assignmentRef(submission.assignmentId),
        version: submission.version,
        body: submission.body,
        submittedAt: submission.submittedAt,
        isLate: submission.isLate,
        attachments: attachments.filter((attachment) => attachment.submissionId === submission.id).map(attachmentJson),
        feedback: feedbackReceived
          .filter((feedback) => feedback.submissionId === submission.id)
          .map((feedback) => ({ coachName: feedback.coach?.name ?? null, body: feedback.body, createdAt: feedback.createdAt })),
      })),
      uploadsNotSubmitted: unlinkedUploads.map(attachmentJson),
      feedbackWritten: feedbackWritten.map((feedback) => ({ submissionId: feedback.submissionId, body: feedback.body, createdAt: feedback.createdAt })),
      reviewsWritten: written.map((review) => ({
        id: review.id,
        ...assignmentRef(review.assignmentId),
        author: exportCounterpart(people.get(review.authorId), assignments.get(review.assignmentId)!, 'REVIEWER'),
        status: review.status,
        comment: review.comment,
        submittedAt: review.submittedAt,
        scores: scores.get(review.id) ?? [],
      })),
      reviewsReceived: received.map((review) => ({
        id: review.id,
        ...assignmentRef(review.assignmentId),
        reviewer: exportCounterpart(people.get(review.reviewerId), assignments.get(review.assignmentId)!, 'AUTHOR'),
        comment: review.comment,
        submittedAt: review.submittedAt,
        scores: scores.get(review.id) ?? [],
      })),
      helpfulnessRatingsGiven: received
        .filter((review) => review.helpfulness !== null)
        .map((review) => ({ reviewId: review.id, helpfulness: review.helpfulness, comment: review.helpfulnessComment, ratedAt: review.ratedAt })),
      notifications: notifications.map((notification) => ({
        kind: notification.kind,
        message: notification.message,
        assignmentId: notification.assignmentId,
        createdAt: notification.createdAt,
        readAt: notification.readAt,
      })),
      auditEntries: audit.map((entry) => ({
        action: entry.action,
        subjectType: entry.subjectType,
        subjectId: entry.subjectId,
        details: entry.details,
        at: entry.createdAt,
      })),
    };
    return Object.assign(new MyDataExport(), { generatedAt: now, json: JSON.stringify(document, null, 2) });
  }

  private async scoresOf(manager: EntityManager, reviewIds: string[]): Promise<Map<string, { criterion: string; score: number }[]>> {
    const rows = await this.inChunks(reviewIds, (ids) =>
      manager.find(PeerReviewScoreEntity, { where: { peerReviewId: In(ids) }, relations: { criterion: true } }),
    );
    const byReview = new Map<string, { criterion: string; score: number }[]>();
    for (const row of rows) {
      const list = byReview.get(row.peerReviewId) ?? [];
      list.push({ criterion: row.criterion?.title ?? row.criterionId, score: row.score });
      byReview.set(row.peerReviewId, list);
    }
    return byReview;
  }

  /** Only the columns a counterpart may show; which of them is shown is exportCounterpart's call. */
  private async peopleOf(manager: EntityManager, userIds: string[]): Promise<Map<string, CounterpartPerson>> {
    const rows = await this.inChunks([...new Set(userIds)], (ids) =>
      manager.find(UserEntity, { where: { id: In(ids) }, select: { id: true, name: true, municipalityCode: true, businessDomainCode: true } }),
    );
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** Sequential on purpose: one statement at a time per connection. */
  private async inChunks<T>(ids: string[], load: (ids: string[]) => Promise<T[]>): Promise<T[]> {
    const result: T[] = [];
    for (const chunk of chunks(ids)) result.push(...(await load(chunk)));
    return result;
  }
}
