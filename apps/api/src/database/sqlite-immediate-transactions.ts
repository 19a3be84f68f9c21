import type { DataSource } from 'typeorm';

type Query = (this: unknown, query: string, ...rest: unknown[]) => Promise<unknown>;

/**
 * SQLite's plain BEGIN is DEFERRED: a transaction that reads first and writes later has to
 * upgrade its lock, and when another connection (another process) holds the write lock that
 * upgrade fails at once with SQLITE_BUSY; busy_timeout does not apply to it. BEGIN IMMEDIATE
 * takes the write lock up front and so waits out busy_timeout like any other statement.
 * TypeORM's SQLite query runner hard-codes "BEGIN TRANSACTION"; this rewrites that one statement
 * on the driver's single query runner. The prototype's method is looked up on every call so
 * that wrappers placed on it later (the tests' statement counter) still see every statement.
 */
export function useImmediateTransactions(dataSource: DataSource): void {
  if (dataSource.options.type !== 'better-sqlite3') return;
  const runner = dataSource.createQueryRunner();
  const prototype = Object.getPrototypeOf(runner) as { query: Query };
  Object.defineProperty(runner, 'query', {
    configurable: true,
    writable: true,
    value(this: unknown, query: string, ...rest: unknown[]) {
      return prototype.query.call(this, query === 'BEGIN TRANSACTION' ? 'BEGIN IMMEDIATE TRANSACTION' : query, ...rest);
    },
  });
}
