import { openEventStore } from '../src/index.js';
import type { EventStore, NewEvent } from '../src/index.js';
import { createTempDatabase, sampleMetadata } from './temp-database.js';
import type { TempDatabase } from './temp-database.js';

const events = (count: number): NewEvent[] =>
  Array.from({ length: count }, (_, n) => ({ type: 'Noted', data: { n, text: `第${n}条` }, metadata: sampleMetadata() }));

let db: TempDatabase;
let store: EventStore;

beforeAll(async () => {
  db = await createTempDatabase(4);
  store = await openEventStore({ pool: db.pool, schema: db.schemaName('verify') });
  await store.append('case-a', events(3), 'no-stream');
  await store.append('case-b', events(4), 'no-stream');
  await store.append('case-a', events(2), 3);
});
afterAll(() => db.drop());

describe('verify', () => {
  it('accepts an intact log and counts every event', async () => {
    await expect(store.verify()).resolves.toEqual({ ok: true, checked: 9 });
    await expect(store.verify('case-b')).resolves.toEqual({ ok: true, checked: 4 });
  });

  it('accepts chains hashed in SQL, when the store has not seen the stream head', async () => {
    const fresh = () => openEventStore({ pool: db.pool, schema: store.schema }); // empty head cache
    await (await fresh()).append('case-c', events(1), 'no-stream');
    await (await fresh()).append('case-c', events(1), 1); // one event, head read in SQL
    await (await fresh()).append('case-c', events(3), 2); // batch function, head read in SQL
    await (await fresh()).append('case-c', events(2), 'any');
    await expect(store.verify('case-c')).resolves.toEqual({ ok: true, checked: 7 });
    await db.pool.query(`DELETE FROM ${store.schema}.events WHERE stream_id = 'case-c'`);
  });

  describe('when a superuser rewrites the data of one stored event', () => {
    beforeAll(async () => {
      await db.pool.query(
        `UPDATE ${store.schema}.events SET data = jsonb_set(data, '{text}', '"tampered"') WHERE stream_id = 'case-b' AND version = 3`,
      );
    });

    it('names that stream and version as the first broken link', async () => {
      const { rows } = await db.pool.query(
        `SELECT position FROM ${store.schema}.events WHERE stream_id = 'case-b' AND version = 3`,
      );
      const result = await store.verify();
      expect(result).toEqual({
        ok: false,
        checked: 9,
        brokenAt: {
          streamId: 'case-b',
          version: 3,
          position: BigInt(rows[0].position),
          reason: 'hash does not match the event content',
        },
      });
    });

    it('still accepts the untouched streams', async () => {
      await expect(store.verify('case-a')).resolves.toEqual({ ok: true, checked: 5 });
    });
  });

  describe('when an event is deleted from the middle of a stream', () => {
    it('reports the gap at the next version', async () => {
      await db.pool.query(`DELETE FROM ${store.schema}.events WHERE stream_id = 'case-a' AND version = 2`);
      const result = await store.verify('case-a');
      expect(result).toMatchObject({ ok: false, brokenAt: { streamId: 'case-a', version: 3, reason: 'version 3 follows 1' } });
    });
  });

  describe('when a row is written around append() with values append() never writes', () => {
    // Copies of a real row, so only the stream id or the version is wrong.
    const forge = (streamId: string, version: number) =>
      db.pool.query(
        `INSERT INTO ${store.schema}.events (stream_id, version, event_id, type, schema_version, data, metadata, prev_hash, hash)
         SELECT $1, $2, gen_random_uuid(), type, schema_version, data, metadata, prev_hash, hash
           FROM ${store.schema}.events WHERE stream_id = 'case-b' AND version = 1`,
        [streamId, version],
      );

    // The table has no CHECKs for these (docs/adr/0008-no-check-constraints-on-events.md): append()
    // never writes such a row, and the verifier names one written around it.
    it('names an empty stream id or a version below 1 as a broken link', async () => {
      try {
        await forge('', 1);
        await expect(store.verify('')).resolves.toMatchObject({
          ok: false,
          brokenAt: { streamId: '', reason: 'empty stream id' },
        });
        await forge('case-z', 0);
        await expect(store.verify('case-z')).resolves.toMatchObject({
          ok: false,
          brokenAt: { streamId: 'case-z', version: 0, reason: 'version 0 follows 0' },
        });
        await forge('case-y', -3);
        const whole = await store.verify();
        expect(whole.ok).toBe(false);
      } finally {
        await db.pool.query(`DELETE FROM ${store.schema}.events WHERE stream_id IN ('', 'case-z', 'case-y')`);
      }
    });

    it('is refused for an empty stream id before anything is sent', async () => {
      await expect(store.append('', [{ type: 'Noted', data: {}, metadata: sampleMetadata() }], 'no-stream')).rejects.toThrow(
        RangeError,
      );
    });
  });
});
