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
 *
 * The storage is disabled whenever no transaction is open: on Node 20 an enabled
 * AsyncLocalStorage keeps promise hooks on for every promise in the process, which cost the read
 * queries (none of them opens a transaction) 10-15 % of their time (bench/api).
 */
@Injectable()
export class TransactionService {
  private readonly current = new AsyncLocalStorage<OpenTransaction>();
  private openCount = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.open()?.manager ?? this.dataSource.manager;
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const open = this.open();
    if (open) return work(open.manager);
    const start = () => this.dataSource.transaction((manager) => this.within(manager, work));
    if (this.dataSource.options.type !== 'better-sqlite3') return retryAborted(start);
    const result = this.queue.then(start, start);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /**
   * A callback the work left behind (a timer, a promise it did not await) keeps the store of its
   * transaction after the commit; it must not join a transaction that has ended.
   */
  private open(): OpenTransaction | undefined {
    const store = this.current.getStore();
    return store?.open ? store : undefined;
  }

  private async within<T>(manager: EntityManager, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const transaction: OpenTransaction = { manager, open: true };
    this.openCount += 1;
    try {
      return await this.current.run(transaction, work, manager);
    } finally {
      transaction.open = false;
      this.openCount -= 1;
      // The next run() enables it again; stores left on older async resources are closed by then.
      if (this.openCount === 0) this.current.disable();
    }
  }
}

interface OpenTransaction {
  readonly manager: EntityManager;
  open: boolean;
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
