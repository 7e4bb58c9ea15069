// Bounds the handlers a service runs at once to what its pool can serve. A few more may wait, for
// a bounded time; beyond that the caller is told at once to come back later (503 + Retry-After).
export class Overloaded extends Error {
  constructor(readonly reason: 'queue-full' | 'queue-timeout') {
    super(`overloaded: ${reason}`);
    this.name = 'Overloaded';
  }
}

export interface LimiterOptions {
  /** Handlers running at once. */
  concurrency: number;
  /** Handlers waiting for a turn; one more is refused at once. */
  queue: number;
  /** How long one waits for its turn before it is refused. */
  queueTimeoutMs: number;
}

export interface Limiter {
  run<T>(fn: () => Promise<T>): Promise<T>;
  readonly active: number;
  readonly waiting: number;
}

export function createLimiter(opts: LimiterOptions): Limiter {
  let active = 0;
  const waiters: { resolve: () => void; timer: NodeJS.Timeout }[] = [];

  const acquire = (): Promise<void> => {
    if (active < opts.concurrency) {
      active++;
      return Promise.resolve();
    }
    if (waiters.length >= opts.queue) return Promise.reject(new Overloaded('queue-full'));
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        resolve,
        timer: setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Overloaded('queue-timeout'));
        }, opts.queueTimeoutMs),
      };
      waiters.push(waiter);
    });
  };

  const release = () => {
    const next = waiters.shift();
    if (next) {
      clearTimeout(next.timer);
      next.resolve(); // the turn passes on: `active` stays
    } else active--;
  };

  return {
    async run(fn) {
      await acquire();
      try {
        return await fn();
      } finally {
        release();
      }
    },
    get active() {
      return active;
    },
    get waiting() {
      return waiters.length;
    },
  };
}
