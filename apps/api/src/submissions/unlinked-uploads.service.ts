import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { In, IsNull, LessThan } from 'typeorm';
import { TransactionService } from '../common/transaction.service';
import { chunks, deleteAttachmentFiles } from '../privacy/stored-files';
import { AttachmentEntity } from './attachment.entity';

/** An upload is meant for the submission being written; one not submitted within this time is left over. */
export const UNLINKED_UPLOAD_HOURS = 24;
const HOUR_MS = 3600_000;

/**
 * Removes uploads that never became part of a submission (the participant uploaded, then gave up
 * or uploaded again): their rows, then, after the commit, their files. Nobody but the uploader
 * could ever read them, and they are personal data kept for no purpose. Runs at start-up and
 * every hour.
 */
@Injectable()
export class UnlinkedUploadsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Uploads');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly transactions: TransactionService) {}

  onApplicationBootstrap(): void {
    this.scheduled();
    this.timer = setInterval(() => this.scheduled(), HOUR_MS);
    // The clean-up must never keep the process alive on its own.
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Deletes the uploads older than UNLINKED_UPLOAD_HOURS that no submission took; returns how many. */
  async removeUnlinked(now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - UNLINKED_UPLOAD_HOURS * HOUR_MS);
    const ids = await this.transactions.run(async (manager) => {
      const rows = await manager.find(AttachmentEntity, { where: { submissionId: IsNull(), createdAt: LessThan(cutoff) }, select: { id: true } });
      const found = rows.map((row) => row.id);
      // Re-checked in the DELETE: a submission may have taken one since the SELECT.
      for (const part of chunks(found)) await manager.delete(AttachmentEntity, { id: In(part), submissionId: IsNull() });
      const left = found.length ? await manager.find(AttachmentEntity, { where: { id: In(found) }, select: { id: true } }) : [];
      const kept = new Set(left.map((row) => row.id));
      return found.filter((id) => !kept.has(id));
    });
    await deleteAttachmentFiles(ids);
    return ids.length;
  }

  private scheduled(): void {
    this.running = this.removeUnlinked(new Date()).then(
      (removed) => {
        if (removed > 0) this.logger.log(`removed ${removed} uploads not submitted within ${UNLINKED_UPLOAD_HOURS} hours`);
      },
      (error: unknown) => this.logger.error(`clean-up of unlinked uploads failed: ${String(error)}`),
    );
  }
}
