// Plans an append as exactly one statement (one round trip):
// - head known (new stream, or expected version matches a remembered head): plain INSERT, hashes
//   computed here; UNIQUE(stream_id, version) rejects anyone who appended in between.
// - head unknown: INSERT … SELECT that reads the head and hashes in SQL (one event), or the
//   append_batch function (several events).
// - 'any': the append_any function, which retries a lost race server-side.
import { uuidv7 } from './event-id.js';
import { canonicalJson } from './canonical-json.js';
import { canonicalPrefix, linkHash, sha256Hex } from './hash-chain.js';
import type { StreamHead } from './stream-heads.js';
import type { ExpectedVersion, NewEvent } from './types.js';

export type AppendKind = 'insert' | 'insertMany' | 'one' | 'batch' | 'any';

export interface AppendPlan {
  kind: AppendKind;
  values: unknown[];
  /** The stream's head after the append, when computed here rather than in SQL. */
  next?: StreamHead;
}

export function expectedToParam(expected: ExpectedVersion): number {
  if (expected === 'any') return -1;
  if (expected === 'no-stream') return 0;
  if (!Number.isInteger(expected) || expected < 0) throw new RangeError(`invalid expected version ${expected}`);
  return expected;
}

type Encoded = [eventId: string, type: string, schemaVersion: number, data: string, metadata: string, prefix: string];

function encodeEvent(streamId: string, event: NewEvent): Encoded {
  const eventId = event.eventId ?? uuidv7();
  const schemaVersion = event.schemaVersion ?? 1;
  // The stored JSON is exactly the hashed JSON, so the verifier can rebuild it from the row.
  const dataJson = canonicalJson(event.data);
  const metadataJson = canonicalJson(event.metadata);
  const prefix = canonicalPrefix({ streamId, eventId, type: event.type, schemaVersion }, dataJson, metadataJson);
  return [eventId, event.type, schemaVersion, dataJson, metadataJson, prefix];
}

/**
 * The hot path, planned without intermediate arrays: one event, head known, committed on its own.
 * Builds the same canonical text as canonicalPrefix + linkHash (test/append-plan.spec.ts checks
 * it against chainHash), as one template, and the INSERT's parameters as text.
 */
export function planInsertOne(streamId: string, event: NewEvent, head: StreamHead): { values: string[]; next: StreamHead } {
  if (streamId === '') throw new RangeError('stream id must not be empty');
  const eventId = event.eventId ?? uuidv7();
  const schemaVersion = event.schemaVersion ?? 1;
  const data = canonicalJson(event.data);
  const metadata = canonicalJson(event.metadata);
  const version = head.version + 1;
  const hash = sha256Hex(
    `${head.hash}{"data":${data},"eventId":${JSON.stringify(eventId)},"metadata":${metadata},"schemaVersion":${schemaVersion},` +
      `"streamId":${JSON.stringify(streamId)},"type":${JSON.stringify(event.type)},"version":${version}}`,
  );
  return {
    values: [streamId, String(version), eventId, event.type, String(schemaVersion), data, metadata, `\\x${head.hash}`, `\\x${hash}`],
    next: { version, hash },
  };
}

function columns<T extends unknown[]>(rows: T[], width: number): unknown[][] {
  return Array.from({ length: width }, (_, i) => rows.map((row) => row[i]));
}

/** `head` must be the stream's head at `expected` (or, for 'any', a guess that UNIQUE will check). */
export function planAppend(streamId: string, events: NewEvent[], expected: ExpectedVersion, head?: StreamHead): AppendPlan {
  if (events.length === 0) throw new RangeError('append needs at least one event');
  if (streamId === '') throw new RangeError('stream id must not be empty');
  const expectedParam = expectedToParam(expected);
  if (head !== undefined && events.length === 1) return { kind: 'insert', ...planInsertOne(streamId, events[0]!, head) };
  const encoded = events.map((event) => encodeEvent(streamId, event));
  if (expectedParam < 0 && head === undefined) return { kind: 'any', values: [streamId, ...columns(encoded, 6)] };
  if (head === undefined) {
    return encoded.length === 1
      ? { kind: 'one', values: [streamId, expectedParam, ...encoded[0]] }
      : { kind: 'batch', values: [streamId, expectedParam, ...columns(encoded, 6)] };
  }
  let prev = head.hash;
  const rows = encoded.map(([eventId, type, schemaVersion, data, metadata, prefix], i) => {
    const hash = linkHash(prev, prefix, head.version + i + 1);
    const row = [eventId, type, schemaVersion, data, metadata, prev, hash];
    prev = hash;
    return row;
  });
  return { kind: 'insertMany', values: [streamId, head.version, ...columns(rows, 7)], next: { version: head.version + rows.length, hash: prev } };
}

/** The row a head-reading append returns: the new head's version and hash (hex). */
export type AppendRow = [version: number, hash: string];

/**
 * The stream's new head after a successful append. A plan with the head known ('insert',
 * 'insertMany') returns no rows: its versions and hashes were computed here.
 */
export function appendOutcome(plan: AppendPlan, rows: AppendRow[]): StreamHead {
  if (plan.next) return plan.next;
  const [version, hash] = rows[0];
  return { version, hash };
}

export type ConflictCause = { cause: 'head-check'; actual: number } | { cause: 'unique' } | undefined;

/** Recognises a lost race: the head check in append_batch, or the UNIQUE(stream_id, version) backstop. */
export function conflictCause(error: unknown): ConflictCause {
  const pgError = error as { code?: string; detail?: string; constraint?: string };
  if (pgError.code === 'JE409') return { cause: 'head-check', actual: Number(pgError.detail) };
  if (pgError.code === '23505' && pgError.constraint === 'events_stream_version_key') return { cause: 'unique' };
  return undefined;
}
