import { activePairsOfReviewer } from '../peer-reviews/active-pairs';
import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { constants, createReadStream, ReadStream } from 'node:fs';
import { access, mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isUUID } from 'class-validator';
import type { Actor } from '../auth/actor';
import { isAdmin } from '../auth/actor';
import { AccessPolicy } from '../auth/access-policy.service';
import { AuditService } from '../audit/audit.service';
import { AssignmentEntity } from '../assignments/assignment.entity';
import { DomainError } from '../common/domain-error';
import { TransactionService } from '../common/transaction.service';
import { CourseModuleEntity } from '../course-modules/course-module.entity';
import { AttachmentEntity } from './attachment.entity';
import { checkContent, cleanFileName, MAX_ATTACHMENT_BYTES, storedPath, UPLOAD_DIR } from './attachment-files';
import { SubmissionEntity } from './submission.entity';

/** What the multipart interceptor hands over for one file (memory storage, multer's shape). */
export interface UploadedFileData {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

export interface AttachmentDownload {
  attachment: AttachmentEntity;
  stream: ReadStream;
}

@Injectable()
export class AttachmentsService {
  constructor(
    private readonly policy: AccessPolicy,
    private readonly audit: AuditService,
    private readonly transactions: TransactionService,
  ) {}

  /**
   * Checks and stores an upload: the file is written under a temporary name and renamed to its
   * id (so a reader never sees half a file), and the row is written in the same transaction; if
   * either fails, neither stays.
   */
  async upload(actor: Actor, file: UploadedFileData | undefined): Promise<AttachmentEntity> {
    if (!file) throw DomainError.badInput('file', 'send the file as multipart/form-data in the field "file"');
    // The multipart parser's fileSize limit already stopped anything larger; this is the second line.
    if (file.buffer.length > MAX_ATTACHMENT_BYTES) throw DomainError.badInput('file', `the file is larger than ${MAX_ATTACHMENT_BYTES} bytes`);
    const contentType = checkContent(file.mimetype, file.buffer);
    const id = randomUUID();
    const sha256 = createHash('sha256').update(file.buffer).digest('hex');
    const target = storedPath(id);
    try {
      return await this.transactions.run(async (manager) => {
        const attachment = await manager.save(AttachmentEntity, {
          id,
          uploaderId: actor.id,
          submissionId: null,
          fileName: cleanFileName(file.originalname),
          contentType,
          sizeBytes: file.buffer.length,
          sha256,
        });
        await this.audit.record(actor.id, 'attachment.uploaded', 'Attachment', id, { sizeBytes: file.buffer.length, contentType });
        await writeAtomically(target, file.buffer);
        return attachment;
      });
    } catch (error) {
      await rm(target, { force: true });
      throw error;
    }
  }

  /**
   * Opens an attachment for download: for its uploader, the admins and coaches of the cohort of
   * the submission it belongs to, and reviewers paired with that exact submission version.
   */
  async open(actor: Actor, id: string): Promise<AttachmentDownload> {
    const manager = this.transactions.manager;
    const attachment = isUUID(id) ? await manager.findOne(AttachmentEntity, { where: { id } }) : null;
    if (!attachment) throw DomainError.notFound('Attachment', id);
    if (!(await this.mayRead(actor, attachment))) throw DomainError.forbidden('You may not download this file');
    const path = storedPath(attachment.id);
    try {
      await access(path, constants.R_OK);
    } catch {
      throw DomainError.notFound('The file of attachment', id);
    }
    return { attachment, stream: createReadStream(path) };
  }

  private async mayRead(actor: Actor, attachment: AttachmentEntity): Promise<boolean> {
    if (attachment.uploaderId === actor.id || isAdmin(actor)) return true;
    if (!attachment.submissionId) return false;
    const manager = this.transactions.manager;
    const reviewing = await activePairsOfReviewer(manager, actor.id)
      .andWhere('pair.submission_id = :submissionId', { submissionId: attachment.submissionId })
      .getExists();
    if (reviewing) return true;
    const row = await manager
      .createQueryBuilder(SubmissionEntity, 'submission')
      .innerJoin(AssignmentEntity, 'assignment', 'assignment.id = submission.assignment_id')
      .innerJoin(CourseModuleEntity, 'module', 'module.id = assignment.module_id')
      .select('module.cohort_id', 'cohortId')
      .where('submission.id = :id', { id: attachment.submissionId })
      .getRawOne<{ cohortId: string }>();
    if (!row) return false;
    const coached = await this.policy.coachedCohortIds(actor);
    return coached?.has(row.cohortId) ?? false;
  }
}

async function writeAtomically(target: string, bytes: Buffer): Promise<void> {
  await mkdir(UPLOAD_DIR, { recursive: true, mode: 0o700 });
  const temporary = join(UPLOAD_DIR, `.upload-${randomUUID()}`);
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temporary, target);
}
