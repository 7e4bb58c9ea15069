// bench:analytics — the analysts' queries on the bench:rebuild data set (issue 11: "queries stay
// fast on province-sized data"): the data set published and rebuilt as bench:rebuild does, then
// each query asked ROUNDS times in turn over NATS request/reply as the gateway asks it (after a
// warm-up), p50 and p99 printed. The targets come last: p99 < 25 ms for a period statistic
// and for a ledger page. BENCH_EVENTS (default 1,000,000), BENCH_UNITS (3,000), BENCH_ROUNDS (200);
// BENCH_KEEP=1 keeps the database and the stream afterwards (their names on stderr), and
// BENCH_REUSE=<database url>,<stream> asks the queries of such a kept data set again.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { jetstreamManager } from '@nats-io/jetstream';
import { firstValueFrom, timeout } from 'rxjs';
import type { Actor } from '@jiandu/access';
import { analyticsOperations as ops, type ApiOperation } from '@jiandu/contracts';
import { natsClientProxy, withNamespace } from '@jiandu/messaging';
import { tokenOf, type RpcReply } from '@jiandu/runtime';
import { publishDataSet, rebuildDataSet, startBenchAnalytics, type BenchAnalytics, type DataSetShape } from './rebuild-data.js';

const TARGET_P99_MS = 25;
const shape: DataSetShape = {
  events: Number(process.env.BENCH_EVENTS ?? 1_000_000),
  units: Number(process.env.BENCH_UNITS ?? 3_000),
  zones: 12,
};
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const analyst = { sub: 'u-bench', name: '测试干部', office: 'case-management', roles: ['staff'], zones: [] };

const QUERIES: { kind: 'statistic' | 'ledger page'; name: string; operation: ApiOperation; payload: object }[] = [
  {
    kind: 'statistic',
    name: '案管 quarterly 2024-Q2 by zone',
    operation: ops.readStatistics,
    payload: { series: 'case-management-quarterly', period: '2024-Q2', by: 'zone' },
  },
  {
    kind: 'statistic',
    name: '信访 monthly 2024-06',
    operation: ops.readStatistics,
    payload: { series: 'petitions-monthly', period: '2024-06' },
  },
  {
    kind: 'statistic',
    name: 'supervision quarterly 2023-Q4 by office',
    operation: ops.readStatistics,
    payload: { series: 'supervision-quarterly', period: '2023-Q4', by: 'office' },
  },
  { kind: 'ledger page', name: 'clues, page 1', operation: ops.readLedger, payload: { ledger: 'clues' } },
  {
    kind: 'ledger page',
    name: 'clues of a zone, newest first, page 5',
    operation: ops.readLedger,
    payload: { ledger: 'clues', zoneId: 'z3', order: 'desc', page: 5 },
  },
  {
    kind: 'ledger page',
    name: 'petitions as of 2023-06-30, page 1',
    operation: ops.readLedger,
    payload: { ledger: 'petitions', asOf: '2023-06-30T16:00:00Z' },
  },
];

const pct = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

