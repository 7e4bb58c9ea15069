// The operators' command for parked messages, against real PostgreSQL and NATS: messages are parked
// by a running consumer, then listed (never with their payload), retried or dropped.
import { Type } from '@sinclair/typebox';
import { ContractRegistry, defineEvent } from '@jiandu/contracts';
import { createTestDatabase, eventually, type TestDatabase } from '@jiandu/testing';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { startConsumer, type ConsumerRunner } from '../src/consumer.js';
import { runDeadLetters } from '../src/dead-letters-cli.js';
import { ensureStream, withNamespace } from '../src/jetstream-setup.js';
import { PoisonMessageError, type ConsumerSpec } from '../src/types.js';
import { effectCounts, openConsumerSchema, recordEffect } from './consumer-fixtures.js';
import { SERVICE, testLogger, testNamespace } from './fixtures.js';

const SHARED_NATS = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
const SCHEMA = 'svc';
const OTHER = 'other';
// Personal data in the payloads: it must never be printed.
const PERSON = '王小明';
const PHONE = '13912345678';

const reportFiledV1 = defineEvent({
  service: SERVICE,
  type: 'ReportFiled',
  version: 1,
  schema: Type.Object({ n: Type.Integer({ minimum: 0 }), reporter: Type.String(), phone: Type.String() }),
});
const registry = new ContractRegistry().register(reportFiledV1);
const SUBJECT = `jiandu.evt.${SERVICE}.ReportFiled.v1`;

interface Row {
  id: string;
  event_id: string | null;
  stream_seq: string;
  reason: string;
}

