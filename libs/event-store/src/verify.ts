// Recomputes every hash from the stored rows and reports the first broken link.
import type { Pool } from 'pg';
import { chainHash } from './hash-chain.js';
import { EVENT_COLUMNS, toRecordedEvent } from './recorded-event.js';
import type { EventRow } from './recorded-event.js';
import type { RecordedEvent, VerifyResult } from './types.js';

type Link = { version: number; hash: string } | undefined;
type Broken = Extract<VerifyResult, { ok: false }>['brokenAt'];

/** Checks one event against the previous event of its stream (undefined for the first). */
export function checkLink(previous: Link, event: RecordedEvent): string | undefined {
  if (event.streamId === '') return 'empty stream id';
  const expectedVersion = (previous?.version ?? 0) + 1;
  if (event.version !== expectedVersion) return `version ${event.version} follows ${expectedVersion - 1}`;
  const expectedPrev = previous?.hash ?? '';
  if (event.prevHash !== expectedPrev) return 'prev_hash does not match the previous event hash';
  if (chainHash(event.prevHash, event) !== event.hash) return 'hash does not match the event content';
  return undefined;
}

const BATCH = 5000;

export async function verifyLog(pool: Pool, schema: string, streamId?: string): Promise<VerifyResult> {
  // The first page has no lower bound, so no row escapes the check, whatever its stream id or version.
  const firstPage = `SELECT ${EVENT_COLUMNS} FROM ${schema}.events e
    ${streamId === undefined ? '' : 'WHERE e.stream_id = $1'} ORDER BY e.stream_id, e.version LIMIT ${BATCH}`;
  const next = `SELECT ${EVENT_COLUMNS} FROM ${schema}.events e
    WHERE ${streamId === undefined ? '' : 'e.stream_id = $3 AND'} (e.stream_id, e.version) > ($1, $2) ORDER BY e.stream_id, e.version LIMIT ${BATCH}`;
  let after: [string, number] | undefined;
  let previous: { streamId: string; link: Link } = { streamId: '', link: undefined };
  let checked = 0;
  let first: Broken | undefined;
  const brokenStreams = new Set<string>();
  for (;;) {
    const page =
      after === undefined
        ? { text: firstPage, values: streamId === undefined ? [] : [streamId] }
        : { text: next, values: streamId === undefined ? after : [...after, streamId] };
    const { rows } = await pool.query<EventRow>({ ...page, rowMode: 'array' });
    for (const row of rows) {
      const event = toRecordedEvent(row);
      checked += 1;
      const link = previous.streamId === event.streamId ? previous.link : undefined;
      previous = { streamId: event.streamId, link: { version: event.version, hash: event.hash } };
      if (brokenStreams.has(event.streamId)) continue;
      const reason = checkLink(link, event);
      if (reason === undefined) continue;
      brokenStreams.add(event.streamId);
      if (first === undefined || event.position < first.position) {
        first = { streamId: event.streamId, version: event.version, position: event.position, reason };
      }
    }
    if (rows.length < BATCH) break;
    const last = rows[rows.length - 1];
    after = [last[1], last[2]];
  }
  return first === undefined ? { ok: true, checked } : { ok: false, checked, brokenAt: first };
}
