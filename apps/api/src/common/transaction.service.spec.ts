import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import { retryAborted, TransactionService } from './transaction.service';

const failure = (code: string) => Object.assign(new Error(`failed with ${code}`), { driverError: { code } });

describe('retryAborted', () => {
  it('runs a unit of work again after a deadlock or serialization failure', async () => {
    const errors = [failure('40P01'), failure('40001')];
    let calls = 0;
    const result = await retryAborted(async () => {
      calls += 1;
      const error = errors.shift();
      if (error) throw error;
      return 'committed';
    });
    expect(result).toBe('committed');
    expect(calls).toBe(3);
  });

  it('gives up after three attempts', async () => {
    let calls = 0;
    await expect(
      retryAborted(async () => {
        calls += 1;
        throw failure('40P01');
      }),
    ).rejects.toThrow('failed with 40P01');
    expect(calls).toBe(3);
  });

  it('passes every other error on at once', async () => {
    let calls = 0;
    await expect(
      retryAborted(async () => {
        calls += 1;
        throw failure('23505');
      }),
    ).rejects.toThrow('failed with 23505');
    expect(calls).toBe(1);
  });
});

const postgres = Boolean(process.env.DATABASE_URL);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe(`TransactionService (${postgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  let dataSource: DataSource;
  let transactions: TransactionService;

  beforeAll(async () => {
    dataSource = await new DataSource(
      postgres ? { type: 'postgres', url: process.env.DATABASE_URL, extra: { max: 4 } } : { type: 'better-sqlite3', database: ':memory:' },
    ).initialize();
  });
  afterAll(() => dataSource.destroy());
  beforeEach(() => {
    transactions = new TransactionService(dataSource);
  });

  const inTransaction = (manager: EntityManager) => manager.queryRunner?.isTransactionActive === true;

  it('joins the open transaction in nested calls and in every continuation of the work', async () => {
    await transactions.run(async (outer) => {
      expect(inTransaction(outer)).toBe(true);
      expect(transactions.manager).toBe(outer);
      await sleep(1);
      await outer.query('SELECT 1');
      expect(transactions.manager).toBe(outer);
      await transactions.run(async (inner) => {
        expect(inner).toBe(outer);
        await Promise.resolve();
        expect(transactions.manager).toBe(outer);
      });
      await new Promise<void>((resolve) => setImmediate(() => {
        expect(transactions.manager).toBe(outer);
        resolve();
      }));
    });
    expect(transactions.manager).toBe(dataSource.manager);
  });

  (postgres ? it : it.skip)('keeps concurrent transactions apart (PostgreSQL)', async () => {
    const both = [deferred(), deferred()];
    const work = (mine: number) =>
      transactions.run(async (manager) => {
        both[mine].resolve();
        await Promise.all(both.map((started) => started.promise));
        const ids: string[] = [];
        for (let step = 0; step < 3; step++) {
          await sleep(mine * 3 + 1);
          expect(transactions.manager).toBe(manager);
          const [{ id }] = await transactions.manager.query('SELECT txid_current()::text AS id');
          ids.push(id);
        }
        expect(new Set(ids).size).toBe(1);
        return { manager, id: ids[0] };
      });
    const [first, second] = await Promise.all([work(0), work(1)]);
    expect(first.manager).not.toBe(second.manager);
    expect(first.id).not.toBe(second.id);
    expect(transactions.manager).toBe(dataSource.manager);
  });

  (postgres ? it.skip : it)('queues transactions on SQLite, and a failed one does not hold up the next', async () => {
    const events: string[] = [];
    const work = (name: string, fail = false) =>
      transactions.run(async (manager) => {
        events.push(`${name} start`);
        await sleep(5);
        expect(transactions.manager).toBe(manager);
        expect(inTransaction(manager)).toBe(true);
        events.push(`${name} end`);
        if (fail) throw new Error(`${name} failed`);
        return name;
      });
    const results = await Promise.allSettled([work('a', true), work('b'), work('c')]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(events).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });

  it('keeps the store of a transaction that starts while another is finishing', async () => {
    const finishing = deferred();
    const secondStarted = deferred();
    const first = transactions.run(async () => {
      finishing.resolve();
      // PostgreSQL: the first one ends while the second is open. SQLite queues the second behind it.
      if (postgres) await secondStarted.promise;
      return 'first';
    });
    await finishing.promise;
    const second = transactions.run(async (manager) => {
      secondStarted.resolve();
      await first;
      // The first transaction has ended (and its end may have disabled the storage): this one is still open.
      await sleep(1);
      expect(transactions.manager).toBe(manager);
      await transactions.run(async (inner) => expect(inner).toBe(manager));
      expect(inTransaction(manager)).toBe(true);
      return 'second';
    });
    await expect(Promise.all([first, second])).resolves.toEqual(['first', 'second']);
  });

  it('does not hand the manager of an ended transaction to work it left behind', async () => {
    let ended: EntityManager | undefined;
    let late!: Promise<{ manager: EntityManager; began: boolean }>;
    const begin = jest.spyOn(dataSource, 'transaction');
    await transactions.run(async (manager) => {
      ended = manager;
      late = sleep(20).then(async () => {
        const seen = transactions.manager;
        const before = begin.mock.calls.length;
        return transactions.run(async (own) => ({ manager: seen, began: begin.mock.calls.length > before && inTransaction(own) }));
      });
    });
    // Another transaction is open when the left-behind work runs.
    const other = transactions.run(async () => {
      await sleep(10);
    });
    const seen = await late;
    await other;
    expect(seen.manager).not.toBe(ended);
    expect(seen.manager).toBe(dataSource.manager);
    expect(seen.began).toBe(true);
    begin.mockRestore();
  });

  it('lets go of promise hooks once the last transaction has ended', () => {
    // Jest itself keeps Node's promise hooks on, so this runs in a process of its own.
    const script = `
      const { executionAsyncResource } = require('node:async_hooks');
      const { DataSource } = require('typeorm');
      const { TransactionService } = require('./apps/api/src/common/transaction.service');
      // With promise hooks on, a promise continuation runs with its promise as the async resource.
      const hooksOn = async () => { await null; return executionAsyncResource() instanceof Promise; };
      const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
      (async () => {
        const url = process.env.DATABASE_URL;
        const dataSource = await new DataSource(url ? { type: 'postgres', url } : { type: 'better-sqlite3', database: ':memory:' }).initialize();
        const transactions = new TransactionService(dataSource);
        const seen = { before: await hooksOn() };
        seen.during = await transactions.run(() => hooksOn());
        seen.after = await hooksOn();
        const first = transactions.run(() => sleep(5));
        seen.duringSecond = await transactions.run(async () => { await first; await sleep(1); return hooksOn(); });
        seen.afterBoth = await hooksOn();
        await dataSource.destroy();
        process.stdout.write(JSON.stringify(seen));
      })();
    `;
    const child = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
      cwd: join(__dirname, '../../../..'),
      env: {
        PATH: process.env.PATH ?? '',
        TS_NODE_COMPILER_OPTIONS: '{"module":"commonjs","moduleResolution":"node10","ignoreDeprecations":"6.0","resolvePackageJsonExports":false}',
        ...(postgres ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({ before: false, during: true, after: false, duringSecond: true, afterBoth: false });
  });
});
