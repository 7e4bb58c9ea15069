// The relay and the consumer runner through outages, under traffic: a private nats-server killed
// and restarted after 35 s, a durable consumer deleted under a running runner, and a private
// PostgreSQL taken away for 10 s with a backlog queued. Nothing is restarted by hand: each heals,
// every public event is in the stream exactly once, and every effect is applied exactly once.
import { openEventStore, type PostgresEventStore } from '@jiandu/event-store';
import {
  createTestDatabase,
  eventually,
  startPrivateNats,
  startPrivatePostgres,
  type PrivateServer,
  type TestDatabase,
} from '@jiandu/testing';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import { startConsumer, type ConsumerRunner } from '../src/consumer.js';
import { messagingMigrations } from '../src/inbox.js';
import { ensureStream } from '../src/jetstream-setup.js';
import { startRelay, type Relay } from '../src/relay.js';
import { deadLetters, effectCounts, openConsumerSchema, publishEvent, recordEffect } from './consumer-fixtures.js';
import {
  appendEvents,
  duplicates,
  missing,
  PUBLIC_TYPE,
  SERVICE,
  streamMessageIds,
  testLogger,
  testNamespace,
  testRegistry,
} from './fixtures.js';

const SHARED_NATS = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The service host's NATS options (libs/runtime service-host.ts). */
const NATS_OPTIONS = { maxReconnectAttempts: -1, reconnectTimeWait: 500, pingInterval: 5_000, maxPingOut: 2 };

/** Writes `perTick` events (every 10th private) every `everyMs` until stopped. */
function writer(store: PostgresEventStore, perTick = 10, everyMs = 100) {
  const publicIds: string[] = [];
  let running = true;
  let offset = 0;
  const loop = (async () => {
    while (running) {
      const written = await appendEvents(store, perTick, { perStream: perTick, offset });
      offset += perTick;
      publicIds.push(...written.publicIds);
      await sleep(everyMs);
    }
  })();
  return {
    publicIds,
    async stop() {
      running = false;
      await loop;
    },
  };
}

describe('Relay and consumer while NATS is away for 35 s under traffic', () => {
  let nats: PrivateServer;
  let nc: NatsConnection;
  let db: TestDatabase;
  let store: PostgresEventStore;
  const schema = `svc_${Math.random().toString(36).slice(2, 10)}`;

  beforeAll(async () => {
    [nats, db] = await Promise.all([startPrivateNats(), createTestDatabase('jiandu_msg')]);
    nc = await connect({ servers: nats.url, ...NATS_OPTIONS });
    await openConsumerSchema(db.pool(), schema);
    store = await openEventStore({ pool: db.pool(), schema, migrations: messagingMigrations });
  });
  afterAll(async () => {
    await nc?.close();
    await Promise.all([nats?.stop(), db?.drop()]);
  });

  it('publishes every public event exactly once and the consumer applies each once, resuming within seconds of the return', async () => {
    const namespace = testNamespace();
    const stream = `OUTAGE_${namespace}`;
    const durable = `outage-${namespace}`;
    const jsm = await jetstreamManager(nc);
    await ensureStream(jsm, { name: stream, namespace });
    const relayLog = testLogger();
    const consumerLog = testLogger();
    const relay: Relay = startRelay({
      store,
      pool: db.pool(),
      nc,
      service: SERVICE,
      stream,
      namespace,
      publicTypes: [PUBLIC_TYPE],
      logger: relayLog,
    });
    const consumer: ConsumerRunner = await startConsumer({
      nc,
      pool: db.pool(),
      schema,
      registry: testRegistry(),
      logger: consumerLog,
      namespace,
      spec: { stream, durable, filterSubjects: ['jiandu.evt.>'], handle: recordEffect(schema, durable) },
    });
    const effects = async () => [...(await effectCounts(db.pool(), schema, durable)).values()].reduce((a, b) => a + b, 0);
    const load = writer(store); // ~90 public events a second, before, during and after the outage
    try {
      await eventually(async () => (await effects()) >= 200, { timeoutMs: 20_000 });

      await nats.down(); // SIGKILL, publishes and pulls in flight
      const downAt = Date.now();
      await sleep(35_000);
      // Measured on the database, so no request of the test's own waits on the reconnect.
      const checkpoint = async () => (await store.loadCheckpoint('relay')).position;
      const [atReturn, publishedAtReturn] = [await effects(), await checkpoint()];
      await nats.restart();
      const upAt = Date.now();
      const since = async (done: () => Promise<boolean>) => {
        await eventually(done, { timeoutMs: 60_000, intervalMs: 20 });
        return (Date.now() - upAt) / 1000;
      };
      const [relayResumedS, consumerResumedS] = await Promise.all([
        since(async () => (await checkpoint()) > publishedAtReturn),
        since(async () => (await effects()) > atReturn),
      ]);
      console.log(
        `NATS down ${((upAt - downAt) / 1000).toFixed(1)} s: relay publishing again ${relayResumedS.toFixed(2)} s and consumer applying again ${consumerResumedS.toFixed(2)} s after its return`,
      );
      await sleep(3_000); // traffic after the return too
      await load.stop();
      await relay.drained();

      const ids = await streamMessageIds(nc, stream);
      expect(duplicates(ids)).toEqual([]);
      expect(missing(load.publicIds, ids)).toEqual([]);
      expect(ids).toHaveLength(load.publicIds.length);
      await eventually(async () => (await effects()) === load.publicIds.length, { timeoutMs: 60_000 });
      const counts = await effectCounts(db.pool(), schema, durable);
      expect(missing(load.publicIds, [...counts.keys()])).toEqual([]);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      expect(await deadLetters(db.pool(), schema, durable)).toEqual([]);
      expect(relayResumedS).toBeLessThan(10);
      expect(consumerResumedS).toBeLessThan(10);
    } finally {
      await load.stop();
      await consumer.stop();
      await relay.stop();
    }
  }, 180_000);
});

