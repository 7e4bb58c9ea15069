// Two replicas of a service, each with its own pool and store, watching the same database.
import pg from 'pg';
import { openEventStore, withTransaction, type PostgresEventStore } from '@jiandu/event-store';
import {
  deadlinesMigrations,
  getClock,
  startClock,
  startDeadlineWatcher,
  type DeadlineWatcher,
  type TickResult,
} from '../src/index.js';
import { chinaMorning, clockFixture, raisedTypes, replySpec, SCHEMA, type ClockFixture } from './clock-fixture.js';

const CLOCKS = 50;
const ROUNDS = 8;
const ids = Array.from({ length: CLOCKS }, (_, i) => `race-${String(i).padStart(2, '0')}`);

let fx: ClockFixture;
let otherPool: pg.Pool;
let otherStore: PostgresEventStore;
let today = '2026-09-25';
let replicas: DeadlineWatcher[];

beforeAll(async () => {
  fx = await clockFixture('deadlines_race');
  otherPool = new pg.Pool({ connectionString: fx.db.url, max: 5 });
  otherPool.on('error', () => undefined); // see clockFixture
  otherStore = await openEventStore({ pool: otherPool, schema: SCHEMA, migrations: deadlinesMigrations });
  await withTransaction(fx.db.pool(), async (tx) => {
    // Due dates spread over 2026-10-20 .. 2026-10-23: all within the 3-working-day lead on 10-20.
    for (const [i, id] of ids.entries()) await startClock(tx, fx.store, replySpec(id, '2026-09-25', 13 + (i % 4)));
  });
  const now = () => chinaMorning(today);
  // A small batch makes the replicas interleave over several claims per tick.
  replicas = [
    startDeadlineWatcher({ pool: fx.db.pool(), store: fx.store, schema: SCHEMA, service: 'supervision', now, batchSize: 7 }),
    startDeadlineWatcher({ pool: otherPool, store: otherStore, schema: SCHEMA, service: 'supervision', now, batchSize: 7 }),
  ];
});
afterAll(async () => {
  for (const replica of replicas) await replica.stop();
  await otherPool.end();
  await fx.drop();
});

/** Both replicas tick ROUNDS times at once; the sum of what they committed. */
async function raceOn(date: string): Promise<TickResult> {
  today = date;
  const results = await Promise.all(replicas.flatMap((replica) => Array.from({ length: ROUNDS }, () => replica.tick())));
  return results.reduce((sum, r) => ({ approaching: sum.approaching + r.approaching, breached: sum.breached + r.breached }));
}

describe('two watcher replicas racing on one database', () => {
  it('raise exactly one DeadlineApproaching per clock when all come within the lead window', async () => {
    expect(await raceOn('2026-10-20')).toEqual({ approaching: CLOCKS, breached: 0 });
    expect(await raceOn('2026-10-20')).toEqual({ approaching: 0, breached: 0 });
  });

  it('raise exactly one DeadlineBreached per clock once all are past due', async () => {
    expect(await raceOn('2026-10-26')).toEqual({ approaching: 0, breached: CLOCKS });
    expect(await raceOn('2026-10-30')).toEqual({ approaching: 0, breached: 0 });
  });

  it('leave each clock stream with one event of each type, and each row breached at version 3', async () => {
    for (const id of ids) {
      expect(await raisedTypes(fx.store, id)).toEqual(['DeadlineApproaching', 'DeadlineBreached']);
      expect(await getClock(fx.db.pool(), SCHEMA, id)).toMatchObject({ state: 'breached', streamVersion: 3 }); // ClockStarted first
    }
    const { rows } = await fx.db
      .pool()
      .query(`SELECT type, count(*)::int AS n FROM ${SCHEMA}.events GROUP BY type ORDER BY type`);
    expect(rows).toEqual([
      { type: 'ClockStarted', n: CLOCKS },
      { type: 'DeadlineApproaching', n: CLOCKS },
      { type: 'DeadlineBreached', n: CLOCKS },
    ]);
  });
});
