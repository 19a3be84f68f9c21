import { retryAborted } from './transaction.service';

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