describe('Consumer runner whose durable consumer is deleted while it runs', () => {
  let db: TestDatabase;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const schema = 'svc';
  const namespace = testNamespace();
  const stream = `DELETED_${namespace}`;

  beforeAll(async () => {
    db = await createTestDatabase('jiandu_msg');
    await openConsumerSchema(db.pool(), schema);
    nc = await connect({ servers: SHARED_NATS });
    jsm = await jetstreamManager(nc);
    await ensureStream(jsm, { name: stream, namespace });
  });
  afterAll(async () => {
    await jsm.streams.delete(stream);
    await nc.close();
    await db.drop();
  });

  it('recreates it and applies every later event, each once', async () => {
    const durable = `deleted-${namespace}`;
    const logger = testLogger();
    const runner = await startConsumer({
      nc,
      pool: db.pool(),
      schema,
      registry: testRegistry(),
      logger,
      namespace,
      spec: { stream, durable, filterSubjects: ['jiandu.evt.>'], handle: recordEffect(schema, durable) },
    });
    try {
      const ids: string[] = [];
      for (let n = 0; n < 20; n++) ids.push(await publishEvent(nc, namespace, { data: { n } }));
      await eventually(async () => (await effectCounts(db.pool(), schema, durable)).size === 20);

      await jsm.consumers.delete(stream, durable); // an operator's mistake, or a stream restored without it
      const deletedAt = Date.now();
      for (let n = 20; n < 40; n++) ids.push(await publishEvent(nc, namespace, { data: { n } }));
      await eventually(async () => (await effectCounts(db.pool(), schema, durable)).size === 40, {
        timeoutMs: 60_000,
        intervalMs: 50,
      });
      console.log(
        `durable consumer deleted: recreated and consuming again ${((Date.now() - deletedAt) / 1000).toFixed(2)} s later`,
      );
      const counts = await effectCounts(db.pool(), schema, durable);
      expect(ids.map((id) => counts.get(id))).toEqual(ids.map(() => 1));
      expect(logger.lines.some((l) => l.level === 'warn' || l.level === 'error')).toBe(true); // said so
    } finally {
      await runner.stop();
    }
  }, 90_000);
});

describe('Consumer runner while PostgreSQL is away for 10 s with a backlog queued', () => {
  let postgres: PrivateServer;
  let db: TestDatabase;
  let pool: pg.Pool;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const schema = 'svc';
  const namespace = testNamespace();
  const stream = `PGDOWN_${namespace}`;

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    db = await createTestDatabase('jiandu_msg', postgres.url);
    await openConsumerSchema(db.pool(), schema);
    // Like the runtime's pool: bounded acquisition, and a dropped connection is not fatal.
    pool = new pg.Pool({ connectionString: db.url, max: 4, connectionTimeoutMillis: 1_000 });
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
    nc = await connect({ servers: SHARED_NATS });
    jsm = await jetstreamManager(nc);
    await ensureStream(jsm, { name: stream, namespace });
  }, 60_000);
  afterAll(async () => {
    await jsm?.streams.delete(stream);
    await nc?.close();
    await pool?.end().catch(() => undefined);
    await db
      ?.pool()
      .end()
      .catch(() => undefined);
    await postgres?.stop();
  });

  it('keeps every message for the return of the database, applies each once, none parked, resuming within seconds', async () => {
    const durable = `pgdown-${namespace}`;
    const N = 600;
    const ids: string[] = [];
    for (let n = 0; n < N; n++) ids.push(await publishEvent(nc, namespace, { data: { n } }));
    const slowEffect = recordEffect(schema, durable);
    const runner = await startConsumer({
      nc,
      pool,
      schema,
      registry: testRegistry(),
      logger: testLogger(),
      namespace,
      spec: {
        stream,
        durable,
        filterSubjects: ['jiandu.evt.>'],
        maxDeliver: 4, // a few deliveries only: an outage must not use them up
        handle: async (event, tx) => {
          await sleep(5);
          await slowEffect(event, tx);
        },
      },
    });
    const probe = new pg.Pool({ connectionString: db.url, max: 1 });
    probe.on('error', () => undefined);
    const applied = async () =>
      (await probe.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${schema}.effects`)).rows[0]?.n ?? 0;
    try {
      await eventually(async () => (await applied()) >= 50, { timeoutMs: 20_000, intervalMs: 10 });
      await postgres.down();
      await sleep(10_000);
      await postgres.restart();
      const upAt = Date.now();
      const atReturn = await eventually(() => applied(), { timeoutMs: 10_000 });
      expect(atReturn).toBeLessThan(N);
      await eventually(async () => (await applied()) > atReturn, { timeoutMs: 150_000, intervalMs: 20 });
      const resumedS = (Date.now() - upAt) / 1000;
      console.log(
        `PostgreSQL down 10 s: consumer applying again ${resumedS.toFixed(2)} s after its return (${N - atReturn} left)`,
      );
      await eventually(async () => (await applied()) === N, { timeoutMs: 120_000 });
      const counts = await effectCounts(probe, schema, durable);
      expect(ids.map((id) => counts.get(id))).toEqual(ids.map(() => 1));
      expect(await deadLetters(probe, schema, durable)).toEqual([]);
      expect(resumedS).toBeLessThan(5);
    } finally {
      await runner.stop();
      await probe.end();
    }
  }, 240_000);
});
