// The rebuild loads a current version early once it has been idle for a while (of the stream's
// time), and writes it again at the end if it changed after all. Whatever the batch size and the
// idle horizon, the read models it swaps in must be the same: this compares a rebuild that loads
// every current version only at the end with rebuilds that load early (every current version at
// every write, and a 30-day horizon), on the bench's five-year data set (bench/rebuild-data.ts).
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
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

const snapshot = async () => {
  const pool = bench.database.pool();
  const versions = await pool.query(
    `SELECT ledger, item_id, valid_from, valid_to, state, unit_id, zone_id, office, category, source, kind,
            opened_at, updated_at, due_on, closed_on, active_from, active_to, row
       FROM analytics.ledger_rows ORDER BY ledger, item_id, valid_from`,
  );
  // The steps are loaded with the versions (those of a version current when written, put right
  // when it changes after): they must be the current versions' steps, whatever was loaded when.
  const steps = await pool.query(
    `SELECT series, day::text, name, n, ledger, item_id, unit_id, zone_id, office, category
       FROM analytics.ledger_steps ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10`,
  );
  const made = await pool.query(
    `SELECT split_part(figure, ':', 1) AS series, day::text, substr(figure, strpos(figure, ':') + 1) AS name, n,
            ledger, item_id, unit_id, zone_id, office, category
       FROM (SELECT unnest(step_days) AS day, unnest(step_figures) AS figure, unnest(step_counts) AS n,
                    ledger, item_id, unit_id, zone_id, office, category
               FROM analytics.ledger_rows WHERE valid_to IS NULL) s
      ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10`,
  );
  expect(steps.rows).toEqual(made.rows);
  return { versions: versions.rows, steps: steps.rows };
};

async function rebuild(options: Pick<RebuildOptions, 'batch' | 'idleDays' | 'phase'>) {
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
  expect(reference.versions.length).toBe(atEnd.rows);
  expect(new Set(reference.versions.map((r) => r.ledger)).size).toBeGreaterThan(4);
  expect(reference.steps.length).toBeGreaterThan(100);

  // Every current version loaded at every write of 50 rows: some change after being loaded (the
  // data set's items run their course one after the other, so only those in progress at a write).
  const eager = await rebuild({ batch: 50, idleDays: 0 });
  expect(eager.rewritten).toBeGreaterThan(5);
  expect(eager.rows).toBe(atEnd.rows);
  expect(await snapshot()).toEqual(reference);

  // A write after every event that closes a version: an item's version loaded, closed, and its
  // next version loaded by a later write, so the item's steps are written again from a version
  // that did not change itself.
  const everyEvent = await rebuild({ batch: 1, idleDays: 0 });
  expect(everyEvent.rewritten).toBeGreaterThan(eager.rewritten);
  expect(await snapshot()).toEqual(reference);

  // A 30-day horizon: few change after being loaded, and those few are put right.
  const horizon = await rebuild({ batch: 200, idleDays: 30 });
  expect(horizon.rewritten).toBeLessThanOrEqual(eager.rewritten);
  expect(await snapshot()).toEqual(reference);

  // The bench's own call (defaults) agrees too.
  await rebuildDataSet(bench);
  expect(await snapshot()).toEqual(reference);
}, 180_000);

it('folds an event the stream holds twice once, as the consumers’ inbox does', async () => {
  const { nc } = bench.harness.service.ctx;
  const before = await rebuild({});
  const reference = await snapshot();
  // A relay that published again after JetStream's dedup window: the same message a second time,
  // under a new sequence number (a message from the middle of the stream, so later events follow it).
  const jsm = await jetstreamManager(nc);
  const { state } = await jsm.streams.info(bench.stream);
  const message = await jsm.streams.getMessage(bench.stream, { seq: Math.floor(state.last_seq / 2) });
  if (!message) throw new Error('no message to publish again');
  // Without its Nats-Msg-Id: within the dedup window JetStream itself would drop it.
  const ack = await jetstream(nc).publish(message.subject, message.data);
  expect(ack.duplicate).toBe(false);
  const after = await rebuild({});
  expect(after.duplicates).toBe(1);
  expect(after.events).toBe(before.events + 1);
  expect(after.rows).toBe(before.rows);
  expect(await snapshot()).toEqual(reference);
}, 120_000);

it('swaps nothing in when the loaded shadow does not add up to the fold, and leaves the live read models as they were', async () => {
  await rebuild({});
  const live = await snapshot();
  const pool = bench.database.pool();
  // Between the load and the checks: one closed version closed a second late (a loader that wrote
  // a stale valid_to), then one version lost. Each must stop the rebuild before the swap.
  const tamperings = [
    `UPDATE analytics_shadow.ledger_rows SET valid_to = valid_to + interval '1 second'
      WHERE ctid = (SELECT ctid FROM analytics_shadow.ledger_rows WHERE valid_to IS NOT NULL LIMIT 1)`,
    `DELETE FROM analytics_shadow.ledger_rows WHERE ctid = (SELECT ctid FROM analytics_shadow.ledger_rows LIMIT 1)`,
  ];
  for (const tampering of tamperings) {
    await expect(
      rebuild({
        phase: async ({ name }) => {
          if (name === 'loaded') expect((await pool.query(tampering)).rowCount).toBe(1);
        },
      }),
    ).rejects.toThrow(/the shadow does not check/);
    expect(await snapshot()).toEqual(live);
    const shadow = await pool.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'analytics_shadow'`);
    expect(shadow.rowCount).toBe(0);
  }
}, 120_000);
