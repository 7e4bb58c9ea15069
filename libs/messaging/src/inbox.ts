// Inbox and dead-letter tables: a consumer's effect commits together with its inbox row, and a
// message that can never succeed is parked here before it is termed.
import type { Migration } from '@jiandu/event-store';
import type { Pool, PoolClient } from 'pg';

export const messagingMigrations: Migration[] = [
  {
    id: 'messaging-001-inbox',
    sql: `
CREATE TABLE {{schema}}.inbox (
  consumer     text        NOT NULL,
  event_id     text        NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
CREATE TABLE {{schema}}.dead_letters (
  id             bigserial   PRIMARY KEY,
  consumer       text        NOT NULL,
  event_id       text,
  subject        text        NOT NULL,
  stream_seq     bigint      NOT NULL,
  reason         text        NOT NULL,
  detail         text        NOT NULL,
  payload        text        NOT NULL,
  delivery_count integer     NOT NULL,
  failed_at      timestamptz NOT NULL DEFAULT now()
);
-- a park that committed but whose term was lost is redelivered: park it once
CREATE UNIQUE INDEX dead_letters_once ON {{schema}}.dead_letters (consumer, (coalesce(event_id, 'seq:' || stream_seq)));
`,
  },
];

/** Why a message was parked. */
export type ParkReason =
  | 'malformed'
  | 'unknown-type'
  | 'unknown-version'
  | 'invalid'
  | 'poison' // the handler threw PoisonMessageError
  | 'max-deliver'; // transient failures until the last delivery

export interface DeadLetter {
  consumer: string;
  eventId: string | undefined;
  subject: string;
  streamSeq: number;
  reason: ParkReason;
  detail: string;
  payload: string;
  deliveryCount: number;
}

/** Inserts the inbox row; false when it was already there (a redelivery of a processed message). */
export async function claimInbox(tx: PoolClient, schema: string, consumer: string, eventId: string): Promise<boolean> {
  const { rowCount } = await tx.query(`INSERT INTO ${schema}.inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
    consumer,
    eventId,
  ]);
  return rowCount === 1;
}

/** Whether the consumer handled the event already (read outside any transaction, before asking others). */
export async function inInbox(pool: Pool, schema: string, consumer: string, eventId: string): Promise<boolean> {
  const { rowCount } = await pool.query(`SELECT 1 FROM ${schema}.inbox WHERE consumer = $1 AND event_id = $2`, [
    consumer,
    eventId,
  ]);
  return rowCount === 1;
}

export async function park(pool: Pool, schema: string, letter: DeadLetter): Promise<void> {
  await pool.query(
    `INSERT INTO ${schema}.dead_letters
       (consumer, event_id, subject, stream_seq, reason, detail, payload, delivery_count)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (consumer, (coalesce(event_id, 'seq:' || stream_seq))) DO NOTHING`,
    [
      letter.consumer,
      letter.eventId ?? null,
      letter.subject,
      letter.streamSeq,
      letter.reason,
      letter.detail,
      letter.payload,
      letter.deliveryCount,
    ],
  );
}
