// Row shape shared by every read, and its mapping to RecordedEvent.
import type { EventMetadata, RecordedEvent } from './types.js';

export const EVENT_COLUMNS = `position::text, stream_id, version, event_id, type, schema_version, data, metadata,
  txid::text, encode(prev_hash, 'hex'), encode(hash, 'hex'), recorded_at`;

// rowMode 'array' keeps the hot catch-up path free of per-row key objects.
export type EventRow = [
  string, string, number, string, string, number,
  Record<string, unknown>, EventMetadata, string, string, string, Date,
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
