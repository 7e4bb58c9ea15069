// The public contract of the event store. Implementations live beside this file.
import type { Pool, PoolClient } from 'pg';

export type ExpectedVersion = number | 'no-stream' | 'any';

export interface Actor {
  sub: string;
  name: string;
  office: string;
  roles?: string[];
}

export interface EventMetadata {
  actor: Actor;
  correlationId: string;
  causationId?: string;
  occurredAt: string; // ISO-8601
  traceparent?: string;
}

export interface NewEvent {
  eventId?: string; // uuid; generated when absent
  type: string;
  schemaVersion?: number; // default 1
  data: Record<string, unknown>;
  metadata: EventMetadata;
}

export interface RecordedEvent {
  position: bigint; // global position (bigserial)
  streamId: string;
  version: number; // 1-based version within the stream
  eventId: string;
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  txid: bigint; // committing transaction id (xid8)
  prevHash: string; // hex; '' for the first event of a stream
  hash: string; // hex sha-256 over prevHash + canonical content
  recordedAt: Date;
}

/** Cursor over the whole log in commit-safe order: (transaction id, position). */
export interface LogCursor {
  txid: bigint;
  position: bigint;
}
export const LOG_START: LogCursor = { txid: 0n, position: 0n };

/**
 * What an append returns. No global positions: they are not commit order (a later commit may hold
 * a lower one), so a caller could not use them, and returning them costs every append a result set.
 */
export interface AppendResult {
  nextExpectedVersion: number; // version of the last appended event
}

export class WrongExpectedVersionError extends Error {
  readonly code = 'WRONG_EXPECTED_VERSION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number | undefined,
  ) {
    super(`stream ${streamId}: expected version ${String(expected)}, actual ${actual ?? 'none'}`);
  }
}

export interface EventStore {
  readonly schema: string;
  /** Atomically appends events to one stream in one round trip. Throws WrongExpectedVersionError on conflict. */
  append(streamId: string, events: NewEvent[], expected: ExpectedVersion, tx?: PoolClient): Promise<AppendResult>;
  /** Reads on `tx` when given: a command reads its stream inside its own transaction, never on a second connection. */
  readStream(streamId: string, fromVersion?: number, tx?: PoolClient): Promise<RecordedEvent[]>;
  /** Commit-safe catch-up read: only transactions below pg_snapshot_xmin(pg_current_snapshot()). */
  readAll(after: LogCursor, limit: number): Promise<{ events: RecordedEvent[]; cursor: LogCursor }>;
  loadCheckpoint(name: string, tx?: PoolClient): Promise<LogCursor>;
  /**
   * One statement: on the pool (the relay: it commits by itself, no BEGIN and COMMIT around it), or
   * on the transaction that applies a consumer's effect.
   */
  saveCheckpoint(name: string, cursor: LogCursor, db: Pool | PoolClient): Promise<void>;
  verify(streamId?: string): Promise<VerifyResult>;
  /**
   * Calls `listener` after each commit that appended through this store object: an append on the
   * pool, or a `withTransaction` commit that contained one. Returns the unsubscribe function.
   */
  onCommit(listener: () => void): () => void;
}

export type VerifyResult =
  | { ok: true; checked: number }
  | { ok: false; checked: number; brokenAt: { streamId: string; version: number; position: bigint; reason: string } };

export interface Migration {
  id: string; // e.g. '001-events'; applied once, in order
  sql: string; // may use {{schema}} and {{appRole}}
}

export interface StoreOptions {
  pool: Pool; // admin/owner pool for migrations
  schema: string; // one schema per service, e.g. 'petitions'
  migrations?: Migration[]; // the service's own tables (vault, read models, inbox), applied after the store's
  /**
   * Also `pg_notify('<schema>_events')` after each commit that appended (default false), for a relay
   * in another process. A relay in the same process is woken by `onCommit` without it.
   */
  notifyCommits?: boolean;
}
