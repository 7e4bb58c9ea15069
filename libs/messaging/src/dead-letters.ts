// Operators' tools for parked messages (<schema>.dead_letters, see inbox.ts and consumer.ts): list
// them without their payload, re-publish one to JetStream once its cause is fixed, or drop one with a
// reason. The command line is dead-letters-cli.ts. Nothing here returns or logs a payload: it may
// hold personal data.
import { jetstream, jetstreamManager, type PubAck } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Pool, PoolClient } from 'pg';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,50}$/; // as the event store's migrations accept them
const ROW_ID = /^[1-9][0-9]{0,17}$/; // a bigserial id as `list` prints it
const COLUMNS = [
  'id',
  'consumer',
  'event_id',
  'subject',
  'stream_seq',
  'reason',
  'detail',
  'payload',
  'delivery_count',
  'failed_at',
];

/** The `payload` of a message parked by reference (ConsumerSpec.parkPayload): no body, its event id only. */
const REFERENCE = 'stream-reference';
export function referencePayload(eventId: string | undefined): string {
  return JSON.stringify({ parked: REFERENCE, ...(eventId ? { eventId } : {}) });
}
function isReference(payload: string): boolean {
  try {
    return (JSON.parse(payload) as { parked?: unknown }).parked === REFERENCE;
  } catch {
    return false;
  }
}

/** How much of `detail` is shown. */
export const DETAIL_MAX_CHARS = 200;

export function assertDeadLetterSchema(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(
      `invalid schema name "${schema}": use lower-case letters, digits and _ (at most 51 characters, not starting with a digit)`,
    );
  }
}

export function assertDeadLetterId(id: string): void {
  if (!ROW_ID.test(id)) throw new Error(`invalid id "${id}": use the numeric id that list prints`);
}

/** A parked message as operators see it: everything but the payload, `detail` made printable. */
export interface ParkedMessage {
  schema: string;
  id: string;
  consumer: string;
  eventId: string | null;
  subject: string;
  streamSeq: string;
  reason: string;
  detail: string; // one line, at most DETAIL_MAX_CHARS characters, excerpts of the body withheld
  deliveryCount: number;
  failedAt: Date;
}

/** The schemas of this database holding a dead_letters table of messagingMigrations. */
export async function deadLetterSchemas(pool: Pool): Promise<string[]> {
  const { rows } = await pool.query<{ schema: string }>(
    `SELECT table_schema AS schema FROM information_schema.columns
      WHERE table_name = 'dead_letters' AND column_name = ANY($1::text[])
      GROUP BY table_schema HAVING count(*) = $2 ORDER BY 1`,
    [COLUMNS, COLUMNS.length],
  );
  return rows.map((r) => r.schema).filter((s) => SCHEMA_NAME.test(s));
}

/** Whether `<schema>.dead_letters` exists (the schema name is checked first). */
export async function hasDeadLetters(pool: Pool, schema: string): Promise<boolean> {
  assertDeadLetterSchema(schema);
  const { rows } = await pool.query<{ found: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS found`, [
    `${schema}.dead_letters`,
  ]);
  return rows[0]?.found === true;
}

/**
 * `detail` as it may be shown: JSON.parse quotes the start of a malformed body in its message
 * (`Unexpected token 'x', "<body>"... is not valid JSON`), so that excerpt is withheld; control
 * characters become spaces; cut to DETAIL_MAX_CHARS characters.
 */
export function printableDetail(detail: string): string {
  const withheld = detail
    .replace(
      /(?:Unexpected token\b.*|(?:\.\.\.)?".*)\bis not valid JSON/s,
      'unexpected content (excerpt withheld) is not valid JSON',
    )
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ');
  const chars = Array.from(withheld);
  return chars.length > DETAIL_MAX_CHARS ? `${chars.slice(0, DETAIL_MAX_CHARS - 1).join('')}…` : withheld;
}

export interface ListOptions {
  schemas: string[];
  consumer?: string;
  limit?: number; // default 50
}

/** The newest parked messages over the schemas, newest first, and how many there are in all. */
export async function listDeadLetters(pool: Pool, options: ListOptions): Promise<{ letters: ParkedMessage[]; total: number }> {
  const limit = options.limit ?? 50;
  const consumer = options.consumer ?? null;
  const letters: ParkedMessage[] = [];
  let total = 0;
  for (const schema of options.schemas) {
    assertDeadLetterSchema(schema);
    const count = await pool.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM ${schema}.dead_letters WHERE $1::text IS NULL OR consumer = $1`,
      [consumer],
    );
    total += Number(count.rows[0]?.n ?? 0);
    const { rows } = await pool.query<{
      id: string;
      consumer: string;
      event_id: string | null;
      subject: string;
      stream_seq: string;
      reason: string;
      detail: string;
      delivery_count: number;
      failed_at: Date;
    }>(
      `SELECT id::text, consumer, event_id, subject, stream_seq::text, reason, left(detail, 4000) AS detail, delivery_count, failed_at
         FROM ${schema}.dead_letters WHERE $1::text IS NULL OR consumer = $1
        ORDER BY failed_at DESC, id DESC LIMIT $2`,
      [consumer, limit],
    );
    for (const r of rows) {
      letters.push({
        schema,
        id: r.id,
        consumer: r.consumer,
        eventId: r.event_id,
        subject: r.subject,
        streamSeq: r.stream_seq,
        reason: r.reason,
        detail: printableDetail(r.detail),
        deliveryCount: r.delivery_count,
        failedAt: r.failed_at,
      });
    }
  }
  letters.sort(
    (a, b) =>
      b.failedAt.getTime() - a.failedAt.getTime() || a.schema.localeCompare(b.schema) || Number(BigInt(b.id) - BigInt(a.id)),
  );
  return { letters: letters.slice(0, limit), total };
}

