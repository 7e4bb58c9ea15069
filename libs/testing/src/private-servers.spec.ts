import { existsSync } from 'node:fs';
import pg from 'pg';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { testStreamName } from './names.js';
import { startPrivateNats } from './private-nats.js';
import { startPrivatePostgres } from './private-postgres.js';

describe('startPrivateNats', () => {
  it('keeps JetStream data across a kill and a restart on the same port', async () => {
    const nats = await startPrivateNats({ jetstream: true });
    try {
      const stream = testStreamName();
      let nc = await connect({ servers: nats.url });
      await (await jetstreamManager(nc)).streams.add({ name: stream, subjects: [`${stream}.>`] });
      const ack = await jetstream(nc).publish(`${stream}.a`, 'hello', { msgID: 'm1' });
      expect(ack.seq).toBe(1);
      await nc.close();

      await nats.kill();
      await nats.restart();

      nc = await connect({ servers: nats.url });
      const info = await (await jetstreamManager(nc)).streams.info(stream);
      expect(info.state.messages).toBe(1);
      await nc.close();
    } finally {
      await nats.stop();
    }
    expect(existsSync(nats.dir)).toBe(false);
  });
});

describe('startPrivatePostgres', () => {
  it('answers SELECT 1, keeps committed data across a kill and a restart, and cleans up', async () => {
    const postgres = await startPrivatePostgres();
    try {
      let client = new pg.Client({ connectionString: postgres.url });
      await client.connect();
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await client.query('CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)');
      await client.end();

      await postgres.kill();
      await postgres.restart();

      client = new pg.Client({ connectionString: postgres.url });
      await client.connect();
      expect((await client.query('SELECT id FROM kept')).rows).toEqual([{ id: 7 }]);
      await client.end();
    } finally {
      await postgres.stop();
    }
    expect(existsSync(postgres.dir)).toBe(false);
  });
});
