// Row shape shared by every read, and its mapping to RecordedEvent.
import type { EventMetadata, RecordedEvent } from './types.js';

// Text casts keep bigint and xid8 exact; queries must ORDER BY e.* columns, because a bare
// "position" in ORDER BY would name the text output column and sort "10" before "9".
export const EVENT_COLUMNS = `e.position::text AS position_text, e.stream_id, e.version, e.event_id, e.type,
  e.schema_version, e.data, e.metadata, e.txid::text AS txid_text, encode(e.prev_hash, 'hex'),
  encode(e.hash, 'hex'), e.recorded_at`;

// rowMode 'array' keeps the hot catch-up path free of per-row key objects.
export type EventRow = [
  string,
  string,
  number,
  string,
  string,
  number,
  Record<string, unknown>,
  EventMetadata,
  string,
  string,
  string,
  Date,
];

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    position: BigInt(row[0]),
    streamId: row[1],
    version: row[2],
    eventId: row[3],
    type: row[4],
    schemaVersion: row[5],
    data: row[6],
    metadata: row[7],
    txid: BigInt(row[8]),
    prevHash: row[9],
    hash: row[10],
    recordedAt: row[11],
  };
}
