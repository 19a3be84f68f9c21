import { DataSource } from 'typeorm';

/**
 * Counts the SQL statements the app sends while `work` runs, by wrapping the query method of
 * the driver's query-runner class (every statement, from repositories and query builders alike).
 */
export async function countStatements(dataSource: DataSource, work: () => Promise<unknown>): Promise<{ count: number; statements: string[] }> {
  const runner = dataSource.createQueryRunner();
  const prototype = Object.getPrototypeOf(runner) as { query: (...args: unknown[]) => Promise<unknown> };
  if (dataSource.options.type !== 'better-sqlite3') await runner.release();
  const original = prototype.query;
  const statements: string[] = [];
  prototype.query = function (this: unknown, ...args: unknown[]) {
    statements.push(String(args[0]));
    return original.apply(this, args);
  };
  try {
    await work();
  } finally {
    prototype.query = original;
  }
  return { count: statements.length, statements };
}
