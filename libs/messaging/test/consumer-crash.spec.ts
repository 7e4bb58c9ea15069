import { createTestDatabase, eventually, type TestDatabase } from '@jiandu/testing';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureStream } from '../src/jetstream-setup.js';
import { effectCounts, openConsumerSchema, publishEvent } from './consumer-fixtures.js';
import { testNamespace } from './fixtures.js';

const SHARED_NATS = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
const SCHEMA = 'svc';
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** Runs test/consumer-process.ts under Node 24 with the TypeScript resolve hook. */
function consumerProcess(env: Record<string, string>): {
  child: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
} {
  const child = spawn(
    process.execPath,
    [
      '--experimental-transform-types',
      '--disable-warning=ExperimentalWarning',
      '--import',
      here('./ts-register.mjs'),
      here('./consumer-process.ts'),
    ],
    { env: { ...process.env, NODE_OPTIONS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

describe('Consumer runner in its own process', () => {
  let db: TestDatabase;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const namespace = testNamespace();
  const stream = `CONSUMER_PROC_${namespace}`;
  const durable = `proc-${namespace}`;

  beforeAll(async () => {
    db = await createTestDatabase('jiandu_msg');
    await openConsumerSchema(db.pool(), SCHEMA);
    nc = await connect({ servers: SHARED_NATS });
    jsm = await jetstreamManager(nc);
    await ensureStream(jsm, { name: stream, namespace });
  });
  afterAll(async () => {
    await jsm.streams.delete(stream);
    await nc.close();
    await db.drop();
  });

  describe('when FAILPOINT kills it after the commit and before the ack', () => {
    it('applies each effect exactly once after the restart', async () => {
      const ids: string[] = [];
      for (let n = 0; n < 5; n++) ids.push(await publishEvent(nc, namespace, { data: { n } }));
      const env = { PG_URL: db.url, NATS_URL: SHARED_NATS, SCHEMA, STREAM: stream, DURABLE: durable, NAMESPACE: namespace };

      const doomed = consumerProcess({ ...env, FAILPOINT: 'consumer-after-commit-before-ack' });
      const code = await doomed.exited;
      expect({ code, output: doomed.output() }).toMatchObject({ code: 86 });
      const afterCrash = await effectCounts(db.pool(), SCHEMA, durable);
      expect([...afterCrash.values()]).toEqual([1]); // committed, never acked

      const restarted = consumerProcess(env);
      try {
        await eventually(async () => (await effectCounts(db.pool(), SCHEMA, durable)).size === ids.length, { timeoutMs: 20_000 });
        const counts = await effectCounts(db.pool(), SCHEMA, durable);
        expect(ids.map((id) => counts.get(id))).toEqual([1, 1, 1, 1, 1]);
        await eventually(async () => (await jsm.consumers.info(stream, durable)).num_ack_pending === 0);
      } finally {
        restarted.child.kill('SIGTERM');
        await restarted.exited;
      }
      const counts = await effectCounts(db.pool(), SCHEMA, durable);
      expect(ids.map((id) => counts.get(id))).toEqual([1, 1, 1, 1, 1]);
    }, 60_000);
  });
});
