// bench:rebuild — `npm run rebuild -- analytics` at scale (issue 11): 1,000,000 public events of a
// realistic mix (bench/rebuild-data.ts: many units, five years) published on a stream of the
// bench's own, then rebuilt into the analytics read models of a database of its own, swap
// included. Baseline in the same run: the live consumers' path (each event in its own transaction
// with its inbox row, projectPublicEvent) on 5,000 events of the same mix, into a schema apart.
// The last line is `rebuild events/s: N`, with the target and the ratio to the baseline.
// BENCH_EVENTS (default 1,000,000), BENCH_UNITS (3,000), BENCH_BASELINE_EVENTS (5,000);
// BENCH_CPU_PROFILE=<file> writes a CPU profile of the rebuild alone (open it in Chrome DevTools).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { encodeEnvelope, toEnvelope } from '@jiandu/contracts';
import { withTransaction } from '@jiandu/event-store';
import { analyticsService } from '../services/analytics/src/main.js';
import { ledgerTableSql } from '../services/analytics/src/migrations.js';
import { projectPublicEvent } from '../services/analytics/src/reactors/on-public-events.reactor.js';
import { REGISTRY_TYPES } from '../services/analytics/src/projections/registry.projection.js';
import {
  plan,
  publishDataSet,
  rebuildDataSet,
  startBenchAnalytics,
  type BenchAnalytics,
  type DataSetShape,
} from './rebuild-data.js';

const TARGET = 20_000; // events/s, issue 11: 1M events in under a minute on the 2-core machine
const shape: DataSetShape = {
  events: Number(process.env.BENCH_EVENTS ?? 1_000_000),
  units: Number(process.env.BENCH_UNITS ?? 3_000),
  zones: 12,
};
const BASELINE_EVENTS = Number(process.env.BENCH_BASELINE_EVENTS ?? 5_000);

/** The consumers' path: each event decoded, then its inbox row and its projection in one transaction. */
async function baseline(bench: BenchAnalytics): Promise<number> {
  const pool = bench.harness.service.ctx.pool;
  const schema = 'analytics_baseline';
  await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  await pool.query(ledgerTableSql(schema));
  await pool.query(`CREATE TABLE ${schema}.inbox (LIKE analytics.inbox INCLUDING ALL)`);
  const registry = analyticsService({}).registry;
  const actor = { sub: 'u-bench', name: '测试干部', office: 'case-management' };
  let timed = 0;
  let started = 0;
  for (const e of plan({ ...shape, events: shape.units * 2 + shape.zones + BASELINE_EVENTS })) {
    const isRegistry = e.contract.service === 'case-management' && REGISTRY_TYPES.includes(e.contract.type);
    if (!isRegistry && started === 0) started = performance.now();
    const eventId = randomUUID();
    const envelope = toEnvelope(e.contract, e.data, {
      eventId,
      occurredAt: e.occurredAt,
      actor,
      correlationId: eventId,
      streamId: `bench-${eventId}`,
      streamVersion: 1,
    });
    const decoded = registry.decode(e.contract.subject, encodeEnvelope(envelope));
    if (!decoded.ok) throw new Error(`${decoded.reason}: ${decoded.detail}`);
    const env = decoded.envelope;
    await withTransaction(pool, async (tx) => {
      await tx.query(`INSERT INTO ${schema}.inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
        `analytics--${env.service}`,
        env.eventId,
      ]);
      await projectPublicEvent(tx, schema, {
        eventId: env.eventId,
        subject: e.contract.subject,
        service: env.service,
        type: env.type,
        version: decoded.contract.version,
        data: decoded.data as Record<string, unknown>,
        metadata: { actor: env.actor as never, correlationId: env.correlationId, occurredAt: env.occurredAt },
        streamId: env.streamId,
        streamVersion: env.streamVersion,
      });
    });
    if (!isRegistry) timed++;
  }
  const rate = timed / ((performance.now() - started) / 1000);
  await pool.query(`DROP SCHEMA ${schema} CASCADE`);
  return rate;
}

async function main(): Promise<void> {
  console.log(
    `bench:rebuild — ${shape.events.toLocaleString('en')} events, ${shape.units} units in ${shape.zones} zones, 2021–2025; ` +
      `${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}`,
  );
  const bench = await startBenchAnalytics('bench_rebuild');
  try {
    const published = await publishDataSet(bench, shape);
    console.log(
      `published: ${published.events} events in ${published.seconds.toFixed(1)} s (${Math.round(published.events / published.seconds)} events/s)`,
    );
    const base = await baseline(bench);
    console.log(
      `baseline (the consumers' path, one transaction an event, ${BASELINE_EVENTS} events): ${Math.round(base)} events/s`,
    );
    // BENCH_CPU_PROFILE=<file>: a CPU profile of the rebuild alone (not of the publishing).
    const profile = process.env.BENCH_CPU_PROFILE;
    const session = profile ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const rebuilt = await rebuildDataSet(bench);
    if (session && profile) {
      const { profile: taken } = await session.post('Profiler.stop');
      writeFileSync(profile, JSON.stringify(taken));
      session.disconnect();
    }
    const rate = rebuilt.events / rebuilt.seconds;
    console.log(
      `rebuild: ${rebuilt.events} events, ${rebuilt.rows} row versions, ${rebuilt.seconds.toFixed(1)} s, swap included`,
    );
    console.log(`ratio to the baseline: ${(rate / base).toFixed(1)}×`);
    console.log(
      `rebuild events/s: ${Math.round(rate)} (target ≥ ${TARGET.toLocaleString('en')}: ${rate >= TARGET ? 'met' : 'NOT met'})`,
    );
  } finally {
    await bench.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
