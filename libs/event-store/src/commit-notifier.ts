// Wakes the outbox relay when events commit: after each commit that appended, one
// `pg_notify('<schema>_events', '')` on its own, so the append statement and its transaction
// stay as they were (see docs/adr/0006-relay-wake-up.md). Coalesced and spaced (commitNotifier).
// Best effort: the relay still polls, so a lost notification only costs the poll interval.
import type { Pool, PoolClient } from 'pg';

/** The LISTEN/NOTIFY channel on which a store announces commits. */
export function eventsChannel(schema: string): string {
  return `${schema}_events`;
}

/**
 * Returns `notify()`. The first commit after a quiet spell notifies at once; commits while a
 * notification is in flight, or within `minGapMs` after it, share one more. Under load that bounds
 * the extra statements (the relay is busy reading then anyway), and adds at most minGapMs.
 */
export function commitNotifier(pool: Pool, schema: string, minGapMs = 10): () => void {
  // Asynchronous commit: the notification carries no data, so it need not wait for a WAL flush
  // while it holds PostgreSQL's notify lock.
  const statement = {
    name: `es:${schema}:notify`,
    text: `SELECT set_config('synchronous_commit', 'off', true), pg_notify($1, '')`,
    values: [eventsChannel(schema)],
  };
  let busy = false; // a notification is in flight or its gap has not passed
  let again = false; // a commit arrived meanwhile
  const send = (): void => {
    busy = true;
    again = false;
    const sent = performance.now();
    const settled = () => {
      const wait = minGapMs - (performance.now() - sent);
      if (wait > 0) setTimeout(next, wait).unref();
      else next();
    };
    pool.query(statement).then(settled, settled);
  };
  const next = (): void => {
    if (again) send();
    else busy = false;
  };
  return () => {
    if (busy) again = true;
    else send();
  };
}

const afterCommitHooks = new WeakMap<PoolClient, Set<() => void>>();

/** Runs `hook` once the withTransaction transaction on `tx` commits; dropped on rollback. */
export function afterCommit(tx: PoolClient, hook: () => void): void {
  const hooks = afterCommitHooks.get(tx) ?? new Set();
  hooks.add(hook);
  afterCommitHooks.set(tx, hooks);
}

/** Called by withTransaction: forget hooks (BEGIN, ROLLBACK) or run them (after COMMIT). */
export function settleCommitHooks(tx: PoolClient, committed: boolean): void {
  const hooks = afterCommitHooks.get(tx);
  if (!hooks) return;
  afterCommitHooks.delete(tx);
  if (committed) for (const hook of hooks) hook();
}
