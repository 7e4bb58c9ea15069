// The per-stream hash chain: hash = sha256(prevHashHex || canonical JSON of the event's content).
import { hash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

export interface ChainedContent {
  streamId: string;
  version: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  metadata: object;
}

/** Used by the verifier: recomputes the hash from a stored row, independently of the append path. */
export function chainHash(prevHashHex: string, content: ChainedContent): string {
  const canonical = canonicalJson({
    streamId: content.streamId,
    version: content.version,
    eventId: content.eventId,
    type: content.type,
    schemaVersion: content.schemaVersion,
    data: content.data,
    metadata: content.metadata,
  });
  return hash('sha256', prevHashHex + canonical, 'hex');
}

/**
 * Used by append: the canonical text up to the version, which PostgreSQL completes once it knows
 * the stream head (needed for 'any'). Keys are written in sorted order, so "version" comes last.
 * Takes data and metadata already canonical to encode each once.
 */
export function canonicalPrefix(
  content: Omit<ChainedContent, 'version' | 'data' | 'metadata'>,
  dataJson: string,
  metadataJson: string,
): string {
  return (
    `{"data":${dataJson},"eventId":${JSON.stringify(content.eventId)},"metadata":${metadataJson},` +
    `"schemaVersion":${content.schemaVersion},"streamId":${JSON.stringify(content.streamId)},` +
    `"type":${JSON.stringify(content.type)},"version":`
  );
}

/**
 * The append side of the chain: completes a canonical prefix with its version and hashes it.
 * One-shot crypto.hash (UTF-8 input) avoids building a Hash object per event.
 */
export function linkHash(prevHashHex: string, prefix: string, version: number): string {
  return sha256Hex(`${prevHashHex}${prefix}${version}}`);
}

export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}
