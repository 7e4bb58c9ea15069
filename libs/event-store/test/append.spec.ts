import pg from 'pg';
import { openEventStore, withTransaction, WrongExpectedVersionError } from '../src/index.js';
import type { EventStore, ExpectedVersion, NewEvent } from '../src/index.js';
import { createTempDatabase, sampleMetadata } from './temp-database.js';
import type { TempDatabase } from './temp-database.js';

const event = (type: string, n = 0): NewEvent => ({ type, data: { n }, metadata: sampleMetadata() });

let db: TempDatabase;
let store: EventStore;

beforeAll(async () => {
  db = await createTempDatabase();
  store = await openEventStore({ pool: db.pool, schema: db.schemaName('append') });
});
afterAll(() => db.drop());

/** Eight writers on their own connections, released together to maximise the race. */
async function raceEight(streamId: string, expected: ExpectedVersion): Promise<PromiseSettledResult<unknown>[]> {
  const clients = await Promise.all(Array.from({ length: 8 }, () => db.pool.connect()));
  try {
    return await Promise.allSettled(clients.map((client, i) => store.append(streamId, [event('Raced', i)], expected, client)));
  } finally {
    clients.forEach((client) => client.release());
  }
}

describe('append', () => {
  it('numbers a new stream from 1 and returns the last version', async () => {
    const result = await store.append('order-1', [event('A'), event('B'), event('C')], 'no-stream');
    expect(result).toEqual({ nextExpectedVersion: 3 });
    const read = await store.readStream('order-1');
    expect(read.map((e) => [e.version, e.type])).toEqual([
      [1, 'A'],
      [2, 'B'],
      [3, 'C'],
    ]);
    expect(read[0].prevHash).toBe('');
    expect(read[1].prevHash).toBe(read[0].hash);
  });

  it('reads a stream from a given version', async () => {
    const read = await store.readStream('order-1', 2);
    expect(read.map((e) => e.version)).toEqual([2, 3]);
  });

  it('rejects a stale expected version with the actual version', async () => {
    const failure = store.append('order-1', [event('D')], 2);
    await expect(failure).rejects.toBeInstanceOf(WrongExpectedVersionError);
    await expect(failure).rejects.toMatchObject({ streamId: 'order-1', expected: 2, actual: 3 });
  });

  it('rejects a batch with a stale expected version and appends none of it', async () => {
    const failure = store.append('order-1', [event('D'), event('E')], 1);
    await expect(failure).rejects.toMatchObject({ streamId: 'order-1', expected: 1, actual: 3 });
    expect(await store.readStream('order-1')).toHaveLength(3);
  });

  it("rejects 'no-stream' on an existing stream and accepts 'any'", async () => {
    await expect(store.append('order-1', [event('D')], 'no-stream')).rejects.toBeInstanceOf(WrongExpectedVersionError);
    await expect(store.append('order-1', [event('D')], 'any')).resolves.toMatchObject({ nextExpectedVersion: 4 });
  });

  it("appends with 'any' when another process moved the stream past the head this store remembers", async () => {
    await store.append('stale-1', [event('First')], 'no-stream');
    const elsewhere = await openEventStore({ pool: db.pool, schema: store.schema });
    await elsewhere.append('stale-1', [event('Second')], 1);
    await expect(store.append('stale-1', [event('Third')], 'any')).resolves.toMatchObject({ nextExpectedVersion: 3 });
    await expect(store.verify('stale-1')).resolves.toEqual({ ok: true, checked: 3 });
  });

  it('keeps the appended events when the caller transaction commits, and drops them when it rolls back', async () => {
    await withTransaction(db.pool, (tx) => store.append('tx-1', [event('Kept')], 'no-stream', tx));
    await expect(
      withTransaction(db.pool, async (tx) => {
        await store.append('tx-2', [event('Dropped')], 'no-stream', tx);
        throw new Error('effect failed');
      }),
    ).rejects.toThrow('effect failed');
    expect(await store.readStream('tx-1')).toHaveLength(1);
    expect(await store.readStream('tx-2')).toHaveLength(0);
  });

  it('never chains onto an event whose transaction rolled back', async () => {
    await expect(
      withTransaction(db.pool, async (tx) => {
        await store.append('tx-3', [event('Dropped')], 'no-stream', tx);
        throw new Error('effect failed');
      }),
    ).rejects.toThrow('effect failed');
    await expect(store.append('tx-3', [event('Next')], 1)).rejects.toMatchObject({ actual: 0 });
  });

  it('lets exactly one of 8 concurrent writers with the same expected version win', async () => {
    await store.append('race-1', [event('Start')], 'no-stream');
    const results = await raceEight('race-1', 1);
    const wins = results.filter((r) => r.status === 'fulfilled');
    const losses = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(wins).toHaveLength(1);
    expect(losses).toHaveLength(7);
    losses.forEach((loss) => expect(loss.reason).toBeInstanceOf(WrongExpectedVersionError));
    expect((await store.readStream('race-1')).map((e) => e.version)).toEqual([1, 2]);
  });

  it("lets exactly one of 8 concurrent 'no-stream' writers create the stream", async () => {
    const results = await raceEight('race-2', 'no-stream');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    results
      .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
      .forEach((loss) => expect(loss.reason).toBeInstanceOf(WrongExpectedVersionError));
    expect(await store.readStream('race-2')).toHaveLength(1);
  });

  it("serialises 8 concurrent 'any' writers without losing or duplicating a version", async () => {
    const results = await raceEight('race-3', 'any');
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect((await store.readStream('race-3')).map((e) => e.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("serialises 'any' writers whose transactions stay open after the append", async () => {
    const writers = Array.from({ length: 4 }, (_, i) =>
      withTransaction(db.pool, async (tx) => {
        await store.append('race-4', [event('Slow', i)], 'any', tx);
        await tx.query('SELECT pg_sleep(0.05)');
      }),
    );
    await Promise.all(writers);
    expect((await store.readStream('race-4')).map((e) => e.version)).toEqual([1, 2, 3, 4]);
  });

  it('maps a UNIQUE(stream_id, version) violation in a snapshot transaction to WrongExpectedVersionError', async () => {
    await store.append('race-5', [event('Start')], 'no-stream');
    const slow = new pg.Client({ connectionString: db.url });
    await slow.connect();
    try {
      await slow.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await slow.query('SELECT 1'); // takes the snapshot before the other writer commits
      await store.append('race-5', [event('Other')], 1);
      const failure = store.append('race-5', [event('Late')], 1, slow as unknown as pg.PoolClient);
      await expect(failure).rejects.toBeInstanceOf(WrongExpectedVersionError);
    } finally {
      await slow.query('ROLLBACK').catch(() => undefined);
      await slow.end();
    }
  });

  it('refuses an empty batch', async () => {
    await expect(store.append('empty', [], 'any')).rejects.toThrow(RangeError);
  });
});
