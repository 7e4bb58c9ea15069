// Plans an append as exactly one statement (one round trip). The plan's kind names the statement
// (statements.ts):
// - head known (a new stream, or a committed head this process wrote or read): versions and hashes
//   are computed here (chainHash), and UNIQUE(stream_id, version) refuses anyone who appended in
//   between: 'insertOne' (one event) or 'insert' (several);
// - head not known here: the server reads it, checks the expected version and finishes the hashes
//   (chainTextBeforeVersion): 'expectedOne', an INSERT … SELECT that inserts nothing when the head
//   is another, or 'expected' (append_batch, JE409) for several events;
// - 'any': append_any, which calls append_batch and retries a lost race on the server.
import { uuidv7 } from './event-id.js';
import { canonicalJson, CanonicalText } from './canonical-json.js';
import { chainHash, chainTextBeforeVersion } from './hash-chain.js';
import type { StreamHead } from './stream-heads.js';
import type { ExpectedVersion, NewEvent } from './types.js';

export type AppendPlan =
  | { kind: 'insertOne' | 'insert'; values: unknown[]; /** the stream's head after the append */ next: StreamHead }
  | { kind: 'expectedOne' | 'expected' | 'any'; values: unknown[] };

export function expectedToParam(expected: ExpectedVersion): number {
  if (expected === 'any') return -1;
  if (expected === 'no-stream') return 0;
  if (!Number.isInteger(expected) || expected < 0) throw new RangeError(`invalid expected version ${expected}`);
  return expected;
}

interface Encoded {
  eventId: string;
  type: string;
  schemaVersion: number;
  // The stored JSON is exactly the hashed JSON, so the verifier can rebuild it from the row.
  data: CanonicalText;
  metadata: CanonicalText;
}

function encode(event: NewEvent): Encoded {
  return {
    eventId: event.eventId ?? uuidv7(),
    type: event.type,
    schemaVersion: event.schemaVersion ?? 1,
    data: new CanonicalText(canonicalJson(event.data)),
    metadata: new CanonicalText(canonicalJson(event.metadata)),
  };
}

/** `head` must be the stream's head at `expected`; without it the server reads the head. */
export function planAppend(streamId: string, events: NewEvent[], expected: ExpectedVersion, head?: StreamHead): AppendPlan {
  if (events.length === 0) throw new RangeError('append needs at least one event');
  if (streamId === '') throw new RangeError('stream id must not be empty');
  const expectedVersion = expectedToParam(expected);
  const encoded = events.map(encode);
  if (head !== undefined)
    return encoded.length === 1 ? planInsertOne(streamId, encoded[0]!, head) : planInsert(streamId, encoded, head);
  if (expectedVersion >= 0 && encoded.length === 1) {
    const [e] = encoded as [Encoded];
    return {
      kind: 'expectedOne',
      values: [
        streamId,
        expectedVersion,
        e.eventId,
        e.type,
        e.schemaVersion,
        e.data.json,
        e.metadata.json,
        chainTextBeforeVersion({ streamId, ...e }),
      ],
    };
  }
  const columns = [...eventColumns(encoded), encoded.map((e) => chainTextBeforeVersion({ streamId, ...e }))];
  return expectedVersion < 0
    ? { kind: 'any', values: [streamId, ...columns] }
    : { kind: 'expected', values: [streamId, expectedVersion, ...columns] };
}

/** One event on a known head: a plain one-row INSERT; bytea parameters as text ('\\x' + hex). */
function planInsertOne(streamId: string, event: Encoded, head: StreamHead): AppendPlan {
  const version = head.version + 1;
  const hash = chainHash(head.hash, { streamId, version, ...event });
  return {
    kind: 'insertOne',
    values: [
      streamId,
      version,
      event.eventId,
      event.type,
      event.schemaVersion,
      event.data.json,
      event.metadata.json,
      `\\x${head.hash}`,
      `\\x${hash}`,
    ],
    next: { version, hash },
  };
}

/** Chains the events onto `head` here; the INSERT's parameters are one array per column. */
function planInsert(streamId: string, encoded: Encoded[], head: StreamHead): AppendPlan {
  const prevHashes: string[] = [];
  const hashes: string[] = [];
  let prev = head.hash;
  encoded.forEach((event, i) => {
    const hash = chainHash(prev, { streamId, version: head.version + i + 1, ...event });
    prevHashes.push(prev);
    hashes.push(hash);
    prev = hash;
  });
  return {
    kind: 'insert',
    values: [streamId, head.version, ...eventColumns(encoded), prevHashes, hashes],
    next: { version: head.version + encoded.length, hash: prev },
  };
}

function eventColumns(encoded: Encoded[]): unknown[][] {
  return [
    encoded.map((e) => e.eventId),
    encoded.map((e) => e.type),
    encoded.map((e) => e.schemaVersion),
    encoded.map((e) => e.data.json),
    encoded.map((e) => e.metadata.json),
  ];
}

export type ConflictCause = { cause: 'head-check'; actual: number } | { cause: 'unique' } | undefined;

/** Recognises a lost race: the head check in append_batch, or the UNIQUE(stream_id, version) backstop. */
export function conflictCause(error: unknown): ConflictCause {
  const pgError = error as { code?: string; detail?: string; constraint?: string };
  if (pgError.code === 'JE409') return { cause: 'head-check', actual: Number(pgError.detail) };
  if (pgError.code === '23505' && pgError.constraint === 'events_stream_version_key') return { cause: 'unique' };
  return undefined;
}
