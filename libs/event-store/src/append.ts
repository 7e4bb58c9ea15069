// Turns an append call into the parameters of the one-round-trip append_events function.
import { randomUUID } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import { canonicalPrefix } from './hash-chain.js';
import { WrongExpectedVersionError } from './types.js';
import type { ExpectedVersion, NewEvent } from './types.js';

export function expectedToParam(expected: ExpectedVersion): number {
  if (expected === 'any') return -1;
  if (expected === 'no-stream') return 0;
  if (!Number.isInteger(expected) || expected < 0) throw new RangeError(`invalid expected version ${expected}`);
  return expected;
}

export function appendParams(streamId: string, events: NewEvent[], expected: ExpectedVersion): unknown[] {
  if (events.length === 0) throw new RangeError('append needs at least one event');
  const ids: string[] = [];
  const types: string[] = [];
  const schemaVersions: number[] = [];
  const data: string[] = [];
  const metadata: string[] = [];
  const prefixes: string[] = [];
  for (const event of events) {
    const eventId = event.eventId ?? randomUUID();
    const schemaVersion = event.schemaVersion ?? 1;
    ids.push(eventId);
    types.push(event.type);
    schemaVersions.push(schemaVersion);
    // The stored JSON is exactly the hashed JSON, so the verifier can rebuild it from the row.
    const dataJson = canonicalJson(event.data);
    const metadataJson = canonicalJson(event.metadata);
    data.push(dataJson);
    metadata.push(metadataJson);
    prefixes.push(canonicalPrefix({ streamId, eventId, type: event.type, schemaVersion }, dataJson, metadataJson));
  }
  return [streamId, expectedToParam(expected), ids, types, schemaVersions, data, metadata, prefixes];
}

/** Maps a lost race (either our own check or the UNIQUE backstop) to the typed error. */
export function appendError(error: unknown, streamId: string, expected: ExpectedVersion): unknown {
  const pgError = error as { code?: string; detail?: string; constraint?: string };
  if (pgError.code === 'JE409') return new WrongExpectedVersionError(streamId, expected, Number(pgError.detail));
  if (pgError.code === '23505' && pgError.constraint === 'events_stream_version_key') {
    return new WrongExpectedVersionError(streamId, expected, undefined);
  }
  return error;
}
