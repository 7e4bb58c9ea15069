import { createTestDatabase, eventually, type TestDatabase } from '@jiandu/testing';
import { WrongExpectedVersionError } from '@jiandu/event-store';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { startConsumer, type ConsumerRunner } from '../src/consumer.js';
import { throwingFailpoint, type Failpoints } from '../src/failpoints.js';
import { ensureStream } from '../src/jetstream-setup.js';
import {
  DependencyUnavailableError,
  PoisonMessageError,
  type ConsumerOutcome,
  type ConsumerSpec,
  type IncomingEvent,
} from '../src/types.js';
import { deadLetters, effectCounts, openConsumerSchema, publishEvent, recordEffect } from './consumer-fixtures.js';
import { testLogger, testNamespace, testRegistry } from './fixtures.js';

const SHARED_NATS = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
const SCHEMA = 'svc';

describe('Consumer runner', () => {
  let db: TestDatabase;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const streams: string[] = [];
  const runners: ConsumerRunner[] = [];
  const connections: NatsConnection[] = [];
  /** What the runners reported to their metrics hook, as `consumer outcome`. */
  const counted: string[] = [];
  const countedFor = (consumer: string, outcome: ConsumerOutcome) => counted.filter((c) => c === `${consumer} ${outcome}`).length;

  beforeAll(async () => {
    db = await createTestDatabase('jiandu_msg');
    await openConsumerSchema(db.pool(), SCHEMA);
    nc = await connect({ servers: SHARED_NATS });
    jsm = await jetstreamManager(nc);
  });
  afterAll(async () => {
    for (const r of runners) await r.stop();
    for (const c of connections) await c.close();
    for (const s of streams) await jsm.streams.delete(s);
    await nc.close();
    await db.drop();
  });

  /** A stream of the test's own and a spec over all of its events. */
  async function scenario(name: string, handle: ConsumerSpec['handle'], extra: Partial<ConsumerSpec> = {}) {
    const namespace = testNamespace();
    const stream = `CONSUMER_${name}_${namespace}`;
    streams.push(stream);
    await ensureStream(jsm, { name: stream, namespace });
    const spec: ConsumerSpec = {
      stream,
      durable: `${name}-${namespace}`,
      filterSubjects: ['jiandu.evt.>'],
      maxDeliver: 5,
      ackWaitMs: 1_000,
      backoffMs: [50, 100],
      handle,
      ...extra,
    };
    return { namespace, spec };
  }

  async function run(spec: ConsumerSpec, namespace: string, failpoints: Failpoints = () => undefined, conn = nc) {
    const logger = testLogger();
    const metrics = { message: (consumer: string, outcome: ConsumerOutcome) => counted.push(`${consumer} ${outcome}`) };
    const runner = await startConsumer({
      nc: conn,
      pool: db.pool(),
      schema: SCHEMA,
      registry: testRegistry(),
      spec,
      logger,
      namespace,
      failpoints,
      metrics,
    });
    runners.push(runner);
    return { runner, logger };
  }

  async function deadLettersWhen(consumer: string, count: number) {
    const rows = await deadLetters(db.pool(), SCHEMA, consumer);
    if (rows.length !== count) throw new Error(`${rows.length} dead letters, want ${count}`);
    return rows;
  }

  describe('when it dies after the commit and before the ack', () => {
    it('applies the effect exactly once after another instance takes over', async () => {
      const { namespace, spec } = await scenario('crash', recordEffect(SCHEMA, 'crash'));
      const ids = [];
      for (let n = 0; n < 3; n++) ids.push(await publishEvent(nc, namespace, { data: { n } }));

      // the first instance has a connection of its own, which dies with it
      const doomed = await connect({ servers: SHARED_NATS });
      connections.push(doomed);
      const first = await run(spec, namespace, throwingFailpoint('consumer-after-commit-before-ack'), doomed);
      await expect(first.runner.done).rejects.toThrow('consumer-after-commit-before-ack');
      await doomed.close();
      expect([...(await effectCounts(db.pool(), SCHEMA, 'crash')).values()]).toEqual([1]);

      const second = await run(spec, namespace);
      await eventually(async () => (await effectCounts(db.pool(), SCHEMA, 'crash')).size === 3);
      const counts = await effectCounts(db.pool(), SCHEMA, 'crash');
      expect(ids.map((id) => counts.get(id))).toEqual([1, 1, 1]);
      // the committed one came back after ack_wait and was recognised by its inbox row
      await eventually(() => second.logger.lines.some((l) => l.msg === 'consumer: redelivery of a processed event'));
    });
  });

  describe('when a message can never succeed', () => {
    it('parks it with its reason and payload, terms it, and goes on with later messages', async () => {
      const handle = async (event: IncomingEvent, tx: Parameters<ConsumerSpec['handle']>[1]) => {
        if (event.data['n'] === 13) throw new PoisonMessageError('unlucky number');
        await recordEffect(SCHEMA, 'poison')(event, tx);
      };
      const { namespace, spec } = await scenario('poison', handle);
      const { runner, logger } = await run(spec, namespace);

      const invalid = await publishEvent(nc, namespace, { data: { n: -1 } });
      const unknownType = await publishEvent(nc, namespace, { type: 'OtherThing' });
      const newer = await publishEvent(nc, namespace, { version: 2, data: { n: 2, extra: true } });
      await publishEvent(nc, namespace, { body: '王五 13800000000 not json {' });
      const refused = await publishEvent(nc, namespace, { data: { n: 13 } });
      const good = await publishEvent(nc, namespace, { data: { n: 7 } });

      await eventually(async () => (await effectCounts(db.pool(), SCHEMA, 'poison')).get(good) === 1);
      const letters = await eventually(() => deadLettersWhen(spec.durable, 5));
      expect(letters.map((l) => [l.event_id, l.reason])).toEqual([
        [invalid, 'invalid'],
        [unknownType, 'unknown-type'],
        [newer, 'unknown-version'],
        [expect.any(String), 'malformed'], // the event id comes from Nats-Msg-Id
        [refused, 'poison'],
      ]);
      expect(JSON.parse(letters[0].payload).data).toEqual({ n: -1 });
      expect(letters[3].payload).toBe('王五 13800000000 not json {');
      expect(letters[4].detail).toBe('unlucky number');
      expect((await effectCounts(db.pool(), SCHEMA, 'poison')).size).toBe(1);
      expect(logger.lines.filter((l) => l.msg === 'consumer: message parked' && l.level === 'warn')).toHaveLength(5);
      // a malformed body's start is quoted by the JSON parse error: never in the log
      expect(JSON.stringify(logger.lines)).not.toMatch(/王五|13800000000/);
      expect([countedFor(spec.durable, 'parked'), countedFor(spec.durable, 'applied')]).toEqual([5, 1]);
      // termed, not naked: nothing waits for redelivery
      await eventually(async () => {
        const info = await jsm.consumers.info(spec.stream, spec.durable);
        return info.num_ack_pending === 0 && info.num_pending === 0 && info.num_redelivered === 0;
      });
      await runner.stop();
    });

    it('parks a message that fails transiently on every delivery up to max_deliver', async () => {
      const handle = async () => {
        throw new Error('database says no');
      };
      const { namespace, spec } = await scenario('exhausted', handle, { maxDeliver: 3 });
      await run(spec, namespace);
      const id = await publishEvent(nc, namespace, { data: { n: 1 } });
      const [letter] = await eventually(() => deadLettersWhen(spec.durable, 1));
      expect([letter.event_id, letter.reason, letter.detail]).toEqual([id, 'max-deliver', 'Error: database says no']);
    });
  });

  describe('when the handler fails transiently', () => {
    it('naks with backoff and applies the effect once when it finally succeeds', async () => {
      const attempts: number[] = [];
      const handle = async (event: IncomingEvent, tx: Parameters<ConsumerSpec['handle']>[1]) => {
        attempts.push(Date.now());
        await recordEffect(SCHEMA, 'transient')(event, tx); // rolled back when we throw below
        if (attempts.length <= 2) throw new Error('lock timeout');
      };
      const { namespace, spec } = await scenario('transient', handle, { backoffMs: [200, 400] });
      const { logger } = await run(spec, namespace);
      const id = await publishEvent(nc, namespace, { data: { n: 5 } });

      await eventually(async () => (await effectCounts(db.pool(), SCHEMA, 'transient')).get(id) === 1);
      expect(attempts).toHaveLength(3);
      expect(attempts[1] - attempts[0]).toBeGreaterThanOrEqual(180);
      expect(attempts[2] - attempts[1]).toBeGreaterThanOrEqual(380);
      expect(logger.lines.filter((l) => l.msg === 'consumer: transient failure, nak')).toHaveLength(2);
      expect([countedFor(spec.durable, 'naked'), countedFor(spec.durable, 'applied')]).toEqual([2, 1]);
      expect(await deadLetters(db.pool(), SCHEMA, spec.durable)).toEqual([]);
    });
  });

  describe('when the consumer asks another service first (prepare) and it is away', () => {
    it('asks before the transaction, naks with growing delays beyond max_deliver, and applies once with the answer', async () => {
      const asked: { at: number; busy: number }[] = [];
      const answers: string[] = [];
      const prepare = async () => {
        // No transaction is open while the other service is asked.
        const { rows } = await db
          .pool()
          .query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
          );
        asked.push({ at: Date.now(), busy: rows[0]!.n });
        if (asked.length <= 5) throw new DependencyUnavailableError('petitions did not answer');
        return 'the answer';
      };
      const handle = async (event: IncomingEvent, tx: Parameters<ConsumerSpec['handle']>[1], prepared: unknown) => {
        answers.push(String(prepared));
        await recordEffect(SCHEMA, 'dependency')(event, tx);
      };
      const { namespace, spec } = await scenario('dependency', handle as ConsumerSpec['handle'], {
        prepare,
        maxDeliver: 3,
        dependency: { maxDeliver: 20, baseMs: 40, capMs: 200 },
      });
      const { logger } = await run(spec, namespace);
      const id = await publishEvent(nc, namespace, { data: { n: 7 } });

      await eventually(async () => (await effectCounts(db.pool(), SCHEMA, 'dependency')).get(id) === 1, { timeoutMs: 15_000 });
      expect(answers).toEqual(['the answer']);
      // Six deliveries, more than max_deliver (3): none parked; the waits grow 40, 80, 160, 200 (the cap), 200 ms.
      expect(asked).toHaveLength(6);
      expect(asked.every((a) => a.busy === 0)).toBe(true);
      const waits = asked.slice(1).map((a, i) => a.at - asked[i]!.at);
      [40, 80, 160, 200, 200].forEach((least, i) => expect(waits[i]).toBeGreaterThanOrEqual(least - 15));
      expect(logger.lines.filter((l) => l.msg === 'consumer: dependency away, nak')).toHaveLength(5);
      expect(await deadLetters(db.pool(), SCHEMA, spec.durable)).toEqual([]);
      expect((await jsm.consumers.info(spec.stream, spec.durable)).config.max_deliver).toBe(20);
    });

    it('parks the message once the dependency deliveries are used up', async () => {
      let asked = 0;
      const prepare = async () => {
        asked += 1;
        throw new DependencyUnavailableError('petitions did not answer');
      };
      const { namespace, spec } = await scenario('dependency-exhausted', recordEffect(SCHEMA, 'never'), {
        prepare,
        maxDeliver: 2,
        dependency: { maxDeliver: 4, baseMs: 20, capMs: 50 },
      });
      await run(spec, namespace);
      const id = await publishEvent(nc, namespace, { data: { n: 8 } });
      const [letter] = await eventually(() => deadLettersWhen(spec.durable, 1));
      expect([letter.event_id, letter.reason, asked]).toEqual([id, 'max-deliver', 4]);
    });

    it('asks nothing for an event the inbox already holds (a redelivery after the commit), and acks it', async () => {
      let asked = 0;
      const prepare = async () => {
        asked += 1;
        return 'x';
      };
      const { namespace, spec } = await scenario('dependency-duplicate', recordEffect(SCHEMA, 'never'), {
        prepare,
        dependency: { maxDeliver: 4, baseMs: 20, capMs: 50 },
      });
      const id = await publishEvent(nc, namespace, { data: { n: 9 } });
      await db.pool().query(`INSERT INTO ${SCHEMA}.inbox (consumer, event_id) VALUES ($1, $2)`, [spec.durable, id]);
      await run(spec, namespace);
      await eventually(() => countedFor(spec.durable, 'duplicate') === 1);
      expect(asked).toBe(0);
    });
  });

  describe('when the effect loses an append race to another writer of the same stream', () => {
    it('runs it again at once, in a new transaction, without a nak or a warning', async () => {
      let attempts = 0;
      const handle = async (event: IncomingEvent, tx: Parameters<ConsumerSpec['handle']>[1]) => {
        attempts++;
        await recordEffect(SCHEMA, 'race')(event, tx); // rolled back when we throw below
        if (attempts <= 2) throw new WrongExpectedVersionError('clue-1', 4, 5);
      };
      const { namespace, spec } = await scenario('race', handle, { backoffMs: [5_000] });
      const { logger } = await run(spec, namespace);
      const id = await publishEvent(nc, namespace, { data: { n: 6 } });

      await eventually(async () => (await effectCounts(db.pool(), SCHEMA, 'race')).get(id) === 1);
      expect(attempts).toBe(3);
      expect(logger.lines.filter((l) => l.msg === 'consumer: transient failure, nak')).toEqual([]);
      expect(logger.lines.filter((l) => /appended to the same stream first \(expected\)/.test(String(l.msg)))).toHaveLength(2);
      expect([
        countedFor(spec.durable, 'naked'),
        countedFor(spec.durable, 'conflict-retried'),
        countedFor(spec.durable, 'applied'),
      ]).toEqual([0, 2, 1]);
    });

    it('naks like any transient failure once the race is lost five times in a row', async () => {
      let attempts = 0;
      const handle = async () => {
        attempts++;
        if (attempts <= 6) throw new WrongExpectedVersionError('clue-1', 4, 5);
      };
      const { namespace, spec } = await scenario('lost-races', handle, { backoffMs: [100] });
      await run(spec, namespace);
      await publishEvent(nc, namespace, { data: { n: 7 } });
      await eventually(() => countedFor(spec.durable, 'applied') === 1);
      expect(attempts).toBe(7);
      expect([countedFor(spec.durable, 'naked'), countedFor(spec.durable, 'conflict-retried')]).toEqual([1, 5]);
    });
  });
});
