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
 * connection per transaction and needs no lock.
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
    if (this.dataSource.options.type !== 'better-sqlite3') return start();
    const result = this.queue.then(start, start);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
