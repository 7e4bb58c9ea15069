import { openEventStore, type PostgresEventStore } from '@jiandu/event-store';
import { createTestDatabase, eventually, startPrivateNats, type PrivateServer, type TestDatabase } from '@jiandu/testing';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ensureStream } from '../src/jetstream-setup.js';
import { throwingFailpoint } from '../src/failpoints.js';
import { startRelay, type RelayOptions } from '../src/relay.js';
import type { RelayMetrics } from '../src/types.js';
import { randomUUID } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { ContractRegistry, defineEvent } from '@jiandu/contracts';
import {
  appendEvents,
  duplicates,
  missing,
  PUBLIC_TYPE,
  SERVICE,
  streamMessageIds,
  testLogger,
  testNamespace,
} from './fixtures.js';

const SHARED_NATS = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';

describe('Relay', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase('jiandu_msg');
  });
  // each scenario tails a store of its own
  beforeEach(async () => {
    store = await openEventStore({ pool: db.pool(), schema: `svc_${Math.random().toString(36).slice(2, 10)}` });
  });
  afterAll(async () => {
    await db.drop();
  });

  function relayOptions(nc: NatsConnection, stream: string, namespace: string, checkpointName: string): RelayOptions {
    return {
      store,
      pool: db.pool(),
      nc,
      service: SERVICE,
      stream,
      namespace,
      publicTypes: [PUBLIC_TYPE],
      checkpointName,
      pollIntervalMs: 20,
      publishTimeoutMs: 1_000,
      logger: testLogger(),
      failpoints: () => undefined,
    };
  }

  describe('when NATS is killed and restarted in the middle of publishing', () => {
    let nats: PrivateServer;
    let nc: NatsConnection;

    beforeAll(async () => {
      nats = await startPrivateNats();
      nc = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    });
    afterAll(async () => {
      await nc.close();
      await nats.stop();
    });

    it('publishes every public event exactly once, and no private one', async () => {
      const namespace = testNamespace();
      const stream = `RELAY_KILL_${namespace}`;
      await ensureStream(await jetstreamManager(nc), { name: stream, namespace });
      const { publicIds, privateIds } = await appendEvents(store, 5_000);
      const logger = testLogger();
      const relay = startRelay({ ...relayOptions(nc, stream, namespace, 'relay-kill'), logger });

      const jsm = await jetstreamManager(nc);
      const before = await eventually(
        async () => {
          const n = (await jsm.streams.info(stream)).state.messages;
          return n >= 1_000 && n;
        },
        { timeoutMs: 30_000, intervalMs: 5 },
      );
      await nats.kill(); // SIGKILL while publishes are in flight
      await new Promise((resolve) => setTimeout(resolve, 500));
      await nats.restart();
      await relay.drained();
      await relay.stop();

      const ids = await streamMessageIds(nc, stream);
      expect(duplicates(ids)).toEqual([]);
      expect(missing(publicIds, ids)).toEqual([]);
      expect(ids.filter((id) => privateIds.includes(id))).toEqual([]);
      expect(ids).toHaveLength(publicIds.length);
      // the kill really happened mid-way, and the relay really had to retry
      expect(before).toBeLessThan(publicIds.length);
      expect(logger.lines.some((l) => l.level === 'warn')).toBe(true);
    }, 120_000);
  });

  describe('when it dies between the publish and the checkpoint', () => {
    let nc: NatsConnection;
    let jsm: JetStreamManager;
    const streams: string[] = [];

    beforeAll(async () => {
      nc = await connect({ servers: SHARED_NATS });
      jsm = await jetstreamManager(nc);
    });
    afterAll(async () => {
      for (const s of streams) await jsm.streams.delete(s);
      await nc.close();
    });

    it('re-publishes the batch after the restart, and the stream keeps each event once', async () => {
      const namespace = testNamespace();
      const stream = `RELAY_FP_${namespace}`;
      streams.push(stream);
      await ensureStream(jsm, { name: stream, namespace });
      const { publicIds } = await appendEvents(store, 1_000, { offset: 10_000 });

      const crashing = startRelay({
        ...relayOptions(nc, stream, namespace, 'relay-fp'),
        batchSize: 300,
        failpoints: throwingFailpoint('relay-after-publish-before-checkpoint'),
      });
      await expect(crashing.done).rejects.toThrow('relay-after-publish-before-checkpoint');
      expect(await store.loadCheckpoint('relay-fp')).toEqual({ txid: 0n, position: 0n });
      const afterCrash = (await jsm.streams.info(stream)).state.messages;
      expect(afterCrash).toBeGreaterThan(0);

      const relay = startRelay({ ...relayOptions(nc, stream, namespace, 'relay-fp'), batchSize: 300 });
      await relay.drained();
      await relay.stop();

      const ids = await streamMessageIds(nc, stream);
      expect(duplicates(ids)).toEqual([]);
      expect(missing(publicIds, ids)).toEqual([]);
      expect(ids).toHaveLength(publicIds.length);
    });

    // petitions' PetitionRegistered: v1 was the service's private record (with the content), never
    // published; the public contract starts at v2. A listed type is public only at a version the
    // registry knows, so a re-publish from a reset checkpoint never sends the private v1.
    it('publishes a listed type only at a version its registry has a contract for', async () => {
      const namespace = testNamespace();
      const stream = `RELAY_VERSIONS_${namespace}`;
      streams.push(stream);
      await ensureStream(jsm, { name: stream, namespace });
      const v2 = defineEvent({ service: SERVICE, type: PUBLIC_TYPE, version: 2, schema: Type.Object({ n: Type.Integer() }) });
      const metadata = {
        actor: { sub: 'u1', name: 'Tester', office: 'xfs' },
        correlationId: randomUUID(),
        occurredAt: new Date().toISOString(),
      };
      const privateV1 = { eventId: randomUUID(), type: PUBLIC_TYPE, data: { n: 1, content: '私密内容' }, metadata };
      const publicV2 = { eventId: randomUUID(), type: PUBLIC_TYPE, schemaVersion: 2, data: { n: 2 }, metadata };
      await store.append(`thing-${randomUUID()}`, [privateV1, publicV2], 'no-stream');
      const relay = startRelay({
        ...relayOptions(nc, stream, namespace, 'relay-versions'),
        registry: new ContractRegistry().register(v2),
      });
      await relay.drained();
      await relay.stop();
      expect(await streamMessageIds(nc, stream)).toEqual([publicV2.eventId]);
    });

    it('reports each acked publish, by event type and with its lag, to the metrics hook', async () => {
      const namespace = testNamespace();
      const stream = `RELAY_METRICS_${namespace}`;
      streams.push(stream);
      await ensureStream(jsm, { name: stream, namespace });
      const { publicIds } = await appendEvents(store, 50, { offset: 20_000 });
      const published: [string, number][] = [];
      const failed: string[] = [];
      const metrics: RelayMetrics = {
        published: (type, lag) => published.push([type, lag]),
        failed: (reason) => failed.push(reason),
      };
      const relay = startRelay({ ...relayOptions(nc, stream, namespace, 'relay-metrics'), metrics });
      await relay.drained();
      await relay.stop();
      expect(published).toHaveLength(publicIds.length);
      expect(new Set(published.map(([type]) => type))).toEqual(new Set([PUBLIC_TYPE]));
      for (const [, lag] of published) expect(lag).toBeGreaterThanOrEqual(-1); // clocks of PostgreSQL and the test may differ slightly
      expect(failed).toEqual([]);
    });
  });
});
