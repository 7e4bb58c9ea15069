import { eventually } from './eventually.js';

describe('eventually', () => {
  it('returns the first truthy result', async () => {
    let calls = 0;
    await expect(eventually(() => ++calls >= 3 && calls, { intervalMs: 1 })).resolves.toBe(3);
  });

  it('keeps polling while the function throws', async () => {
    let calls = 0;
    const value = await eventually(
      async () => {
        if (++calls < 3) throw new Error('not yet');
        return 'done';
      },
      { intervalMs: 1 },
    );
    expect(value).toBe('done');
  });

  it('rethrows the last failure when time runs out', async () => {
    await expect(eventually(() => expect(1).toBe(2), { timeoutMs: 50, intervalMs: 10 })).rejects.toThrow(/within 50 ms/);
  });
});
