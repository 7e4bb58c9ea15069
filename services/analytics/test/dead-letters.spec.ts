// A public event analytics cannot take is parked without its body: ClueRegistered carries the
// accused's name, and no analytics table may hold it. The row keeps the event id, the subject,
// the stream sequence and the reason; a retry re-publishes the stream's own copy.
import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { ClueRegisteredV3 } from '@jiandu/contracts';
import { retryDeadLetter, withNamespace } from '@jiandu/messaging';
import { startServiceHarness } from '@jiandu/runtime';
import { eventually, serviceOnOwnDatabase } from '@jiandu/testing';
import { analyticsService } from '../src/main.js';

const ACCUSED_NAME = '欧阳死信泄露甲';
const ACTOR_NAME = '上官死信干部丙';

const { service: an } = serviceOnOwnDatabase('an_dead_letters', (db) =>
  startServiceHarness(analyticsService, { DATABASE_URL: db.url }),
);

it('parks an event it cannot take by reference, with no name, and a retry finds the stream’s copy', async () => {
  const { config, nc, pool } = an.service.ctx;
  const eventId = randomUUID();
  // A ClueRegistered that breaks its contract (no number, no unit): parked at once as invalid.
  const envelope = {
    eventId,
    type: ClueRegisteredV3.type,
    version: ClueRegisteredV3.version,
    occurredAt: '2026-05-01T02:00:00.000Z',
    actor: { sub: 'u-actor', name: ACTOR_NAME, office: 'case-management' },
    correlationId: randomUUID(),
    service: 'case-management',
    streamId: `clue-${eventId}`,
    streamVersion: 1,
    data: {
      clueId: 'c-bad',
      accused: { name: ACCUSED_NAME, position: '科长', unitId: 'u-1' },
      summary: `${ACCUSED_NAME}收受礼金`,
    },
  };
  const subject = withNamespace(config.namespace, ClueRegisteredV3.subject);
  const ack = await jetstream(nc).publish(subject, JSON.stringify(envelope), {
    msgID: eventId,
    expect: { streamName: config.eventStream },
  });
  const rows = await eventually(
    async () => {
      const { rows } = await pool.query(
        `SELECT id::text, event_id, subject, stream_seq::int, reason, detail, payload FROM analytics.dead_letters`,
      );
      return rows.length > 0 ? rows : undefined;
    },
    { timeoutMs: 20_000 },
  );
  if (!rows) throw new Error('nothing parked');
  expect(rows).toEqual([expect.objectContaining({ event_id: eventId, subject, stream_seq: ack.seq, reason: 'invalid' })]);
  const row = rows[0];
  expect(JSON.parse(row.payload)).toEqual({ parked: 'stream-reference', eventId });
  for (const text of [row.payload, row.detail]) {
    expect(text).not.toContain(ACCUSED_NAME);
    expect(text).not.toContain(ACTOR_NAME);
  }
  // The retry reads the stream's copy by its sequence (the same event: a duplicate within the window).
  const retried = await retryDeadLetter(pool, nc, 'analytics', row.id);
  expect(retried).toMatchObject({ status: 'duplicate', eventId });
}, 60_000);
