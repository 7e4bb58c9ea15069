// The PostgreSQL EventStore: one schema per service, prepared statements, one round trip per append.
import type { Pool, PoolClient } from 'pg';
import { conflictCause, expectedToParam, planAppend } from './append.js';
import type { AppendPlan } from './append.js';
import { appRoleName } from './app-role.js';
import { afterCommit, commitNotifier } from './commit-notifier.js';
import { migrate } from './migrate.js';
import { toRecordedEvent } from './recorded-event.js';
import type { EventRow } from './recorded-event.js';
import { LOG_START, WrongExpectedVersionError } from './types.js';
import type { EventStore, LogCursor, NewEvent, StoreOptions } from './types.js';
import { storeStatements } from './statements.js';
import { streamHeads } from './stream-heads.js';
import type { StreamHead, StreamHeads } from './stream-heads.js';
import { verifyLog } from './verify.js';

type Statements = ReturnType<typeof storeStatements>;

export interface PostgresEventStore extends EventStore {
  /** NOLOGIN role with SELECT+INSERT on events; run the service's runtime pool as it. */
  readonly appRole: string;
  /** Migration ids applied by this call (empty when another instance already applied them). */
  readonly applied: string[];
}

/**
 * Creates the schema, applies the store's migrations then opts.migrations, and returns the store.
 * Reads and appends use opts.pool unless `runtimePool` is given (e.g. a pool running as appRole).
 */
export async function openEventStore(opts: StoreOptions & { runtimePool?: Pool }): Promise<PostgresEventStore> {
  const applied = await migrate(opts.pool, opts.schema, opts.migrations);
  return createEventStore(opts.runtimePool ?? opts.pool, opts.schema, applied, opts.notifyCommits ?? false);
}

function createEventStore(pool: Pool, schema: string, applied: string[], notifyCommits: boolean): PostgresEventStore {
  const statements = storeStatements(schema);
  const commits = commitSignal(pool, schema, notifyCommits);
  const heads = streamHeads();
  const append = appender(pool, statements, heads, commits.notify);
  const run = (tx?: PoolClient) => tx ?? pool;
  return {
    schema,
    appRole: appRoleName(schema),
    applied,
    append,

    async readStream(streamId, fromVersion = 1, tx) {
      const { rows } = await run(tx).query<EventRow>({
        ...statements.readStream,
        values: [streamId, fromVersion],
        rowMode: 'array',
      });
      const events = rows.map(toRecordedEvent);
      const last = events[events.length - 1];
      // A transaction's own uncommitted events must not be remembered as a head: it may roll back.
      if (last && tx === undefined) heads.remember(streamId, { version: last.version, hash: last.hash });
      return events;
    },

    async readAll(after, limit) {
      const values = [after.txid.toString(), after.position.toString(), limit];
      const { rows } = await pool.query<EventRow>({ ...statements.readAll, values, rowMode: 'array' });
      const events = rows.map(toRecordedEvent);
      const last = events[events.length - 1];
      return { events, cursor: last ? { txid: last.txid, position: last.position } : after };
    },

    async loadCheckpoint(name, tx) {
      const { rows } = await run(tx).query<[string, string]>({ ...statements.loadCheckpoint, values: [name], rowMode: 'array' });
      return rows[0] ? { txid: BigInt(rows[0][0]), position: BigInt(rows[0][1]) } : LOG_START;
    },

    async saveCheckpoint(name: string, cursor: LogCursor, db: Pool | PoolClient) {
      await db.query({ ...statements.saveCheckpoint, values: [name, cursor.txid.toString(), cursor.position.toString()] });
    },

    onCommit: commits.onCommit,

    verify(streamId) {
      return verifyLog(pool, schema, streamId);
    },
  };
}

/**
 * After each commit that appended: wake this process's listeners (its relay), and, when asked,
 * other processes through NOTIFY (a relay running apart from the writers).
 */
function commitSignal(
  pool: Pool,
  schema: string,
  notifyCommits: boolean,
): { notify: () => void; onCommit: EventStore['onCommit'] } {
  const listeners = new Set<() => void>();
  const notifyOthers = notifyCommits ? commitNotifier(pool, schema) : undefined;
  const notify = () => {
    for (const listener of listeners) {
      try {
        listener();
      } catch {
        // A wake-up must never turn a committed append into an error; the relay's poll covers it.
      }
    }
    notifyOthers?.();
  };
  const onCommit = (listener: () => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  return { notify, onCommit };
}

/**
 * append(): plan one statement (append.ts), run it, then remember the new head and signal the
 * commit, or turn a lost race into WrongExpectedVersionError.
 */
function appender(pool: Pool, statements: Statements, heads: StreamHeads, notify: () => void): EventStore['append'] {
  /** The new head; undefined when 'expectedOne' found another head than the expected one. */
  const run = async (plan: AppendPlan, tx?: PoolClient): Promise<StreamHead | undefined> => {
    const { rows } = await (tx ?? pool).query<[number, string]>({
      ...statements[plan.kind],
      values: plan.values,
      rowMode: 'array',
    });
    if ('next' in plan) return plan.next; // chained here: the INSERT returns nothing
    const [version, hash] = rows[0] ?? [];
    return version === undefined || hash === undefined ? undefined : { version, hash };
  };
  // Read on the pool, and only outside a caller's transaction: that one is aborted by the conflict,
  // and a transaction must never wait for a second pooled connection (a burst would wedge the pool).
  const currentVersion = async (streamId: string, tx?: PoolClient): Promise<number | undefined> => {
    if (tx !== undefined) return undefined;
    const { rows } = await pool.query<[number]>({ ...statements.head, values: [streamId], rowMode: 'array' });
    return (rows as [[number]])[0][0];
  };
  /** 'any' on a stream this process wrote or read: its remembered head first, as a plain INSERT. */
  const onRememberedHead = async (streamId: string, events: NewEvent[]): Promise<StreamHead | undefined> => {
    const guess = heads.latest(streamId);
    if (guess === undefined) return undefined;
    return run(planAppend(streamId, events, 'any', guess)).catch((error: unknown) => {
      if (conflictCause(error)) return undefined; // moved on elsewhere: append_any then
      throw error;
    });
  };
  return async (streamId, events, expected, tx) => {
    const expectedVersion = expectedToParam(expected);
    // A remembered head is committed, so it may be chained onto inside a transaction too.
    const known = expectedVersion >= 0 ? heads.forExpected(streamId, expectedVersion) : undefined;
    let head: StreamHead | undefined;
    try {
      if (expectedVersion < 0 && tx === undefined) head = await onRememberedHead(streamId, events);
      head ??= await run(planAppend(streamId, events, expected, known), tx);
    } catch (error) {
      const cause = conflictCause(error);
      if (cause === undefined) throw error;
      const actual = cause.cause === 'head-check' ? cause.actual : await currentVersion(streamId, tx);
      throw new WrongExpectedVersionError(streamId, expected, actual);
    }
    if (head === undefined) throw new WrongExpectedVersionError(streamId, expected, await currentVersion(streamId, tx));
    if (tx === undefined) {
      heads.remember(streamId, head);
      notify();
    } else {
      // Only a commit through withTransaction notifies (the relay's poll covers the rest); and a
      // caller's transaction may still roll back, so its head is not remembered.
      afterCommit(tx, notify);
    }
    return { nextExpectedVersion: head.version };
  };
}
