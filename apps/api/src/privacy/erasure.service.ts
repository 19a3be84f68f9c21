import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { In, IsNull, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { PasswordTokenEntity } from '../auth/password-token.entity';
import { RefreshTokenEntity } from '../auth/refresh-token.entity';
import { DomainError } from '../common/domain-error';
import { TransactionService } from '../common/transaction.service';
import { NotificationEntity } from '../notifications/notification.entity';
import { PeerReviewEntity } from '../peer-reviews/peer-review.entity';
import { AttachmentEntity } from '../submissions/attachment.entity';
import { SubmissionFeedbackEntity } from '../submissions/submission-feedback.entity';
import { SubmissionEntity } from '../submissions/submission.entity';
import { normalizeEmail } from '../users/email';
import { SystemRole, UserEntity } from '../users/user.entity';
import { chunks, deleteAttachmentFiles } from './stored-files';

export const ERASED_NAME = 'Erased user';
export const ERASED_TEXT = '[erased]';
const ERASED_DOMAIN = '@erased.invalid';

/**
 * AVG/GDPR erasure of one person. Rows stay and are anonymised rather than deleted, so that the
 * cohort's statistics and the reviews other people received stay as they were: scores, counts,
 * versions and pairs are kept; what the person wrote and who they were is not.
 */
@Injectable()
export class ErasureService {
  constructor(
    private readonly audit: AuditService,
    private readonly transactions: TransactionService,
  ) {}

  async erase(actor: Actor, userId: string, confirmEmail: string): Promise<boolean> {
    const attachmentIds = await this.transactions.run(async (manager) => {
      const user = await manager.findOne(UserEntity, { where: { id: userId } });
      if (!user) throw new DomainError('NOT_FOUND', `User ${userId} does not exist`, [{ field: 'userId', message: 'does not exist' }]);
      if (user.id === actor.id) throw DomainError.badInput('userId', 'you cannot erase yourself; ask another administrator');
      if (user.email.endsWith(ERASED_DOMAIN)) throw DomainError.conflict('This user has been erased already', 'userId');
      // The address is stored normalised (trimmed, lower-case), so that is how it is compared.
      if (normalizeEmail(confirmEmail) !== user.email) {
        throw DomainError.badInput('confirmEmail', 'retype the e-mail address of the user to confirm the erasure');
      }
      if (user.role === SystemRole.ADMIN && !user.deactivatedAt) {
        const others = await manager.count(UserEntity, { where: { role: SystemRole.ADMIN, deactivatedAt: IsNull(), id: Not(user.id) } });
        if (others === 0) throw DomainError.badInput('userId', 'the platform must keep at least one active administrator');
      }

      const now = new Date();
      // Municipality and business domain are kept on purpose: they identify no one on their own
      // (hundreds of people share each), and cohort statistics and the matching history are kept
      // per municipality and domain, which would silently change if they were removed.
      await manager.update(
        UserEntity,
        { id: user.id },
        {
          name: ERASED_NAME,
          email: `erased-${randomBytes(12).toString('hex')}${ERASED_DOMAIN}`,
          jobTitle: null,
          passwordHash: null,
          deactivatedAt: user.deactivatedAt ?? now,
        },
      );
      // Deleting the tokens revokes them and leaves nothing that points at the person's sessions.
      await manager.delete(RefreshTokenEntity, { userId: user.id });
      await manager.delete(PasswordTokenEntity, { userId: user.id });
      await manager.delete(NotificationEntity, { userId: user.id });

      const submissions = await manager.find(SubmissionEntity, { where: { authorId: user.id }, select: { id: true } });
      await manager.update(SubmissionEntity, { authorId: user.id }, { body: ERASED_TEXT });
      const attachments = await manager.find(AttachmentEntity, { where: { uploaderId: user.id }, select: { id: true } });
      for (const ids of chunks(submissions.map((submission) => submission.id))) {
        attachments.push(...(await manager.find(AttachmentEntity, { where: { submissionId: In(ids) }, select: { id: true } })));
      }
      const attachmentIds = [...new Set(attachments.map((attachment) => attachment.id))];
      for (const ids of chunks(attachmentIds)) await manager.delete(AttachmentEntity, { id: In(ids) });

      // What they wrote about other people's work: the text goes, the scores and ratings stay.
      await manager.update(PeerReviewEntity, { reviewerId: user.id, comment: Not(IsNull()) }, { comment: ERASED_TEXT });
      await manager.update(PeerReviewEntity, { authorId: user.id, helpfulnessComment: Not(IsNull()) }, { helpfulnessComment: ERASED_TEXT });
      await manager.update(SubmissionFeedbackEntity, { coachId: user.id }, { body: ERASED_TEXT });

      // Counts only: the audit log must not keep what was erased.
      await this.audit.record(actor.id, 'user.erased', 'User', user.id, {
        submissions: submissions.length,
        attachments: attachmentIds.length,
      });
      return attachmentIds;
    });
    await deleteAttachmentFiles(attachmentIds);
    return true;
  }
}
