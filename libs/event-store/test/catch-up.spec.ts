// The Emmett 0.42 failure mode: positions are taken at insert, rows become visible at commit, so a
// reader that trusts positions skips late commits. readAll must deliver every event exactly once.
import { LOG_START, openEventStore, withTransaction } from '../src/index.js';
import type { EventStore, LogCursor, NewEvent, RecordedEvent } from '../src/index.js';
import { createTempDatabase, sampleMetadata } from './temp-database.js';
import type { TempDatabase } from './temp-database.js';

const TOTAL = 20_000;
const WRITERS = 8;
const STREAMS_PER_WRITER = 25;

let db: TempDatabase;
let store: EventStore;

beforeAll(async () => {
  db = await createTempDatabase(WRITERS + 4);
  store = await openEventStore({ pool: db.pool, schema: db.schemaName('catchup') });
});
afterAll(() => db.drop());

const batch = (size: number, writer: number): NewEvent[] =>
  Array.from({ length: size }, (_, i) => ({
    type: 'Filled',
    data: { writer, i, pad: 'x'.repeat(64) },
    metadata: sampleMetadata(),
  }));

let committed = 0;

/** Appends with a random delay before COMMIT, so commits land out of position order. */
async function writer(id: number, quota: number): Promise<void> {
  const versions = new Map<string, number>();
  let written = 0;
  while (written < quota) {
    const streamId = `w${id}-s${Math.floor(Math.random() * STREAMS_PER_WRITER)}`;
    const size = Math.min(quota - written, 1 + Math.floor(Math.random() * 5));
    const expected = versions.get(streamId) ?? 'no-stream';
    const result = await withTransaction(db.pool, async (tx) => {
      const appended = await store.append(streamId, batch(size, id), expected, tx);
      await tx.query('SELECT pg_sleep(random() * 0.006)');
      return appended;
    });
    versions.set(streamId, result.nextExpectedVersion);
    written += size;
    committed += size;
  }
}

async function readUntil(
  done: () => Promise<boolean>,
  read: (cursor: LogCursor) => Promise<{ events: RecordedEvent[]; cursor: LogCursor }>,
) {
  const seen: RecordedEvent[] = [];
  let cursor = LOG_START;
  for (;;) {
    const finished = await done(); // sampled before the read, so the last pass sees every commit
    const page = await read(cursor);
    seen.push(...page.events);
    cursor = page.cursor;
    if (page.events.length === 0) {
      if (finished) return seen;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }
}

describe('readAll under concurrent writers with random commit delays', () => {
  it('delivers every one of 20,000 events exactly once, each stream in version order', async () => {
    let writing = true;
    // Other test files share the cluster: one of their open transactions can hold the commit-safe
    // horizon below our last commit for a while. The reader is done once the horizon has passed
    // every transaction the writers committed, and a read after that comes back empty.
    const horizonPassedWriters = async () => {
      if (writing) return false;
      const { rows } = await db.pool.query<{ passed: boolean }>(
        `SELECT coalesce(max(txid) < pg_snapshot_xmin(pg_current_snapshot()), true) AS passed FROM ${store.schema}.events`,
      );
      return rows[0]!.passed;
    };
    const commitSafe = readUntil(horizonPassedWriters, (cursor) => store.readAll(cursor, 500));
    // The naive reader trusts the global position alone, as the broken stores do.
    const naive = readUntil(
      async () => !writing,
      async (cursor) => {
        const { rows } = await db.pool.query<{ position: string }>(
          `SELECT position::text FROM ${store.schema}.events WHERE position > $1 ORDER BY position LIMIT 500`,
          [cursor.position.toString()],
        );
        const events = rows.map((row) => ({ position: BigInt(row.position) }) as RecordedEvent);
        return { events, cursor: { txid: 0n, position: events.at(-1)?.position ?? cursor.position } };
      },
    );
    const started = Date.now();
    // A straggler takes its transaction id and position before the last tenth of the writes and
    // commits after all of them: a late commit with a lower position, the event a position reader
    // loses. (Not from the start: an open transaction holds back every reader on the cluster.)
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const writers = Promise.all(Array.from({ length: WRITERS }, (_, id) => writer(id, TOTAL / WRITERS)));
    while (committed < TOTAL * 0.9) await new Promise((resolve) => setTimeout(resolve, 5));
    const straggler = withTransaction(db.pool, async (tx) => {
      await store.append('straggler', batch(1, 99), 'no-stream', tx);
      await released;
    });
    await writers;
    setTimeout(release, 200);
    await straggler;
    writing = false;
    const [seen, naiveSeen] = await Promise.all([commitSafe, naive]);

    const positions = new Set(seen.map((event) => event.position));
    const stored = await db.pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${store.schema}.events`);
    const missing = Number(stored.rows[0].n) - positions.size;
    const duplicated = seen.length - positions.size;
    const lastVersion = new Map<string, number>();
    let outOfOrder = 0;
    for (const event of seen) {
      if (event.version !== (lastVersion.get(event.streamId) ?? 0) + 1) outOfOrder += 1;
      lastVersion.set(event.streamId, event.version);
    }
    console.log(
      `catch-up: written ${stored.rows[0].n}, read ${seen.length}, missing ${missing}, duplicated ${duplicated}, ` +
        `out of order ${outOfOrder}; naive position reader missed ${TOTAL + 1 - naiveSeen.length} (${Date.now() - started} ms)`,
    );
    expect(Number(stored.rows[0].n)).toBe(TOTAL + 1);
    const late = seen.find((event) => event.streamId === 'straggler');
    expect(late).toBeDefined();
    // It really committed late with a lower position: the position-only reader went past it.
    expect(Math.max(...seen.map((event) => Number(event.position)))).toBeGreaterThan(Number(late!.position));
    expect(naiveSeen.some((event) => event.position === late!.position)).toBe(false);
    expect({ missing, duplicated, outOfOrder }).toEqual({ missing: 0, duplicated: 0, outOfOrder: 0 });
  });
});
