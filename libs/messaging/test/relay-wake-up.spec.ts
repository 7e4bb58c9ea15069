// The relay's wake-up: with a poll interval far too long to matter, committed events still reach
// JetStream promptly: appended through the relay's own store object (in-process), or by a writer in
// "another process" (a second store object) through NOTIFY when the relay listens. Without either
// they arrive by polling.
import { openEventStore, withTransaction, type NewEvent, type PostgresEventStore } from '@jiandu/event-store';
import { createTestDatabase, eventually, startPrivatePostgres, type PrivateServer, type TestDatabase } from '@jiandu/testing';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { ensureStream } from '../src/jetstream-setup.js';
import { startRelay, type Relay, type RelayOptions } from '../src/relay.js';
import { PUBLIC_TYPE, SERVICE, streamMessageIds, testLogger, testNamespace } from './fixtures.js';

const SHARED_NATS = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
const LONG_POLL_MS = 10_000;

function publicEvent(): NewEvent {
  return {
    eventId: randomUUID(),
    type: PUBLIC_TYPE,
    data: { n: 1 },
    metadata: {
      actor: { sub: 'u1', name: 'Tester', office: 'xfs' },
      correlationId: randomUUID(),
      occurredAt: new Date().toISOString(),
    },
  };
}

describe('Relay wake-up', () => {
  // A PostgreSQL of its own: the commit-safe horizon is cluster-wide, and another test's open
  // transaction on the shared server would hold the relay back longer than these timings allow.
  let server: PrivateServer;
  let db: TestDatabase;
  let store: PostgresEventStore; // the relay's: appends through it wake the relay in-process
  let writer: PostgresEventStore; // another process's store on the same schema, notifying commits
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let relay: Relay | undefined;
  const streams: string[] = [];

  beforeAll(async () => {
    server = await startPrivatePostgres();
    db = await createTestDatabase('jiandu_wake', server.url);
    nc = await connect({ servers: SHARED_NATS });
    jsm = await jetstreamManager(nc);
  });
  beforeEach(async () => {
    const schema = `svc_${Math.random().toString(36).slice(2, 10)}`;
    store = await openEventStore({ pool: db.pool(), schema });
    writer = await openEventStore({ pool: db.pool(), schema, notifyCommits: true });
  });
  afterEach(async () => {
    await relay?.stop();
    relay = undefined;
  });
  afterAll(async () => {
    for (const s of streams) await jsm.streams.delete(s);
    await nc.close();
    await db.drop();
    await server.stop();
  });

  async function started(overrides: Partial<RelayOptions>): Promise<{ stream: string; logger: ReturnType<typeof testLogger> }> {
    const namespace = testNamespace();
    const stream = `RELAY_WAKE_${namespace}`;
    streams.push(stream);
    await ensureStream(jsm, { name: stream, namespace });
    const logger = testLogger();
    relay = startRelay({
      store,
      pool: db.pool(),
      nc,
      service: SERVICE,
      stream,
      namespace,
      publicTypes: [PUBLIC_TYPE],
      pollIntervalMs: LONG_POLL_MS,
      publishTimeoutMs: 1_000,
      logger,
      failpoints: () => undefined,
      ...overrides,
    });
    await relay.drained(); // the first (empty) read is done; from here on only a wake-up reads soon
    return { stream, logger };
  }

  /** ms until every id is in the stream. */
  async function arrival(stream: string, ids: string[], timeoutMs: number): Promise<number> {
    const t0 = performance.now();
    await eventually(async () => ids.every((id) => seen.has(id)) || (await refresh(stream), ids.every((id) => seen.has(id))), {
      timeoutMs,
      intervalMs: 20,
    });
    return performance.now() - t0;
  }
  const seen = new Set<string>();
  async function refresh(stream: string) {
    if ((await jsm.streams.info(stream)).state.messages === 0) return;
    for (const id of await streamMessageIds(nc, stream)) seen.add(id);
  }

  it('publishes an event appended in its own process within a second although the poll interval is 10 s', async () => {
    const { stream } = await started({});
    const single = publicEvent();
    await store.append(`thing-${randomUUID()}`, [single], 'no-stream');
    expect(await arrival(stream, [single.eventId!], 2_000)).toBeLessThan(1_000);
    // inside a caller's transaction: woken after its COMMIT
    const inTx = publicEvent();
    await withTransaction(db.pool(), (tx) => store.append(`thing-${randomUUID()}`, [inTx], 'no-stream', tx));
    expect(await arrival(stream, [inTx.eventId!], 2_000)).toBeLessThan(1_000);
  });

  it('publishes an event another process appended within a second through NOTIFY when it listens', async () => {
    const { stream } = await started({ listen: true });
    await new Promise((resolve) => setTimeout(resolve, 300)); // LISTEN is up
    const single = publicEvent();
    await writer.append(`thing-${randomUUID()}`, [single], 'no-stream');
    expect(await arrival(stream, [single.eventId!], 2_000)).toBeLessThan(1_000);
    const inTx = publicEvent();
    await withTransaction(db.pool(), (tx) => writer.append(`thing-${randomUUID()}`, [inTx], 'no-stream', tx));
    expect(await arrival(stream, [inTx.eventId!], 2_000)).toBeLessThan(1_000);
  });

  it('waits for an older open transaction (the commit-safe horizon), then publishes both on its commit', async () => {
    const { stream } = await started({});
    const older = publicEvent();
    const newer = publicEvent();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let appended!: () => void;
    const olderAppended = new Promise<void>((resolve) => (appended = resolve));
    const olderTx = withTransaction(db.pool(), async (tx) => {
      await store.append(`thing-${randomUUID()}`, [older], 'no-stream', tx);
      appended();
      await gate;
    });
    await olderAppended;
    await store.append(`thing-${randomUUID()}`, [newer], 'no-stream'); // wakes the relay, but is behind the horizon
    await new Promise((resolve) => setTimeout(resolve, 500));
    await refresh(stream);
    expect(seen.has(newer.eventId!)).toBe(false);
    release();
    await olderTx;
    expect(await arrival(stream, [older.eventId!, newer.eventId!], 2_000)).toBeLessThan(1_000);
  });

  it('reconnects its LISTEN connection after it is killed', async () => {
    const applicationName = `wake-${randomUUID().slice(0, 8)}`;
    const { stream, logger } = await started({
      listen: () => new pg.Client({ ...db.pool().options, application_name: applicationName }),
    });
    const killed = await eventually(
      async () =>
        (
          await db
            .pool()
            .query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [applicationName])
        ).rowCount,
      { timeoutMs: 5_000, intervalMs: 50 },
    );
    expect(killed).toBe(1);
    // back within the first backoff steps
    await eventually(
      async () =>
        (await db.pool().query('SELECT 1 FROM pg_stat_activity WHERE application_name = $1', [applicationName])).rowCount === 1,
      { timeoutMs: 5_000, intervalMs: 50 },
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const event = publicEvent();
    await writer.append(`thing-${randomUUID()}`, [event], 'no-stream');
    expect(await arrival(stream, [event.eventId!], 2_000)).toBeLessThan(1_000);
    expect(logger.lines.some((l) => l.level === 'warn' && /LISTEN/.test(l.msg ?? ''))).toBe(true);
  });

  it("still publishes another process's events by polling when it does not listen or LISTEN cannot connect", async () => {
    for (const listen of [false, () => new pg.Client({ host: '127.0.0.1', port: 1, connectionTimeoutMillis: 500 })]) {
      const { stream, logger } = await started({ listen, pollIntervalMs: 300 });
      const event = publicEvent();
      await writer.append(`thing-${randomUUID()}`, [event], 'no-stream');
      await arrival(stream, [event.eventId!], 3_000);
      if (listen !== false) expect(logger.lines.some((l) => l.level === 'warn' && /LISTEN/.test(l.msg ?? ''))).toBe(true);
      await relay!.stop();
      relay = undefined;
    }
  });
});
