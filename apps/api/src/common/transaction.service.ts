import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Runs a unit of work in one database transaction. Nested calls join the open transaction.
 *
 * TypeORM's better-sqlite3 driver shares one connection and one query runner, so two
 * concurrent transactions would silently nest as savepoints of each other; on SQLite the
 * transactions therefore queue behind a process-wide lock. PostgreSQL gets one pooled
 * connection per transaction and needs no lock; a transaction it aborts as a deadlock victim
 * (two writers taking the same report-tally rows in opposite order) or a serialization failure
 * has changed nothing and runs again, a few times.
 */
@Injectable()
export class TransactionService {
  private readonly current = new AsyncLocalStorage<EntityManager>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.current.getStore() ?? this.dataSource.manager;
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const open = this.current.getStore();
    if (open) return work(open);
    const start = () =>
      this.dataSource.transaction((manager) => this.current.run(manager, () => work(manager)));
    if (this.dataSource.options.type !== 'better-sqlite3') return retryAborted(start);
    const result = this.queue.then(start, start);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

/** PostgreSQL's "try again" errors: serialization_failure and deadlock_detected. */
const RETRYABLE = new Set(['40001', '40P01']);
const ATTEMPTS = 3;

export async function retryAborted<T>(start: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      const code = (error as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (error as { code?: string }).code;
      if (attempt >= ATTEMPTS || !code || !RETRYABLE.has(code)) throw error;
      // A short random pause, so that the two victims of a deadlock do not meet again at once.
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
}