async function main(): Promise<void> {
  console.log(
    `bench:analytics — ${shape.events.toLocaleString('en')} events, ${shape.units} units in ${shape.zones} zones; ${ROUNDS} rounds a query; ` +
      `${os.cpus().length} cores, load ${os.loadavg()[0]?.toFixed(1)}, Node ${process.version}`,
  );
  const [url, stream] = (process.env.BENCH_REUSE ?? '').split(',');
  const reuse = url && stream ? { url, stream } : undefined;
  const bench = await startBenchAnalytics('bench_analytics', reuse);
  let service: { namespace: string; stop(): Promise<void> } | undefined;
  try {
    if (reuse) console.log(`data set: kept by an earlier run (${reuse.stream})`);
    else {
      const published = await publishDataSet(bench, shape);
      const rebuilt = await rebuildDataSet(bench);
      console.log(
        `data set: ${published.events} events published, rebuilt into ${rebuilt.rows} row versions in ${rebuilt.seconds.toFixed(1)} s`,
      );
    }
    // What `npm run rebuild` does after the swap (and autovacuum after any large load): the
    // visibility map, without which a count reads the heap.
    const vacuumed = performance.now();
    await bench.database.pool().query('VACUUM (ANALYZE) analytics.ledger_rows, analytics.ledger_steps, analytics.inbox');
    console.log(
      `VACUUM (ANALYZE) analytics.ledger_rows, ledger_steps and inbox, as npm run rebuild does after the swap: ${((performance.now() - vacuumed) / 1000).toFixed(1)} s`,
    );
    // The service asked is a process of its own (bench/analytics-service.ts), as in production:
    // not this one, which has just published and folded a million events.
    service = await startServiceProcess(bench);
    const proxy = natsClientProxy(process.env.NATS_URL ?? 'nats://127.0.0.1:4222');
    await proxy.connect();
    // One token for every call, as an analyst's session sends the same token with each request
    // (signing one per call would time the bench's own HMAC and its garbage).
    const token = await tokenOf(ops.readStatistics, analyst);
    const worst: Record<string, number> = {};
    for (const q of QUERIES) {
      const request = { actor: analyst as Actor, token, correlationId: randomUUID(), payload: q.payload };
      const subject = withNamespace(service.namespace, q.operation.subject);
      const ask = async () => {
        const sent = { ...request, correlationId: randomUUID() };
        const reply = await firstValueFrom(proxy.send<RpcReply>(subject, sent).pipe(timeout(60_000)));
        if (!reply.ok) throw new Error(`${q.name}: ${JSON.stringify(reply.error)}`);
      };
      for (let i = 0; i < 10; i++) await ask();
      const times: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const start = performance.now();
        await ask();
        times.push(performance.now() - start);
        // BENCH_TRACE=1: each answer slower than 15 ms, with its instant (to set beside node --trace-gc).
        if (process.env.BENCH_TRACE && performance.now() - start > 15) {
          console.error(`slow: ${q.name} ${(performance.now() - start).toFixed(1)} ms at ${(start / 1000).toFixed(2)} s`);
        }
      }
      const p99 = pct(times, 99);
      worst[q.kind] = Math.max(worst[q.kind] ?? 0, p99);
      console.log(
        `${q.kind.padEnd(11)} ${q.name.padEnd(42)} p50 ${pct(times, 50).toFixed(1)} ms  p95 ${pct(times, 95).toFixed(1)} ms  p99 ${p99.toFixed(1)} ms  max ${Math.max(...times).toFixed(1)} ms`,
      );
    }
    for (const kind of ['statistic', 'ledger page'] as const) {
      const p99 = worst[kind] ?? NaN;
      console.log(`p99 ${kind}: ${p99.toFixed(1)} ms (target < ${TARGET_P99_MS} ms: ${p99 < TARGET_P99_MS ? 'met' : 'NOT met'})`);
    }
    await proxy.close();
  } finally {
    await service?.stop();
    await bench.stop({ keep: process.env.BENCH_KEEP === '1' });
  }
}

/** The analytics service started as a process of its own on the bench's database, on a namespace and a stream of its own. */
async function startServiceProcess(bench: BenchAnalytics): Promise<{ namespace: string; stop(): Promise<void> }> {
  const namespace = `${bench.namespace}q`;
  const stream = namespace.toUpperCase();
  const child = spawn(process.execPath, [fileURLToPath(new URL('./analytics-service.js', import.meta.url))], {
    env: {
      ...process.env,
      DATABASE_URL: bench.database.url,
      JIANDU_NAMESPACE: namespace,
      JIANDU_EVENT_STREAM: stream,
      HEALTH_PORT: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the analytics service did not start within 60 s')), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`the analytics service exited (${code})`)));
  });
  return {
    namespace,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      const jsm = await jetstreamManager(bench.harness.service.ctx.nc);
      await jsm.streams.delete(stream).catch(() => undefined);
    },
  };
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
