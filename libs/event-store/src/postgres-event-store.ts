// The PostgreSQL EventStore: one schema per service, prepared statements, one round trip per append.
import type { Pool, PoolClient } from 'pg';
import { appendOutcome, conflictCause, expectedToParam, planAppend, planInsertOne } from './append.js';
import type { AppendPlan, AppendRow } from './append.js';
import { appRoleName } from './app-role.js';
import { afterCommit, commitNotifier } from './commit-notifier.js';
import { leanQuery } from './lean-query.js';
import { migrate } from './migrate.js';
import { toRecordedEvent } from './recorded-event.js';
import type { EventRow } from './recorded-event.js';
import { LOG_START, WrongExpectedVersionError } from './types.js';
import type { AppendResult, EventStore, LogCursor, StoreOptions } from './types.js';
import { storeStatements } from './statements.js';
import { streamHeads } from './stream-heads.js';
import { verifyLog } from './verify.js';

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
  // After each commit that appended: wake this process's listeners (its relay), and, when asked,
  // other processes through NOTIFY (a relay running apart from the writers).
  const commitListeners = new Set<() => void>();
  const notifyOthers = notifyCommits ? commitNotifier(pool, schema) : undefined;
  const notify = () => {
    for (const listener of commitListeners) {
      try {
        listener();
      } catch {
        // A wake-up must never turn a committed append into an error; the relay's poll covers it.
      }
    }
    notifyOthers?.();
  };
  const heads = streamHeads();
  const run = (tx?: PoolClient) => tx ?? pool;
  // Read on the pool, and only outside a caller's transaction: that one is aborted by the conflict,
  // and a transaction must never wait for a second pooled connection (a burst would wedge the pool).
  const currentVersion = async (streamId: string, tx?: PoolClient): Promise<number | undefined> => {
    if (tx !== undefined) return undefined;
    const { rows } = await pool.query<[number]>({ ...statements.head, values: [streamId], rowMode: 'array' });
    return rows[0][0];
  };
  /** Runs one planned append; undefined when the head-reading INSERT found another head. */
  const appendPlanned = async (plan: AppendPlan, tx?: PoolClient): Promise<AppendResult | undefined> => {
    let rows: AppendRow[] = [];
    if (plan.kind === 'insert') await leanQuery(pool, statements.insert, plan.values, tx);
    else rows = (await run(tx).query<AppendRow>({ ...statements[plan.kind], values: plan.values, rowMode: 'array' })).rows;
    // Plans with the head known return no rows; the head-reading ones return none when it moved.
    if (plan.next === undefined && rows.length === 0) return undefined;
    if (tx === undefined) notify();
    else afterCommit(tx, notify); // only a commit through withTransaction notifies; the relay's poll covers the rest
    const head = appendOutcome(plan, rows);
    // Only committed events may be chained onto later; a caller's transaction may still roll back.
    if (tx === undefined) heads.remember(plan.values[0] as string, head);
    return { nextExpectedVersion: head.version };
  };
  return {
    schema,
    appRole: appRoleName(schema),
    applied,

    async append(streamId, events, expected, tx) {
      const expectedVersion = expectedToParam(expected);
      if (tx === undefined && events.length === 1 && expectedVersion >= 0) {
        // The common case, kept short: one event on a stream whose head at `expected` is known.
        const known = heads.forExpected(streamId, expectedVersion);
        if (known !== undefined) {
          const { values, next } = planInsertOne(streamId, events[0]!, known);
          try {
            await leanQuery(pool, statements.insert, values);
          } catch (error) {
            if (conflictCause(error) === undefined) throw error;
            throw new WrongExpectedVersionError(streamId, expected, await currentVersion(streamId));
          }
          notify();
          heads.remember(streamId, next);
          return { nextExpectedVersion: next.version };
        }
      }
      if (expectedVersion < 0 && tx === undefined) {
        // 'any' on a stream we wrote recently: try its remembered head first, as a plain INSERT.
        const guess = heads.latest(streamId);
        if (guess) {
          const attempt = await appendPlanned(planAppend(streamId, events, expected, guess)).catch((error: unknown) => {
            if (conflictCause(error)) return undefined;
            throw error;
          });
          if (attempt) return attempt;
        }
      }
      const head = expectedVersion >= 0 ? heads.forExpected(streamId, expectedVersion) : undefined;
      try {
        const result = await appendPlanned(planAppend(streamId, events, expected, head), tx);
        if (result) return result;
      } catch (error) {
        const cause = conflictCause(error);
        if (cause === undefined) throw error;
        const actual = cause.cause === 'head-check' ? cause.actual : await currentVersion(streamId, tx);
        throw new WrongExpectedVersionError(streamId, expected, actual);
      }
      // The head-reading INSERT returns no row when the head is not the expected one.
      throw new WrongExpectedVersionError(streamId, expected, await currentVersion(streamId, tx));
    },

    async readStream(streamId, fromVersion = 1, tx) {
      const { rows } = await run(tx).query<EventRow>({ ...statements.readStream, values: [streamId, fromVersion], rowMode: 'array' });
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

    async saveCheckpoint(name: string, cursor: LogCursor, tx: PoolClient) {
      await tx.query({ ...statements.saveCheckpoint, values: [name, cursor.txid.toString(), cursor.position.toString()] });
    },

    onCommit(listener) {
      commitListeners.add(listener);
      return () => commitListeners.delete(listener);
    },

    verify(streamId) {
      return verifyLog(pool, schema, streamId);
    },
  };
}
