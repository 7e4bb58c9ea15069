// ensureConsumer against the real nats-server: it updates a durable consumer's limits, and refuses
// to change its filter in place (nats-server 2.9 would skip the messages pending on it).
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ensureConsumer, ensureStream, withNamespace } from '../src/jetstream-setup.js';
import { testNamespace } from './fixtures.js';

const SHARED_NATS = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';

describe('ensureConsumer', () => {
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const namespace = testNamespace();
  const stream = `ENSURE_${namespace}`;
  const durable = `ensure-${namespace}`;
  const v1 = withNamespace(namespace, 'jiandu.evt.petitions.PetitionTransferred.v1');

  beforeAll(async () => {
    nc = await connect({ servers: SHARED_NATS });
    jsm = await jetstreamManager(nc);
    await ensureStream(jsm, { name: stream, namespace });
  });
  afterAll(async () => {
    await jsm.streams.delete(stream);
    await nc.close();
  });

  it('creates the durable consumer, then updates its limits in place', async () => {
    await ensureConsumer(jsm, stream, { durable, filterSubjects: [v1], maxDeliver: 5, ackWaitMs: 1_000, maxAckPending: 100 });
    const updated = await ensureConsumer(jsm, stream, {
      durable,
      filterSubjects: [v1],
      maxDeliver: 7,
      ackWaitMs: 2_000,
      maxAckPending: 100,
    });
    expect(updated.config).toMatchObject({ max_deliver: 7, filter_subject: v1 });
  });

  it('refuses to change its filter in place, naming the consumer, and leaves it as it was', async () => {
    const v2 = withNamespace(namespace, 'jiandu.evt.petitions.PetitionTransferred.v2');
    await expect(
      ensureConsumer(jsm, stream, { durable, filterSubjects: [v2], maxDeliver: 7, ackWaitMs: 2_000, maxAckPending: 100 }),
    ).rejects.toThrow(new RegExp(`durable consumer ${durable} .*new durable name`));
    expect((await jsm.consumers.info(stream, durable)).config.filter_subject).toBe(v1);
  });
});
