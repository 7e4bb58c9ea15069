// The seal over the whole log: what the per-stream chains cannot see (a stream removed whole, a
// stream's tail cut off, events moved) breaks a seal, and the verifier names it.
import { openEventStore, sealAll, sealLog, verifySeals, withTransaction } from '../src/index.js';
import type { NewEvent, PostgresEventStore } from '../src/index.js';
import { createTempDatabase, sampleMetadata } from './temp-database.js';
import type { TempDatabase } from './temp-database.js';

const events = (count: number): NewEvent[] =>
  Array.from({ length: count }, (_, n) => ({ type: 'Noted', data: { n }, metadata: sampleMetadata() }));

let db: TempDatabase;

beforeAll(async () => {
  db = await createTempDatabase(8);
});
afterAll(() => db.drop());

async function freshStore(label: string): Promise<PostgresEventStore> {
  return openEventStore({ pool: db.pool, schema: db.schemaName(label) });
}

/** Seals until `total` events are sealed: another test's open transaction on the shared server may hold the horizon back for a moment. */
async function sealUntil(store: PostgresEventStore, total: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    await sealAll(db.pool, store.schema, 4);
    const result = await verifySeals(db.pool, store.schema);
    if (result.ok && result.sealedEvents === total) return;
    if (Date.now() > deadline) throw new Error(`sealed ${JSON.stringify(result)} of ${total}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('sealing the log', () => {
  it('covers every committed event once, in seals chained to each other', async () => {
    const store = await freshStore('seal_a');
    await store.append('a', events(3), 'no-stream');
    await store.append('b', events(6), 'no-stream');
    await sealUntil(store, 9);
    expect(await sealLog(db.pool, store.schema)).toBeUndefined(); // nothing new to seal
    await store.append('a', events(2), 3);
    await sealUntil(store, 11);
    const result = await verifySeals(db.pool, store.schema);
    expect(result).toMatchObject({ ok: true, sealedEvents: 11, unsealedEvents: 0 });
    expect(result.seals).toBeGreaterThanOrEqual(4); // at most 4 events per seal here: 4 + 4 + 1, then 2
    const { rows } = await db.pool.query(
      `SELECT seal_no::int AS n, encode(prev_seal, 'hex') AS prev, encode(hash, 'hex') AS hash FROM ${store.schema}.seals ORDER BY seal_no`,
    );
    expect(rows.map((r) => r.n)).toEqual(Array.from({ length: result.seals }, (_, i) => i + 1));
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev).toBe(rows[i - 1].hash);
  });

  it('does not seal past a transaction that is still open, then seals it once committed', async () => {
    const store = await freshStore('seal_b');
    await store.append('before', events(1), 'no-stream');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let appended!: () => void;
    const inside = new Promise<void>((resolve) => (appended = resolve));
    const open = withTransaction(db.pool, async (tx) => {
      await store.append('slow', events(1), 'no-stream', tx);
      appended();
      await gate;
    });
    await inside;
    await store.append('after', events(1), 'no-stream'); // committed, but behind the open one
    await sealAll(db.pool, store.schema);
    const during = await verifySeals(db.pool, store.schema);
    expect(during.ok && during.sealedEvents).toBeLessThanOrEqual(1);
    release();
    await open;
    await sealUntil(store, 3);
  });

  it('names no problem for the per-stream chains but breaks the seal when a whole stream is removed', async () => {
    const store = await freshStore('seal_c');
    await store.append('keep', events(2), 'no-stream');
    await store.append('victim', events(3), 'no-stream');
    await store.append('keep', events(2), 2);
    await sealUntil(store, 7);
    await db.pool.query(`DELETE FROM ${store.schema}.events WHERE stream_id = 'victim'`);
    await expect(store.verify()).resolves.toEqual({ ok: true, checked: 4 });
    const result = await verifySeals(db.pool, store.schema);
    expect(result).toMatchObject({
      ok: false,
      brokenAt: { reason: expect.stringMatching(/^it covers \d+ events, the log now holds \d+ in its range$/) },
    });
  });

  it('breaks the seal when the tail of a stream is cut off, or an event is moved to another position', async () => {
    const store = await freshStore('seal_d');
    await store.append('s', events(5), 'no-stream');
    await store.append('t', events(1), 'no-stream');
    await sealUntil(store, 6);
    await db.pool.query(`DELETE FROM ${store.schema}.events WHERE stream_id = 's' AND version = 5`);
    await expect(store.verify('s')).resolves.toEqual({ ok: true, checked: 4 });
    await expect(verifySeals(db.pool, store.schema)).resolves.toMatchObject({ ok: false });

    const moved = await freshStore('seal_e');
    await moved.append('s', events(2), 'no-stream');
    await sealUntil(moved, 2);
    await db.pool.query(`UPDATE ${moved.schema}.events SET position = position + 1000 WHERE version = 2`);
    await expect(moved.verify()).resolves.toMatchObject({ ok: true });
    await expect(verifySeals(db.pool, moved.schema)).resolves.toMatchObject({ ok: false, brokenAt: { sealNo: 1 } });
  });

  it('leaves gap-free seals when two sealers race', async () => {
    const store = await freshStore('seal_f');
    for (let i = 0; i < 10; i++) await store.append(`r-${i}`, events(5), 'no-stream');
    await Promise.all([sealAll(db.pool, store.schema, 7), sealAll(db.pool, store.schema, 7), sealAll(db.pool, store.schema, 3)]);
    await sealUntil(store, 50);
    const result = await verifySeals(db.pool, store.schema);
    expect(result).toMatchObject({ ok: true, sealedEvents: 50, unsealedEvents: 0 });
  });
});