export type RetryResult =
  | { id: string; status: 'republished'; consumer: string; subject: string; eventId: string; stream: string; seq: number }
  | { id: string; status: 'not-found' }
  | { id: string; status: 'no-event-id'; consumer: string; subject: string }
  | {
      id: string;
      status: 'duplicate';
      consumer: string;
      subject: string;
      eventId: string;
      stream: string;
      duplicateWindowMs: number | undefined; // the stream's, when it could be read
      appliedSince: boolean; // the consumer's inbox holds the event: it was applied after all
    }
  | {
      id: string;
      status: 'failed';
      error: string; // an English sentence, no payload
      published: boolean; // true: JetStream stored the re-publish, only the delete failed
      consumer?: string;
      subject?: string;
      eventId?: string;
    };

export interface RetryOptions {
  publishTimeoutMs?: number; // default 5_000
  lockTimeoutMs?: number; // waiting for a concurrent retry or drop of the same row, default 10_000
}

/**
 * Re-publishes the stored payload on its original subject with Nats-Msg-Id = its event id, and
 * deletes the row once JetStream acked it. The row is deleted inside a transaction that commits
 * only after the ack, so that
 * - a crash or an error before the commit leaves the row (a later retry is harmless: consumers skip
 *   an event they already applied, by its id, through their inbox);
 * - if the consumer fails again at once, its new park waits for this commit and then inserts a new
 *   row (a park meeting the old row would be dropped by the unique index: the message lost).
 * The transaction is open for the publish only (at most publishTimeoutMs).
 */
