import fc from 'fast-check';
import { createLimiter, Overloaded } from './limiter.js';

const gate = () => {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
};

describe('The handler limiter', () => {
  it('runs at most `concurrency` handlers at once, queues a bounded number, and refuses the rest at once', async () => {
    const limiter = createLimiter({ concurrency: 2, queue: 3, queueTimeoutMs: 10_000 });
    const g = gate();
    let running = 0;
    let peak = 0;
    const work = () =>
      limiter.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await g.opened;
        running--;
        return 'done';
      });
    const results = Array.from({ length: 8 }, () => work().catch((e: unknown) => e));
    await new Promise((resolve) => setImmediate(resolve));
    expect(limiter.active).toBe(2);
    expect(limiter.waiting).toBe(3);
    g.open();
    const settled = await Promise.all(results);
    expect(settled.filter((r) => r === 'done')).toHaveLength(5);
    expect(settled.filter((r) => r instanceof Overloaded && r.reason === 'queue-full')).toHaveLength(3);
    expect(peak).toBe(2);
    expect(limiter.active).toBe(0);
  });

  it('refuses a waiter whose turn does not come within the queue timeout, and never runs it', async () => {
    const limiter = createLimiter({ concurrency: 1, queue: 10, queueTimeoutMs: 50 });
    const g = gate();
    const first = limiter.run(() => g.opened);
    let ran = false;
    const second = limiter.run(async () => (ran = true)).catch((e: unknown) => e);
    expect(await second).toMatchObject({ reason: 'queue-timeout' });
    g.open();
    await first;
    expect(ran).toBe(false);
    expect(limiter.waiting).toBe(0);
    expect(await limiter.run(async () => 'free again')).toBe('free again');
  });

  it('releases its slot when a handler throws', async () => {
    const limiter = createLimiter({ concurrency: 1, queue: 0, queueTimeoutMs: 50 });
    await expect(limiter.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limiter.run(async () => 'ok')).toBe('ok');
  });

  it('never exceeds its concurrency and settles every call, whatever the mix of durations and failures', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 6 }),
        fc.array(fc.tuple(fc.nat(3), fc.boolean()), { maxLength: 30 }),
        async (concurrency, queue, jobs) => {
          const limiter = createLimiter({ concurrency, queue, queueTimeoutMs: 1_000 });
          let running = 0;
          let peak = 0;
          const outcomes = await Promise.all(
            jobs.map(([ms, fails]) =>
              limiter
                .run(async () => {
                  running++;
                  peak = Math.max(peak, running);
                  await new Promise((resolve) => setTimeout(resolve, ms));
                  running--;
                  if (fails) throw new Error('fail');
                  return 'ok';
                })
                .catch((e: Error) => (e instanceof Overloaded ? 'overloaded' : 'failed')),
            ),
          );
          expect(peak).toBeLessThanOrEqual(concurrency);
          expect(outcomes.filter((o) => o === 'overloaded').length).toBe(Math.max(0, jobs.length - concurrency - queue));
          expect(limiter.active).toBe(0);
          expect(limiter.waiting).toBe(0);
        },
      ),
      { numRuns: 60 },
    );
  });
});
