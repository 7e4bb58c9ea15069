// Seals each service's log (libs/event-store seal.ts) every SEAL_INTERVAL_MS: one background loop
// per process. Replicas may race for the same seal number; the store keeps one and the others
// continue from it.
import { sealAll } from '@jiandu/event-store';
import type { Pool } from 'pg';
import type { Logger } from './logger.js';

export interface Sealer {
  stop(): Promise<void>;
}

export function startSealer(opts: { pool: Pool; schema: string; intervalMs: number; logger: Logger }): Sealer {
  let stopped = false;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const loop = (async () => {
    while (!stopped) {
      try {
        const seals = await sealAll(opts.pool, opts.schema);
        if (seals > 0) opts.logger.debug({ seals }, 'sealer: log sealed');
      } catch (err) {
        opts.logger.warn({ err: String(err) }, 'sealer: sealing failed, will retry');
      }
      if (!stopped) await pause(opts.intervalMs);
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
