import { Injectable } from '@nestjs/common';
import { TransactionService } from '../common/transaction.service';
import { AuditEntryEntity } from './audit-entry.entity';

/** Writes audit entries inside the caller's transaction, so an entry exists only if the change does. */
@Injectable()
export class AuditService {
  constructor(private readonly transactions: TransactionService) {}

  async record(
    actorId: string | null,
    action: string,
    subjectType: string,
    subjectId: string,
    details: Record<string, unknown> | null = null,
  ): Promise<void> {
    const entry = this.transactions.manager.create(AuditEntryEntity, { actorId, action, subjectType, subjectId, details });
    await this.transactions.manager.save(AuditEntryEntity, entry);
  }
}
