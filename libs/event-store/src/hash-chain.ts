// The per-stream hash chain, defined here and nowhere else:
//
//   hash = sha256(prev_hash_hex || chainText(event))
//   chainText = canonical JSON (canonical-json.ts) of { data, eventId, metadata, schemaVersion, streamId, type, version }
//
// The verifier recomputes it from stored rows with chainHash; the appender calls chainHash too,
// on the data and metadata it has already encoded for storage. Only when PostgreSQL alone knows the
// stream head (an append whose head this process does not know) does SQL finish the text: it gets
// chainTextBeforeVersion and appends the version's digits and '}' (append_batch in store-migrations.ts).
import { hash } from 'node:crypto';
import { canonicalJson, CanonicalText } from './canonical-json.js';

export interface ChainedContent {
  streamId: string;
  version: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  /** An object, or its canonical JSON already written (CanonicalText). */
  data: Record<string, unknown> | CanonicalText;
  metadata: object | CanonicalText;
}

/** The hashed text of an event: its content as canonical JSON. */
export function chainText(content: ChainedContent): string {
  // Keys in sorted order, so canonicalJson need not sort them.
  return canonicalJson({
    data: content.data,
    eventId: content.eventId,
    metadata: content.metadata,
    schemaVersion: content.schemaVersion,
    streamId: content.streamId,
    type: content.type,
    version: content.version,
  });
}

/** The event's hash, chained onto the previous event's hash (hex; '' for a stream's first event). */
export function chainHash(prevHashHex: string, content: ChainedContent): string {
  // One-shot crypto.hash (UTF-8 input) avoids building a Hash object per event.
  return hash('sha256', prevHashHex + chainText(content), 'hex');
}

/**
 * chainText without its end, for PostgreSQL to finish once it has read the head: "version" sorts
 * last, so the text ends with the version's digits and '}'; SQL appends those.
 */
export function chainTextBeforeVersion(content: Omit<ChainedContent, 'version'>): string {
  const text = chainText({ ...content, version: 0 });
  return text.slice(0, -'0}'.length);
}
