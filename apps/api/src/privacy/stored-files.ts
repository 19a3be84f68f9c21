import { Logger } from '@nestjs/common';
import { unlink } from 'node:fs/promises';
import { storedPath } from '../submissions/attachment-files';

const logger = new Logger('Privacy');

/**
 * Deletes the stored files of attachments whose rows were deleted. Called after the commit: a
 * rolled-back transaction must not have lost files. A file that is already gone is fine; any
 * other failure is logged (the row is gone, so the file is unreachable through the API).
 */
export async function deleteAttachmentFiles(attachmentIds: string[]): Promise<void> {
  for (const id of attachmentIds) {
    try {
      await unlink(storedPath(id));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn(`Could not delete the file of attachment ${id}: ${String(error)}`);
    }
  }
}

/** Splits ids into chunks that stay well below SQLite's and PostgreSQL's parameter limits. */
export function chunks<T>(items: T[], size = 500): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}
