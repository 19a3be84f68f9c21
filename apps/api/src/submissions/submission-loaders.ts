import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { In, Not } from 'typeorm';
import { TransactionService } from '../common/transaction.service';
import { PeerReviewEntity, PeerReviewStatus } from '../peer-reviews/peer-review.entity';
import { AttachmentEntity } from './attachment.entity';
import { SubmissionFeedbackEntity } from './submission-feedback.entity';
import { SubmissionEntity } from './submission.entity';

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

/** Key of one author's work on one assignment. */
export const authorKey = (assignmentId: string, authorId: string): string => `${assignmentId} ${authorId}`;

/** Key of "is this reviewer paired with this submission version". */
export const reviewKey = (reviewerId: string, submissionId: string): string => `${reviewerId} ${submissionId}`;

/**
 * Per-request batching for the nested fields of Submission, so a list of N submissions costs a
 * fixed number of statements. Reads go through the open transaction, if any.
 */
export class SubmissionLoaders {
  constructor(private readonly transactions: TransactionService) {}

  /** The highest version per (assignment, author): the current one. */
  readonly currentVersion = new DataLoader<string, number>(async (keys) => {
    const pairs = keys.map((key) => key.split(' '));
    const rows: { assignmentId: string; authorId: string; version: string | number }[] = await this.transactions.manager
      .createQueryBuilder(SubmissionEntity, 'submission')
      .select('submission.assignment_id', 'assignmentId')
      .addSelect('submission.author_id', 'authorId')
      .addSelect('MAX(submission.version)', 'version')
      .where('submission.assignment_id IN (:...assignmentIds)', { assignmentIds: [...new Set(pairs.map(([a]) => a))] })
      .andWhere('submission.author_id IN (:...authorIds)', { authorIds: [...new Set(pairs.map(([, b]) => b))] })
      .groupBy('submission.assignment_id')
      .addGroupBy('submission.author_id')
      .getRawMany();
    const found = new Map(rows.map((row) => [authorKey(row.assignmentId, row.authorId), Number(row.version)]));
    return keys.map((key) => found.get(key) ?? 0);
  });

  readonly attachments = new DataLoader<string, AttachmentEntity[]>(async (submissionIds) => {
    const rows = await this.transactions.manager.find(AttachmentEntity, {
      where: { submissionId: In([...submissionIds]) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const groups = groupBy(rows, (row) => row.submissionId ?? '');
    return submissionIds.map((id) => groups.get(id) ?? []);
  });

  readonly feedback = new DataLoader<string, SubmissionFeedbackEntity[]>(async (submissionIds) => {
    const rows = await this.transactions.manager.find(SubmissionFeedbackEntity, {
      where: { submissionId: In([...submissionIds]) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const groups = groupBy(rows, (row) => row.submissionId);
    return submissionIds.map((id) => groups.get(id) ?? []);
  });

  /** Whether a reviewer holds a live (not REMOVED) pair on exactly this submission version. */
  readonly reviews = new DataLoader<string, boolean>(async (keys) => {
    const pairs = keys.map((key) => key.split(' '));
    const rows = await this.transactions.manager.find(PeerReviewEntity, {
      where: {
        reviewerId: In([...new Set(pairs.map(([reviewer]) => reviewer))]),
        submissionId: In([...new Set(pairs.map(([, submission]) => submission))]),
        status: Not(PeerReviewStatus.REMOVED),
      },
      select: { reviewerId: true, submissionId: true },
    });
    const found = new Set(rows.map((row) => reviewKey(row.reviewerId, row.submissionId)));
    return keys.map((key) => found.has(key));
  });
}

/** One SubmissionLoaders per request, kept as long as the request object lives. */
@Injectable()
export class SubmissionLoadersFactory {
  private readonly byRequest = new WeakMap<object, SubmissionLoaders>();

  constructor(private readonly transactions: TransactionService) {}

  for(request: object): SubmissionLoaders {
    let loaders = this.byRequest.get(request);
    if (!loaders) {
      loaders = new SubmissionLoaders(this.transactions);
      this.byRequest.set(request, loaders);
    }
    return loaders;
  }
}
