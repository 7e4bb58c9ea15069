// bench:flow — the first flow end to end through the gateway, services as separate processes:
// petition registered, accepted, transferred, until its clue shows in the ledger.
// A fixed-rate run of DURATION_S (default 30 s), then a search for the highest sustainable rate.
// Baseline in the same run: the same gateway → NATS → service → PostgreSQL round trip doing
// nothing (a lookup by an unknown code), so the figures read as a ratio of plumbing cost.
import os from 'node:os';
import { clueIdOf, petitionBody, registerZonesAndUnits, tokens, type Tokens } from '../e2e/src/fixtures.js';
import { startSystem, type System } from '../e2e/src/system.js';

const RATE = Number(process.env.RATE ?? 10); // flows per second in the fixed-rate run
const DURATION_S = Number(process.env.DURATION_S ?? 30);
const STEP_S = Number(process.env.STEP_S ?? 10);

interface Sample {
  commandsMs: number[];
  visibleMs: number;
}

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const f = (n: number) => n.toFixed(1);

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
}

async function oneFlow(sys: System, t: Tokens, unitId: string): Promise<Sample> {
  const [created, registerMs] = await timed(() =>
    sys.api('POST', '/api/v1/petitions', t.petitionOffice, petitionBody(unitId, false)),
  );
  if (created.status !== 201) throw new Error(`register ${created.status}`);
  const id = created.body.id as string;
  const [accepted, acceptMs] = await timed(() => sys.api('POST', `/api/v1/petitions/${id}/accept`, t.petitionOffice));
  if (accepted.status !== 200) throw new Error(`accept ${accepted.status}`);
  const transferStart = performance.now();
  const transferred = await sys.api('POST', `/api/v1/petitions/${id}/transfer`, t.petitionOffice);
  const transferMs = performance.now() - transferStart;
  if (transferred.status !== 200) throw new Error(`transfer ${transferred.status}`);
  for (;;) {
    const res = await sys.api('GET', `/api/v1/clues/${clueIdOf(id)}`, t.caseManagement);
    if (res.status === 200)
      return { commandsMs: [registerMs, acceptMs, transferMs], visibleMs: performance.now() - transferStart };
    if (res.status !== 404) throw new Error(`clue ${res.status}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function runAt(sys: System, t: Tokens, rate: number, seconds: number) {
  const samples: Sample[] = [];
  let failures = 0;
  const flows: Promise<void>[] = [];
  const started = performance.now();
  const total = Math.round(rate * seconds);
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    flows.push(
      oneFlow(sys, t, i % 2 ? 'u-street' : 'u-bureau').then(
        (s) => void samples.push(s),
        () => void failures++,
      ),
    );
  }
  await Promise.all(flows);
  const elapsed = (performance.now() - started) / 1000;
  const commands = samples.flatMap((s) => s.commandsMs);
  const visible = samples.map((s) => s.visibleMs);
  return {
    rate,
    seconds: elapsed,
    flows: samples.length,
    failures,
    throughput: samples.length / elapsed,
    cmdP50: pct(commands, 50),
    cmdP99: pct(commands, 99),
    visP50: pct(visible, 50),
    visP99: pct(visible, 99),
  };
}

async function baseline(sys: System, n = 300): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) xs.push((await timed(() => sys.api('GET', '/api/v1/lookup/ZZZZ-ZZZZ-ZZZZ-ZZZZ')))[1]);
  return pct(xs, 50);
}

async function main() {
  // The baseline asks the lookup 300 times from one address: above the per-client limit.
  const sys = await startSystem({ LOG_LEVEL: 'warn', LOOKUP_RATE_LIMIT: '1000000' });
  try {
    const t = await tokens(sys);
    await registerZonesAndUnits(sys, t);
    await runAt(sys, t, 5, 2); // warm-up
    const base = await baseline(sys);
    console.log(
      `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    );
    console.log(`baseline: no-op request through gateway → NATS → service → PostgreSQL, p50 ${f(base)} ms`);

    const fixed = await runAt(sys, t, RATE, DURATION_S);
    console.log(`\nfixed rate ${RATE} flows/s (${RATE * 3} commands/s) for ${f(fixed.seconds)} s:`);
    console.log(`  completed ${fixed.flows} flows, ${fixed.failures} failed, throughput ${f(fixed.throughput)} flows/s`);
    console.log(
      `  command latency p50 ${f(fixed.cmdP50)} ms, p99 ${f(fixed.cmdP99)} ms (p50 = ${f(fixed.cmdP50 / base)}× baseline)`,
    );
    console.log(`  clue visible after transfer p50 ${f(fixed.visP50)} ms, p99 ${f(fixed.visP99)} ms`);

    // Sustainable: every flow completes, throughput keeps up with the offered rate, and the clue
    // shows within a second at p99.
    console.log('\nsearching the maximum sustainable rate:');
    let best = 0;
    for (const rate of [10, 20, 30, 40, 60, 80, 120]) {
      const r = await runAt(sys, t, rate, STEP_S);
      const ok = r.failures === 0 && r.throughput >= rate * 0.95 && r.visP99 < 1000;
      console.log(
        `  ${String(rate).padStart(4)} flows/s: throughput ${f(r.throughput)}, cmd p99 ${f(r.cmdP99)} ms, visible p99 ${f(r.visP99)} ms, failures ${r.failures} → ${ok ? 'sustained' : 'not sustained'}`,
      );
      if (!ok) break;
      best = rate;
    }
    console.log(`\nmax sustainable rate: ${best} flows/s (${best * 3} commands/s)`);
  } finally {
    await sys.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
