// Set-up for the consumer runner tests: a schema with the inbox, dead letters and an effect
// table, and raw publishes onto a stream of the test's own.
import { openEventStore, type Migration } from '@jiandu/event-store';
import { jetstream } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { messagingMigrations } from '../src/inbox.js';
import { withNamespace } from '../src/jetstream-setup.js';
import type { IncomingEvent } from '../src/types.js';
import { PUBLIC_TYPE, SERVICE } from './fixtures.js';

const effectsTable: Migration = {
  id: 'test-effects',
  sql: `CREATE TABLE {{schema}}.effects (id bigserial PRIMARY KEY, consumer text NOT NULL, event_id text NOT NULL, n integer)`,
};

export async function openConsumerSchema(pool: Pool, schema: string): Promise<void> {
  await openEventStore({ pool, schema, migrations: [...messagingMigrations, effectsTable] });
}

/** A handler whose effect is one row per processed event. */
export function recordEffect(schema: string, consumer: string) {
  return async (event: IncomingEvent, tx: PoolClient): Promise<void> => {
    await tx.query(`INSERT INTO ${schema}.effects (consumer, event_id, n) VALUES ($1, $2, $3)`, [
      consumer,
      event.eventId,
      event.data['n'],
    ]);
  };
}

export interface RawEvent {
  type?: string;
  version?: number;
  data?: Record<string, unknown>;
  body?: string; // overrides the envelope entirely (malformed messages)
}

/** Publishes an envelope as the relay would; returns its event id. */
export async function publishEvent(nc: NatsConnection, namespace: string, raw: RawEvent): Promise<string> {
  const eventId = randomUUID();
  const type = raw.type ?? PUBLIC_TYPE;
  const version = raw.version ?? 1;
  const envelope = {
    eventId,
    type,
    version,
    occurredAt: '2025-01-01T00:00:00.000Z',
    actor: { sub: 'u1', name: 'Tester', office: 'xfs' },
    correlationId: randomUUID(),
    service: SERVICE,
    streamId: `thing-${eventId}`,
    streamVersion: 1,
    data: raw.data ?? { n: 1 },
  };
  const h = headers();
  h.set('traceparent', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
  const subject = withNamespace(namespace, `jiandu.evt.${SERVICE}.${type}.v${version}`);
  await jetstream(nc).publish(subject, raw.body ?? JSON.stringify(envelope), { msgID: eventId, headers: h });
  return eventId;
}

export async function effectCounts(pool: Pool, schema: string, consumer: string): Promise<Map<string, number>> {
  const { rows } = await pool.query<{ event_id: string; count: string }>(
    `SELECT event_id, count(*) FROM ${schema}.effects WHERE consumer = $1 GROUP BY event_id`,
    [consumer],
  );
  return new Map(rows.map((r) => [r.event_id, Number(r.count)]));
}

export interface DeadLetterRow {
  event_id: string | null;
  subject: string;
  reason: string;
  detail: string;
  payload: string;
}

export async function deadLetters(pool: Pool, schema: string, consumer: string): Promise<DeadLetterRow[]> {
  const { rows } = await pool.query<DeadLetterRow>(
    `SELECT event_id, subject, reason, detail, payload FROM ${schema}.dead_letters WHERE consumer = $1 ORDER BY id`,
    [consumer],
  );
  return rows;
}