export async function retryDeadLetter(
  pool: Pool,
  nc: NatsConnection,
  schema: string,
  id: string,
  options: RetryOptions = {},
): Promise<RetryResult> {
  assertDeadLetterSchema(schema);
  assertDeadLetterId(id);
  const client = await pool.connect();
  let broken: Error | undefined;
  let published = false;
  let known: { consumer?: string; subject?: string; eventId?: string } = {};
  const rollback = () => client.query('ROLLBACK');
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('lock_timeout', $1, true)`, [`${options.lockTimeoutMs ?? 10_000}ms`]);
    const { rows } = await client.query<{
      consumer: string;
      event_id: string | null;
      subject: string;
      payload: string;
      stream_seq: string;
    }>(`DELETE FROM ${schema}.dead_letters WHERE id = $1 RETURNING consumer, event_id, subject, payload, stream_seq`, [id]);
    const row = rows[0];
    if (!row) {
      await rollback();
      return { id, status: 'not-found' };
    }
    const { consumer, subject } = row;
    known = { consumer, subject };
    // Parked by reference: the body is the stream's own copy, found by its sequence.
    const body = isReference(row.payload) ? await streamCopy(nc, subject, Number(row.stream_seq)) : row.payload;
    if (body === undefined) {
      await rollback();
      return {
        id,
        status: 'failed',
        published,
        ...known,
        error: `the stream no longer holds message ${row.stream_seq} (parked by reference); the row is kept`,
      };
    }
    const eventId = envelopeEventId(body);
    if (eventId === undefined) {
      await rollback();
      return { id, status: 'no-event-id', consumer, subject };
    }
    known.eventId = eventId;
    if (row.event_id !== null && row.event_id !== eventId) {
      await rollback();
      return {
        id,
        status: 'failed',
        published,
        ...known,
        error: `its payload names event ${eventId} but the row names event ${row.event_id}; the row is kept for a closer look`,
      };
    }
    let ack: PubAck;
    try {
      ack = await jetstream(nc).publish(subject, body, { msgID: eventId, timeout: options.publishTimeoutMs ?? 5_000 });
    } catch (err) {
      await rollback();
      return {
        id,
        status: 'failed',
        published,
        ...known,
        error: `the publish to JetStream failed (${publishError(err, subject)}); the row is kept`,
      };
    }
    if (ack.duplicate) {
      await rollback();
      return {
        id,
        status: 'duplicate',
        consumer,
        subject,
        eventId,
        stream: ack.stream,
        duplicateWindowMs: await duplicateWindowMs(nc, ack.stream),
        appliedSince: await inInbox(client, schema, consumer, eventId),
      };
    }
    published = true;
    await client.query('COMMIT');
    return { id, status: 'republished', consumer, subject, eventId, stream: ack.stream, seq: ack.seq };
  } catch (err) {
    broken = err instanceof Error ? err : new Error(String(err));
    await rollback().catch(() => undefined);
    const error = published
      ? `JetStream stored the re-publish, but the row could not be deleted (${broken.message}); the row is kept, and retrying it again is harmless`
      : `the database refused (${broken.message}); the row is kept`;
    return { id, status: 'failed', published, ...known, error };
  } finally {
    client.release(broken);
  }
}

export type DropResult =
  | { id: string; status: 'dropped'; consumer: string; subject: string; eventId: string | null; parkedAs: string }
  | { id: string; status: 'not-found' };

/** Deletes the rows in one statement, after an operator decided to discard them for `reason`. */
export async function dropDeadLetters(pool: Pool, schema: string, ids: string[], reason: string): Promise<DropResult[]> {
  assertDeadLetterSchema(schema);
  for (const id of ids) assertDeadLetterId(id);
  if (reason.trim() === '') throw new Error('a reason is required to drop a parked message');
  const { rows } = await pool.query<{ id: string; consumer: string; subject: string; event_id: string | null; reason: string }>(
    `DELETE FROM ${schema}.dead_letters WHERE id = ANY($1::bigint[]) RETURNING id::text, consumer, subject, event_id, reason`,
    [ids],
  );
  const dropped = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id): DropResult => {
    const r = dropped.get(id);
    return r
      ? { id, status: 'dropped', consumer: r.consumer, subject: r.subject, eventId: r.event_id, parkedAs: r.reason }
      : { id, status: 'not-found' };
  });
}

/** The body of the stream's message `seq` on `subject`'s stream, if it still holds it. */
async function streamCopy(nc: NatsConnection, subject: string, seq: number): Promise<string | undefined> {
  const jsm = await jetstreamManager(nc);
  const stream = await jsm.streams.find(subject);
  const message = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
  if (!message || message.subject !== subject) return undefined;
  return new TextDecoder().decode(message.data);
}

/** The eventId of a stored payload that is a JSON object with a non-empty string eventId. */
function envelopeEventId(payload: string): string | undefined {
  try {
    const value: unknown = JSON.parse(payload);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const eventId = (value as Record<string, unknown>)['eventId'];
    return typeof eventId === 'string' && eventId.trim() !== '' ? eventId : undefined;
  } catch {
    return undefined;
  }
}

function publishError(err: unknown, subject: string): string {
  const e = err as { name?: string; message?: string } | null;
  const message = e?.message ?? String(err);
  if (/jetstream is not enabled|no responders|503/i.test(message))
    return `no JetStream stream captures subject ${subject}, or JetStream is unavailable`;
  if (e?.name === 'TimeoutError' || /timeout/i.test(message))
    return 'no ack in time: the message may or may not have been stored';
  return message;
}

async function duplicateWindowMs(nc: NatsConnection, stream: string): Promise<number | undefined> {
  try {
    const info = await (await jetstreamManager(nc)).streams.info(stream);
    return Math.round(info.config.duplicate_window / 1_000_000);
  } catch {
    return undefined;
  }
}

async function inInbox(client: PoolClient, schema: string, consumer: string, eventId: string): Promise<boolean> {
  try {
    const { rowCount } = await client.query(`SELECT 1 FROM ${schema}.inbox WHERE consumer = $1 AND event_id = $2`, [
      consumer,
      eventId,
    ]);
    return rowCount === 1;
  } catch {
    return false;
  }
}
