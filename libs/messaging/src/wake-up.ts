// The relay's wake-up (docs/adr/0006-relay-wake-up.md): one dedicated connection LISTENs on the
// store's events channel and calls onCommit for each notification; the relay coalesces them. If
// the connection fails or drops it reconnects with backoff, and the relay's poll covers the gap.
import pg from 'pg';
import { retryDelay, sleeper } from './retry.js';
import type { Logger } from './types.js';

export interface CommitListenerOptions {
  channel: string;
  connect: () => pg.Client;
  /** Called for every notification, and once each time LISTEN (re)starts (commits it may have missed). */
  onCommit: () => void;
  logger: Logger;
}

export interface CommitListener {
  stop(): Promise<void>;
}

export function listenForCommits(opts: CommitListenerOptions): CommitListener {
  const sleep = sleeper();
  let stopped = false;
  let client: pg.Client | undefined;

  /** One connection's life; true if LISTEN was established on it. */
  async function session(): Promise<boolean> {
    const c = opts.connect();
    client = c;
    let listening = false;
    const lost = new Promise<void>((resolve) => {
      c.once('end', () => resolve());
      c.on('error', (err: Error) => {
        if (!stopped) opts.logger.warn({ err: err.message }, 'relay: LISTEN connection failed, polling until it is back');
        resolve();
      });
    });
    c.on('notification', (msg: pg.Notification) => {
      if (msg.channel === opts.channel) opts.onCommit();
    });
    try {
      await c.connect();
      await c.query(`LISTEN "${opts.channel.replaceAll('"', '""')}"`);
      listening = true;
      opts.onCommit();
      await lost;
    } catch (err) {
      if (!stopped) opts.logger.warn({ err: String(err) }, 'relay: cannot LISTEN, polling meanwhile');
    } finally {
      client = undefined;
      await c.end().catch(() => undefined);
    }
    return listening;
  }

  const done = (async () => {
    let failures = 0;
    while (!stopped) {
      if (await session()) failures = 0;
      if (!stopped) await sleep(retryDelay(++failures));
    }
  })();

  return {
    async stop() {
      stopped = true;
      sleep.wake();
      await client?.end().catch(() => undefined);
      await done;
    },
  };
}
