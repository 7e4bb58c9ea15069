// Projections and consumers are asynchronous: poll until the expectation holds.
export interface EventuallyOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * The default wait: 10 s, or 30 s in CI, where the whole suite shares two cores and an asynchronous
 * step may queue behind other projects' work. A wait that holds returns at once either way, so the
 * longer bound costs nothing when things work and keeps a slow machine from failing a good build.
 */
const DEFAULT_TIMEOUT_MS = process.env['CI'] ? 30_000 : 10_000;

/** Calls `fn` until it neither throws nor returns a falsy value; rethrows the last failure on timeout. */
export async function eventually<T>(fn: () => T | Promise<T>, options: EventuallyOptions = {}): Promise<T> {
  const { timeoutMs = DEFAULT_TIMEOUT_MS, intervalMs = 50 } = options;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
      last = new Error(`returned ${String(value)}`);
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  if (last instanceof Error) {
    last.message = `eventually: not true within ${timeoutMs} ms: ${last.message}`;
    throw last;
  }
  throw new Error(`eventually: not true within ${timeoutMs} ms: ${String(last)}`);
}
