import type pg from 'pg';
import { appRolePool, openEventStore, sealLog } from '../src/index.js';
import type { PostgresEventStore } from '../src/index.js';
import { createTempDatabase, sampleMetadata } from './temp-database.js';
import type { TempDatabase } from './temp-database.js';

let db: TempDatabase;
let admin: PostgresEventStore;
let appPool: pg.Pool;
let store: PostgresEventStore;

beforeAll(async () => {
  db = await createTempDatabase(4);
  const schema = db.schemaName('roles');
  const migrations = [{ id: 'svc/001-inbox', sql: 'CREATE TABLE {{schema}}.inbox (message_id text PRIMARY KEY, note text)' }];
  admin = await openEventStore({ pool: db.pool, schema, migrations });
  appPool = appRolePool({ connectionString: db.url, max: 2 }, admin.appRole);
  // pool.end() resolves while sockets still close; the drop's FORCE may reach one of them.
  appPool.on('error', () => undefined);
  store = await openEventStore({ pool: db.pool, schema, migrations, runtimePool: appPool });
});
afterAll(async () => {
  await appPool.end();
  await db.drop();
});

describe('the runtime role <schema>_app', () => {
  it('runs every pooled session as the app role', async () => {
    const { rows } = await appPool.query('SELECT current_user');
    expect(rows[0].current_user).toBe(`${store.schema}_app`);
  });

  it('appends, reads and checkpoints', async () => {
    await store.append('s-1', [{ type: 'Opened', data: {}, metadata: sampleMetadata() }], 'no-stream');
    expect(await store.readStream('s-1')).toHaveLength(1);
    const client = await appPool.connect();
    try {
      await store.saveCheckpoint('relay', { txid: 5n, position: 1n }, client);
      await store.saveCheckpoint('relay', { txid: 6n, position: 2n }, client);
    } finally {
      client.release();
    }
    await expect(store.loadCheckpoint('relay')).resolves.toEqual({ txid: 6n, position: 2n });
  });

  it.each([
    ['UPDATE', "UPDATE {{schema}}.events SET type = 'Forged'"],
    ['DELETE', 'DELETE FROM {{schema}}.events'],
    ['TRUNCATE', 'TRUNCATE {{schema}}.events'],
  ])('is denied %s on the events table', async (_verb, sql) => {
    await expect(appPool.query(sql.replace('{{schema}}', store.schema))).rejects.toMatchObject({ code: '42501' });
  });

  it.each([
    ['UPDATE', 'UPDATE {{schema}}.seals SET events = 0'],
    ['DELETE', 'DELETE FROM {{schema}}.seals'],
    ['TRUNCATE', 'TRUNCATE {{schema}}.seals'],
  ])('is denied %s on the seals, and may add one', async (_verb, sql) => {
    await expect(appPool.query(sql.replace('{{schema}}', store.schema))).rejects.toMatchObject({ code: '42501' });
    await sealLog(appPool, store.schema); // INSERT is allowed
  });

  it('cannot rewrite the migrations record', async () => {
    await expect(appPool.query(`DELETE FROM ${store.schema}.migrations`)).rejects.toMatchObject({ code: '42501' });
  });

  it('has full read-write access to tables from service migrations', async () => {
    await appPool.query(`INSERT INTO ${store.schema}.inbox VALUES ('m-1', 'a')`);
    await appPool.query(`UPDATE ${store.schema}.inbox SET note = 'b'`);
    await appPool.query(`DELETE FROM ${store.schema}.inbox`);
  });
});
