// The rebuild loads a current version early once it has been idle for a while (of the stream's
// time), and writes it again at the end if it changed after all. Whatever the batch size and the
// idle horizon, the read models it swaps in must be the same: this compares a rebuild that loads
// every current version only at the end with rebuilds that load early (every current version at
// every write, and a 30-day horizon), on the bench's five-year data set (bench/rebuild-data.ts).
import { jetstreamManager } from '@nats-io/jetstream';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the bench's data set: five years of every kind of public event
import { publishDataSet, rebuildDataSet, startBenchAnalytics, type BenchAnalytics } from '../../../bench/rebuild-data.js';
import { analyticsService } from '../src/main.js';
import { rebuildAnalytics, type RebuildOptions } from '../src/rebuild.js';

let bench: BenchAnalytics;

beforeAll(async () => {
  bench = await startBenchAnalytics('an_early');
  await publishDataSet(bench, { events: 3_000, units: 30, zones: 3 });
}, 120_000);

afterAll(async () => {
  await bench?.stop();
});

const snapshot = async () =>
  (
    await bench.database.pool().query(
      `SELECT ledger, item_id, valid_from, valid_to, state, unit_id, zone_id, office, category, source, kind,
                opened_at, updated_at, due_on, closed_on, active_from, active_to, row
           FROM analytics.ledger_rows ORDER BY ledger, item_id, valid_from`,
    )
  ).rows;

async function rebuild(options: Pick<RebuildOptions, 'batch' | 'idleDays'>) {
  const { nc } = bench.harness.service.ctx;
  return rebuildAnalytics({
    pool: bench.database.pool(),
    nc,
    registry: analyticsService({}).registry,
    stream: bench.stream,
    namespace: bench.namespace,
    schema: 'analytics',
    ...options,
  });
}

it('swaps in the same read models whether current versions are loaded at the end or early and written again', async () => {
  const stream = await (await jetstreamManager(bench.harness.service.ctx.nc)).streams.info(bench.stream);
  expect(stream.state.messages).toBeGreaterThanOrEqual(3_000);

  // All at the end: no version written twice.
  const atEnd = await rebuild({ idleDays: 100_000 });
  expect(atEnd.rewritten).toBe(0);
  const reference = await snapshot();
  expect(reference.length).toBe(atEnd.rows);
  expect(new Set(reference.map((r) => r.ledger)).size).toBeGreaterThan(4);

  // Every current version loaded at every write of 50 rows: some change after being loaded (the
  // data set's items run their course one after the other, so only those in progress at a write).
  const eager = await rebuild({ batch: 50, idleDays: 0 });
  expect(eager.rewritten).toBeGreaterThan(5);
  expect(eager.rows).toBe(atEnd.rows);
  expect(await snapshot()).toEqual(reference);

  // A 30-day horizon: few change after being loaded, and those few are put right.
  const horizon = await rebuild({ batch: 200, idleDays: 30 });
  expect(horizon.rewritten).toBeLessThanOrEqual(eager.rewritten);
  expect(await snapshot()).toEqual(reference);

  // The bench's own call (defaults) agrees too.
  await rebuildDataSet(bench);
  expect(await snapshot()).toEqual(reference);
}, 180_000);
