// A consumer service in a process of its own, for the crash test: FAILPOINT in its environment
// kills it for real between the commit and the ack.
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { startConsumer } from '../src/consumer.js';
import { recordEffect } from './consumer-fixtures.js';
import { testLogger, testRegistry } from './fixtures.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const pool = new pg.Pool({ connectionString: env('PG_URL'), max: 2 });
const nc = await connect({ servers: env('NATS_URL') });
const schema = env('SCHEMA');
const durable = env('DURABLE');
const runner = await startConsumer({
  nc,
  pool,
  schema,
  registry: testRegistry(),
  logger: testLogger(),
  namespace: env('NAMESPACE'),
  spec: {
    stream: env('STREAM'),
    durable,
    filterSubjects: ['jiandu.evt.>'],
    maxDeliver: 5,
    ackWaitMs: 1_000,
    backoffMs: [50, 100],
    handle: recordEffect(schema, durable),
  },
}); // failpoints: FAILPOINT from the environment
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void runner
    .stop()
    .then(() => nc.close())
    .then(() => pool.end())
    .then(() => process.exit(0));
});
