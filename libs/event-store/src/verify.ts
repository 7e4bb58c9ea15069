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
  const expectedVersion = (previous?.version ?? 0) + 1;
  if (event.version !== expectedVersion) return `version ${event.version} follows ${expectedVersion - 1}`;
  const expectedPrev = previous?.hash ?? '';
  if (event.prevHash !== expectedPrev) return 'prev_hash does not match the previous event hash';
  if (chainHash(event.prevHash, event) !== event.hash) return 'hash does not match the event content';
  return undefined;
}

const BATCH = 5000;

export async function verifyLog(pool: Pool, schema: string, streamId?: string): Promise<VerifyResult> {
  const filter = streamId === undefined ? '' : 'e.stream_id = $3 AND';
  const text = `SELECT ${EVENT_COLUMNS} FROM ${schema}.events e
    WHERE ${filter} (e.stream_id, e.version) > ($1, $2) ORDER BY e.stream_id, e.version LIMIT ${BATCH}`;
  let after: [string, number] = ['', 0];
  let previous: { streamId: string; link: Link } = { streamId: '', link: undefined };
  let checked = 0;
  let first: Broken | undefined;
  const brokenStreams = new Set<string>();
  for (;;) {
    const values = streamId === undefined ? after : [...after, streamId];
    const { rows } = await pool.query<EventRow>({ text, values, rowMode: 'array' });
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