describe('dead-letters command', () => {
  let db: TestDatabase;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const streams: string[] = [];
  const runners: ConsumerRunner[] = [];
  const printed: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('jiandu_dlq');
    await openConsumerSchema(db.pool(), SCHEMA);
    await openConsumerSchema(db.pool(), OTHER);
    nc = await connect({ servers: SHARED_NATS });
    jsm = await jetstreamManager(nc);
  });
  afterAll(async () => {
    for (const r of runners) await r.stop();
    for (const s of streams) await jsm.streams.delete(s).catch(() => undefined);
    await nc.close();
    await db.drop();
  });

  async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; lines: string[] }> {
    const lines: string[] = [];
    const code = await runDeadLetters(args, { DATABASE_URL: db.url, NATS_URL: SHARED_NATS, ...env }, (line) => {
      lines.push(...line.split('\n'));
      printed.push(line);
    });
    const output = lines.join('\n');
    expect(output).not.toContain(PERSON);
    expect(output).not.toContain(PHONE);
    return { code, lines };
  }

  /** A stream of the test's own (subjects under a namespace) and the name of its durable consumer. */
  async function scenario(name: string, duplicateWindowMs?: number) {
    const namespace = testNamespace();
    const stream = `DLQ_${name}_${namespace}`;
    streams.push(stream);
    await ensureStream(jsm, { name: stream, namespace, duplicateWindowMs, storage: 'memory' });
    return { namespace, stream, durable: `${name}-${namespace}` };
  }

  async function start(
    s: { namespace: string; stream: string; durable: string },
    handle: ConsumerSpec['handle'],
  ): Promise<ConsumerRunner> {
    const spec: ConsumerSpec = {
      stream: s.stream,
      durable: s.durable,
      filterSubjects: ['jiandu.evt.>'],
      maxDeliver: 3,
      ackWaitMs: 1_000,
      backoffMs: [50],
      handle,
    };
    const runner = await startConsumer({
      nc,
      pool: db.pool(),
      schema: SCHEMA,
      registry,
      spec,
      logger: testLogger(),
      namespace: s.namespace,
    });
    runners.push(runner);
    return runner;
  }

  /** The handler before the fix: it can never take these reports. */
  const broken: ConsumerSpec['handle'] = async () => {
    throw new PoisonMessageError('no handler for reports of this kind yet');
  };

  function reportEnvelope(n: number): { eventId: string; body: string } {
    const eventId = randomUUID();
    const envelope = {
      eventId,
      type: 'ReportFiled',
      version: 1,
      occurredAt: '2025-01-01T00:00:00.000Z',
      actor: { sub: 'u1', name: 'Tester', office: 'xfs' },
      correlationId: randomUUID(),
      service: SERVICE,
      streamId: `report-${eventId}`,
      streamVersion: 1,
      data: { n, reporter: PERSON, phone: PHONE },
    };
    return { eventId, body: JSON.stringify(envelope) };
  }

  /** Publishes a report as the relay would (Nats-Msg-Id = event id); `body` replaces the envelope. */
  async function publishReport(namespace: string, n: number, body?: string): Promise<string> {
    const report = reportEnvelope(n);
    await jetstream(nc).publish(withNamespace(namespace, SUBJECT), body ?? report.body, { msgID: report.eventId });
    return report.eventId;
  }

  async function rows(consumer: string, schema = SCHEMA): Promise<Row[]> {
    const { rows } = await db
      .pool()
      .query<Row>(
        `SELECT id::text, event_id, stream_seq::text, reason FROM ${schema}.dead_letters WHERE consumer = $1 ORDER BY id`,
        [consumer],
      );
    return rows;
  }

  async function rowsWhen(consumer: string, count: number): Promise<Row[]> {
    const found = await rows(consumer);
    if (found.length !== count) throw new Error(`${found.length} dead letters, want ${count}`);
    return found;
  }

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const waitUntil = (at: number) => sleep(Math.max(0, at - Date.now()));

  describe('list', () => {
    it('shows every parked message in one line, with its detail but never its payload', async () => {
      const s = await scenario('list');
      await start(s, recordEffect(SCHEMA, 'list')); // these two never reach the handler
      const invalidId = await publishReport(s.namespace, -1);
      await publishReport(s.namespace, 1, `${PERSON} ${PHONE} is not an envelope`);
      const [invalid, malformed] = await eventually(() => rowsWhen(s.durable, 2));
      expect([invalid.event_id, invalid.reason, malformed.reason]).toEqual([invalidId, 'invalid', 'malformed']);
      // another service's schema: found without --schema
      await db.pool().query(
        `INSERT INTO ${OTHER}.dead_letters (consumer, event_id, subject, stream_seq, reason, detail, payload, delivery_count)
         VALUES ('other-consumer', 'e-1', 'jiandu.evt.petitions.ReportFiled.v1', 7, 'max-deliver', $1, $2, 10)`,
        [`Error: lock timeout ${'x'.repeat(300)}`, JSON.stringify({ eventId: 'e-1', data: { reporter: PERSON, phone: PHONE } })],
      );

      const all = await cli(['list']);
      expect(all.code).toBe(0);
      expect(all.lines).toHaveLength(3);
      const subject = withNamespace(s.namespace, SUBJECT);
      const at = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z';
      expect(all.lines).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^id=${invalid.id} schema=svc consumer=${s.durable} subject=${subject.replaceAll('.', '\\.')} stream_seq=${invalid.stream_seq} ` +
              `reason=invalid delivery_count=1 failed_at=${at} event_id=${invalidId} detail="[^"]*: field n must be at least 0"$`,
          ),
        ),
      );
      const malformedLine = all.lines.find((l) => l.startsWith(`id=${malformed.id} schema=svc `));
      expect(malformedLine).toMatch(
        / reason=malformed .*detail="body is not JSON: unexpected content \(excerpt withheld\) is not valid JSON"$/,
      );
      const otherLine = all.lines.find((l) => l.includes(' schema=other '));
      expect(otherLine).toMatch(
        / consumer=other-consumer .* stream_seq=7 reason=max-deliver delivery_count=10 .* detail="Error: lock timeout x+…"$/,
      );
      expect(/detail="(.*)"$/.exec(otherLine ?? '')?.[1]).toHaveLength(200);

      const other = await cli(['list', '--schema', OTHER]);
      expect(other.lines).toEqual([otherLine]);
      const newest = await cli(['list', '--schema', SCHEMA, '--consumer', s.durable, '--limit', '1']);
      expect(newest.code).toBe(0);
      expect(newest.lines).toEqual([
        expect.stringMatching(new RegExp(`^id=(${invalid.id}|${malformed.id}) schema=svc `)),
        `1 of 2 parked messages shown (svc, consumer ${s.durable}): raise --limit, or narrow with --schema or --consumer.`,
      ]);
      expect((await cli(['list', '--consumer', 'nobody'])).lines).toEqual(['No parked messages (other, svc, consumer nobody).']);

      // a malformed payload has no event id of its own: it is refused, and kept
      const refused = await cli(['retry', SCHEMA, malformed.id]);
      expect(refused.code).toBe(1);
      expect(refused.lines).toEqual([
        `Not retried svc id=${malformed.id}: its payload has no event id (a malformed message on ${subject}), so it cannot be re-published safely; ` +
          'the row is kept: fix the producer, then drop it with --reason.',
      ]);
      expect(await rows(s.durable)).toHaveLength(2);
    });

    it('refuses a bad schema name, a schema without dead letters and a bad limit with exit code 2', async () => {
      const bad = await cli(['list', '--schema', 'svc; DROP TABLE x']);
      expect(bad.code).toBe(2);
      expect(bad.lines[0]).toBe(
        'Invalid schema name "svc; DROP TABLE x": use lower-case letters, digits and _ (at most 51 characters, not starting with a digit).',
      );
      expect(await cli(['list', '--schema', 'nosuch'])).toEqual({
        code: 2,
        lines: ['Schema "nosuch" has no dead_letters table in this database.'],
      });
      expect((await cli(['list', '--limit', '0'])).code).toBe(2);
      expect((await cli(['list', '--bogus'])).code).toBe(2);
    });
  });

  describe('retry', () => {
    it('after the duplicate window: re-delivers the message, parks it again if it still fails, and the fixed consumer applies it once', async () => {
      const s = await scenario('retry', 1_000);
      const runner = await start(s, broken);
      const eventId = await publishReport(s.namespace, 4);
      const publishedAt = Date.now();
      const [first] = await eventually(() => rowsWhen(s.durable, 1));
      expect([first.event_id, first.reason]).toEqual([eventId, 'poison']);

      // retried before the fix: it comes back, fails and is parked again as a new row, never lost
      await waitUntil(publishedAt + 1_500);
      const early = await cli(['retry', SCHEMA, first.id]);
      const retriedAt = Date.now();
      expect(early.code).toBe(0);
      expect(early.lines).toEqual([
        expect.stringMatching(
          new RegExp(
            `^Retried svc id=${first.id}: event ${eventId} was re-published on \\S+ \\(stream ${s.stream}, seq 2\\) and the row deleted; consumer ${s.durable} receives it again`,
          ),
        ),
      ]);
      const [second] = await eventually(async () => {
        const found = await rows(s.durable);
        if (found.length !== 1 || found[0].id === first.id) throw new Error('not parked again yet');
        return found;
      });
      expect([second.event_id, second.stream_seq, second.reason]).toEqual([eventId, '2', 'poison']);

      // the fix is deployed; the window of the last publish has passed
      await runner.stop();
      await start(s, recordEffect(SCHEMA, s.durable));
      await waitUntil(retriedAt + 1_500);
      const retried = await cli(['retry', SCHEMA, second.id]);
      expect(retried.code).toBe(0);
      expect(retried.lines[0]).toMatch(new RegExp(`^Retried svc id=${second.id}: event ${eventId} was re-published .*seq 3\\)`));
      await eventually(async () => (await effectCounts(db.pool(), SCHEMA, s.durable)).get(eventId) === 1);
      expect(await rows(s.durable)).toEqual([]);
      await sleep(500);
      expect([...(await effectCounts(db.pool(), SCHEMA, s.durable)).entries()]).toEqual([[eventId, 1]]);
      const inbox = await db
        .pool()
        .query(`SELECT 1 FROM ${SCHEMA}.inbox WHERE consumer = $1 AND event_id = $2`, [s.durable, eventId]);
      expect(inbox.rowCount).toBe(1);
      // a retried id is gone
      expect((await cli(['retry', SCHEMA, second.id])).code).toBe(1);
    });

    it('inside the duplicate window: reports the duplicate and keeps the row', async () => {
      const s = await scenario('dup'); // the default window: 2 minutes
      await start(s, broken);
      const eventId = await publishReport(s.namespace, 5);
      const [row] = await eventually(() => rowsWhen(s.durable, 1));

      const dup = await cli(['retry', SCHEMA, row.id]);
      expect(dup).toEqual({
        code: 1,
        lines: [
          `Not retried svc id=${row.id}: JetStream reported the re-publish of event ${eventId} as a duplicate, because the id is still inside ` +
            `the duplicate window of stream ${s.stream} (120 s); nothing would be redelivered, so the row is kept. Retry it once the window has passed.`,
        ],
      });
      expect(await rows(s.durable)).toEqual([row]);
      expect((await jsm.streams.info(s.stream)).state.messages).toBe(1);
    });

    it('is harmless when the event was re-published and applied but the row stayed (a crash before the delete)', async () => {
      const s = await scenario('crash', 1_000);
      await start(s, recordEffect(SCHEMA, s.durable));
      const { eventId, body } = reportEnvelope(8);
      const subject = withNamespace(s.namespace, SUBJECT);
      await jetstream(nc).publish(subject, body, { msgID: eventId }); // the retry's publish, acked
      const publishedAt = Date.now();
      await eventually(async () => (await effectCounts(db.pool(), SCHEMA, s.durable)).get(eventId) === 1);
      const { rows: inserted } = await db.pool().query<{ id: string }>(
        `INSERT INTO ${SCHEMA}.dead_letters (consumer, event_id, subject, stream_seq, reason, detail, payload, delivery_count)
         VALUES ($1, $2, $3, 1, 'poison', 'the bug since fixed', $4, 1) RETURNING id::text`,
        [s.durable, eventId, subject, body],
      );
      const id = inserted[0].id;

      const dup = await cli(['retry', SCHEMA, id]);
      expect(dup.code).toBe(1);
      expect(dup.lines[0]).toMatch(
        /as a duplicate, .*\(1 s\); nothing would be redelivered, so the row is kept\. Consumer \S+ has applied event \S+ since \(its inbox holds it\): drop the row with --reason instead\.$/,
      );
      expect(await rows(s.durable)).toHaveLength(1);

      await waitUntil(publishedAt + 1_500);
      expect((await cli(['retry', SCHEMA, id])).code).toBe(0);
      expect(await rows(s.durable)).toEqual([]);
      await eventually(async () => {
        const info = await jsm.consumers.info(s.stream, s.durable);
        return info.delivered.stream_seq === 2 && info.num_ack_pending === 0 && info.num_pending === 0;
      });
      expect([...(await effectCounts(db.pool(), SCHEMA, s.durable)).entries()]).toEqual([[eventId, 1]]);
    });

    it('exits 1 for an unknown id, and 2 for bad arguments or no NATS', async () => {
      expect(await cli(['retry', SCHEMA, '999999999'])).toEqual({
        code: 1,
        lines: ['Not retried svc id=999999999: there is no parked message with this id (already retried or dropped?).'],
      });
      expect((await cli(['retry', SCHEMA])).code).toBe(2);
      expect((await cli(['retry', SCHEMA, 'abc'])).lines[0]).toBe('Invalid id "abc": use the numeric id that list prints.');
      expect((await cli(['retry', 'Svc', '1'])).code).toBe(2);
      expect((await cli(['retry', 'nosuch', '1'])).code).toBe(2);
      const noNats = await cli(['retry', SCHEMA, '1'], { NATS_URL: 'nats://127.0.0.1:1' });
      expect(noNats.code).toBe(2);
      expect(noNats.lines[0]).toMatch(
        /^Cannot connect to NATS at nats:\/\/127\.0\.0\.1:1 \(NATS_URL, NATS_USER, NATS_PASSWORD\): /,
      );
    });
  });

  describe('drop', () => {
    it('needs a reason, deletes the rows and prints an audit line each', async () => {
      const s = await scenario('drop');
      await start(s, broken);
      const firstId = await publishReport(s.namespace, 6);
      await publishReport(s.namespace, 7);
      const [a, b] = await eventually(() => rowsWhen(s.durable, 2));

      for (const args of [
        ['drop', SCHEMA, a.id],
        ['drop', SCHEMA, a.id, '--reason', '  '],
      ]) {
        const refused = await cli(args);
        expect(refused.code).toBe(2);
        expect(refused.lines[0]).toBe('Drop needs a non-empty --reason "<why>": it is printed for the audit trail.');
      }
      expect(await rows(s.durable)).toHaveLength(2);

      const reason = 'test report sent by mistake (ticket OPS-12)';
      const dropped = await cli(['drop', SCHEMA, a.id, '999999999', '--reason', reason]);
      expect(dropped).toEqual({
        code: 1,
        lines: [
          `Dropped svc id=${a.id}: consumer=${s.durable} subject=${withNamespace(s.namespace, SUBJECT)} event_id=${firstId} parked_as=poison reason_given="${reason}"`,
          'Not dropped svc id=999999999: there is no parked message with this id (already retried or dropped?).',
        ],
      });
      expect(await rows(s.durable)).toEqual([b]);
      expect((await cli(['drop', SCHEMA, b.id, '--reason', 'duplicate of the report above'])).code).toBe(0);
      expect(await rows(s.durable)).toEqual([]);
    });
  });

  describe('in general', () => {
    it('exits 2 without a command, with an unknown one, or without a database', async () => {
      expect((await cli([])).code).toBe(2);
      expect((await cli(['frobnicate'])).lines[0]).toBe('Unknown command "frobnicate".');
      expect((await cli(['help'])).code).toBe(0);
      const noDb = await cli(['list'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' });
      expect(noDb.code).toBe(2);
      expect(noDb.lines[0]).toMatch(/^Cannot connect to PostgreSQL \(DATABASE_URL\): /);
    });

    it('never printed the personal data of a payload', () => {
      expect(printed.length).toBeGreaterThan(20);
      expect(printed.join('\n')).not.toMatch(new RegExp(`${PERSON}|${PHONE}`));
    });
  });
});
