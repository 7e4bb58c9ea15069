// bench:load — capacity of the whole system under a mix of office work, at fixed arrival rates.
//
// The system runs as `npm start` runs it: scripts/start.mjs starts the four processes from dist/,
// here on a fresh database (jiandu_bench_<time>), JetStream stream and subject namespace, with
// LOG_LEVEL=warn. The load is an OPEN model: request i of a step is sent at start + i/rate whether
// or not earlier ones have answered, and its latency counts from that scheduled time, so a stall in
// the system (or in this generator) cannot hide itself (no coordinated omission).
//
// Env: BENCH_STEPS (requests/s, "50,100,…"), BENCH_STEP_SECONDS (20), BENCH_CONNECTIONS (512 keep-alive
// connections to the gateway at most), BENCH_PROFILE=1 (a CPU profile
// of every service, summarised at the end), BENCH_POSTGRES (postgres://postgres@127.0.0.1:5432),
// NATS_URL. The last line is the highest step sustained with p99 < 150 ms, errors < 0.1 % and at
// least 95 % of the target rate achieved.
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { signToken, type Actor } from '@jiandu/access';
import { startBenchSystem, type BenchSystem } from './load/system.js';
import { describe as describeCpu, snapshot } from './load/cpu.js';
import { printProfiles } from './load/profile.js';
import { MIX, pickOp, QUERIES, type Op } from './load/mix.js';

const STEPS = (process.env.BENCH_STEPS ?? '50,100,200,300,500,800,1200,1600')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const STEP_S = Number(process.env.BENCH_STEP_SECONDS ?? 20);
const PROFILE = !!process.env.BENCH_PROFILE && process.env.BENCH_PROFILE !== '0';
const POSTGRES_BASE = process.env.BENCH_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const P99_TARGET_MS = 150;
const ERROR_TARGET = 0.001;
// A step "clearly fails" (no further steps): p99 five times the target, or more than 5 % errors.
const FAIL_P99_MS = 5 * P99_TARGET_MS;
const FAIL_ERRORS = 0.05;
const WARMUP = { rate: 50, seconds: 5 };
const PAUSE_BETWEEN_STEPS_MS = 2_000;
const SOCKETS = Number(process.env.BENCH_CONNECTIONS ?? 512);

// ── the mix, by weight (per 100 requests): bench/load/mix.ts
const INQUIRY_SHARE = 0.75;

// ── the registry the run seeds: two cooperation zones, each with its supervision office, two units each
const ZONES = [
  { id: 'z1', name: '第一协作区', office: 'supervision-office-1' },
  { id: 'z2', name: '第二协作区', office: 'supervision-office-2' },
];
const UNITS = [
  { id: 'u-1', name: '某街道办事处', zoneId: 'z1', staffCount: 120, office: 1 },
  { id: 'u-2', name: '区教育局', zoneId: 'z1', staffCount: 300, office: 1 },
  { id: 'u-3', name: '区住建局', zoneId: 'z2', staffCount: 150, office: 2 },
  { id: 'u-4', name: '某镇政府', zoneId: 'z2', staffCount: 90, office: 2 },
] as const;

interface Tokens {
  petitionOffice: string;
  caseManagement: string;
  office: Record<1 | 2, string>;
  leadership: string;
}

async function makeTokens(secret: string): Promise<Tokens> {
  const sign = (a: Actor) => signToken(a, secret, '2h');
  return {
    petitionOffice: await sign({ sub: 'bench-po', name: '信访室干部', office: 'petition-office', roles: ['staff'], zones: [] }),
    caseManagement: await sign({ sub: 'bench-cm', name: '案管室干部', office: 'case-management', roles: ['staff'], zones: [] }),
    office: {
      1: await sign({ sub: 'bench-s1', name: '一室干部', office: 'supervision-office-1', roles: ['staff'], zones: ['z1'] }),
      2: await sign({ sub: 'bench-s2', name: '二室干部', office: 'supervision-office-2', roles: ['staff'], zones: ['z2'] }),
    },
    leadership: await sign({ sub: 'bench-ld', name: '委领导', office: 'leadership', roles: ['leader'], zones: [] }),
  };
}

const REPORTER = { name: '举报人甲', phone: '13912345678', idNumber: '610111199001019876', address: '西安市某区某巷17号' };
const CHANNELS = ['letter', 'visit', 'phone', 'online', 'referred'] as const;
const pickOne = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
/**
 * The people petitions name: one of 1,000 per unit, so that some petitions repeat an earlier one
 * (same accused, same unit), as in an office's mail, and most do not. With a single name every
 * petition repeated every earlier one of its unit, each registration wrote up to the cap of
 * repeats, and the petitions service spent its time on that.
 */
const ACCUSED = 1_000;

function petitionBody(unitId: string) {
  const realName = Math.random() < 0.7;
  return {
    channel: pickOne(CHANNELS),
    realName,
    ...(realName ? { reporter: REPORTER } : {}),
    accused: { name: `被反映人${Math.floor(Math.random() * ACCUSED)}`, position: '副主任', unitId },
    category: '违反中央八项规定精神',
    summary: '反映其违规接受宴请',
    content: '反映某副主任多次违规接受管理服务对象宴请，时间地点见附件。',
  };
}

// ── HTTP: one keep-alive agent with room for every request in flight
let agent: http.Agent;
let base: URL;

interface Reply {
  status: number; // 0: no answer (connection error or 30 s timeout)
  body: string;
}

function send(method: 'GET' | 'POST', url: string, token: string, body?: unknown): Promise<Reply> {
  return new Promise((resolve) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const headers: http.OutgoingHttpHeaders = { authorization: `Bearer ${token}` };
    if (data !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(data);
    }
    const req = http.request({ host: base.hostname, port: base.port, path: url, method, agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', (e: NodeJS.ErrnoException) => resolve({ status: 0, body: e.code ?? e.message }));
    });
    req.setTimeout(30_000, () => req.destroy(Object.assign(new Error('timeout'), { code: 'timeout 30 s' })));
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ status: 0, body: e.code ?? e.message }));
    req.end(data);
  });
}

const json = <T>(r: Reply): T | undefined => {
  try {
    return JSON.parse(r.body) as T;
  } catch {
    return undefined;
  }
};

// ── work in progress, by state: each command takes an item in the state it needs
interface Item {
  id: string;
  office: 1 | 2; // the supervision office of the petition's unit, so of its clue and inquiry
}

class Queue<T> {
  private items: T[] = [];
  private head = 0;
  constructor(private readonly cap = 20_000) {}
  push(x: T) {
    this.items.push(x);
    if (this.items.length - this.head > this.cap) this.head++; // the oldest is forgotten
    if (this.head > 50_000) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
  take(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const x = this.items[this.head]!;
    this.items[this.head++] = undefined as T;
    return x;
  }
  get size() {
    return this.items.length - this.head;
  }
}

/** The most recent ids, for reads. */
class Recent<T> {
  private items: T[] = [];
  private next = 0;
  constructor(private readonly cap = 2_000) {}
  add(x: T) {
    if (this.items.length < this.cap) this.items.push(x);
    else this.items[this.next++ % this.cap] = x;
  }
  any(): T | undefined {
    return this.items.length ? this.items[Math.floor(Math.random() * this.items.length)] : undefined;
  }
}

const received = new Queue<Item>();
const accepted = new Queue<Item>();
const clues = new Queue<Item>(); // in the ledger, no disposition yet
const proposed = new Queue<Item & { kind: 'inquiry' | 'verification' }>();
const inquiries = new Queue<Item>(); // opened by an approved inquiry disposition
const lettered = new Queue<Item>();
const replied = new Queue<Item>();
const assessed = new Queue<Item>();
const verifications = new Queue<Item>(); // opened by an approved verification disposition
const planned = new Queue<Item>();
const recentPetitions = new Recent<string>();
const recentClues = new Recent<Item>();
// What a command started that another service makes true later (a clue from a transfer, an
// inquiry or a verification from an approval): the sweeper reads the read models and hands each
// item on once it exists, so the mix never sends a command for something not there yet.
const awaitingClue = new Map<string, Item>();
const awaitingRecord = new Map<string, Item & { kind: 'inquiry' | 'verification' }>();

function startSweeper(sys: BenchSystem): () => Promise<void> {
  let running = true;
  const loop = (async () => {
    while (running) {
      await new Promise((r) => setTimeout(r, 200));
      const wantClues = [...awaitingClue.keys()];
      if (wantClues.length) {
        const { rows } = await sys.pool
          .query<{ id: string }>(`SELECT clue_id AS id FROM case_management.clue_ledger WHERE clue_id = ANY($1)`, [wantClues])
          .catch(() => ({ rows: [] as { id: string }[] }));
        for (const { id } of rows) {
          const item = awaitingClue.get(id)!;
          awaitingClue.delete(id);
          clues.push(item);
          recentClues.add(item);
        }
      }
      const wantRecords = [...awaitingRecord.keys()];
      if (wantRecords.length) {
        const { rows } = await sys.pool
          .query<{ id: string }>(
            `SELECT id FROM supervision.records WHERE kind IN ('inquiry', 'verification') AND id = ANY($1)`,
            [wantRecords],
          )
          .catch(() => ({ rows: [] as { id: string }[] }));
        for (const { id } of rows) {
          const item = awaitingRecord.get(id)!;
          awaitingRecord.delete(id);
          (item.kind === 'inquiry' ? inquiries : verifications).push({ id, office: item.office });
        }
      }
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}

// ── ledger visibility: a sample of transfers is watched through the API until the clue shows
const WATCHERS_MAX = 8;
const WATCH_EVERY_MS = 200; // at most five new watchers a second, whatever the rate
const WATCH_LIMIT_MS = 30_000;
let watchers = 0;
let lastWatch = 0;

interface StepRecord {
  visible: number[];
  notVisible: number;
  watches: Promise<void>[];
}

function maybeWatch(step: StepRecord, t: Tokens, clue: Item, since: number) {
  const now = performance.now();
  if (watchers >= WATCHERS_MAX || now - lastWatch < WATCH_EVERY_MS) return;
  lastWatch = now;
  watchers++;
  step.watches.push(
    (async () => {
      try {
        for (;;) {
          const res = await send('GET', `/api/v1/clues/${clue.id}`, t.office[clue.office]);
          const elapsed = performance.now() - since;
          if (res.status === 200) return void step.visible.push(elapsed);
          if (elapsed > WATCH_LIMIT_MS) return void step.notVisible++;
          // Fine-grained at first, then coarser, so a slow system is not also flooded by the watchers.
          await new Promise((r) => setTimeout(r, elapsed < 200 ? 10 : elapsed < 2_000 ? 50 : 250));
        }
      } finally {
        watchers--;
      }
    })(),
  );
}

// ── one request of the mix
interface Result {
  op: Op;
  status: number;
  code?: string;
  ms: number; // from the scheduled send to the answer
  lag: number; // from the scheduled send to the actual send (the generator's own delay)
}

const pick = pickOp;

/** Sends `op` (or a registration, when nothing is in the state it needs). */
async function perform(t: Tokens, step: StepRecord, wanted: Op, scheduled: number): Promise<Result> {
  let op = wanted;
  let call!: () => Promise<Reply>;
  let after: (r: Reply) => void = () => undefined;
  const cmd = (q: Queue<Item>, fn: (it: Item) => [string, string, unknown], next?: Queue<Item>) => {
    const item = q.take();
    if (!item) return false;
    const [url, token, body] = fn(item);
    call = () => send('POST', url, token, body);
    after = (r) => void (r.status === 200 && next?.push(item));
    return true;
  };
  let ready = true;
  switch (op) {
    case 'accept':
      ready = cmd(received, (it) => [`/api/v1/petitions/${it.id}/accept`, t.petitionOffice, undefined], accepted);
      break;
    case 'transfer': {
      const item = accepted.take();
      if (!(ready = !!item)) break;
      call = () => send('POST', `/api/v1/petitions/${item!.id}/transfer`, t.petitionOffice);
      after = (r) => {
        if (r.status !== 200) return;
        const clue = { id: `c-${item!.id}`, office: item!.office };
        awaitingClue.set(clue.id, clue);
        maybeWatch(step, t, clue, scheduled);
      };
      break;
    }
    case 'propose': {
      const item = clues.take();
      if (!(ready = !!item)) break;
      const kind = Math.random() < INQUIRY_SHARE ? 'inquiry' : 'verification';
      const reason = kind === 'inquiry' ? '问题较具体，建议函询' : '问题线索具体，建议初步核实';
      call = () => send('POST', `/api/v1/clues/${item!.id}/disposition`, t.office[item!.office], { kind, reason });
      after = (r) => void (r.status === 200 && proposed.push({ ...item!, kind }));
      break;
    }
    case 'approveDisposition': {
      const item = proposed.take();
      if (!(ready = !!item)) break;
      call = () => send('POST', `/api/v1/clues/${item!.id}/disposition/approve`, t.leadership, { note: '同意' });
      after = (r) => {
        if (r.status !== 200) return;
        const id = item!.kind === 'inquiry' ? `i-${item!.id}` : `v-${item!.id}`;
        awaitingRecord.set(id, { id, office: item!.office, kind: item!.kind });
      };
      break;
    }
    case 'letter':
      ready = cmd(
        inquiries,
        (it) => [`/api/v1/inquiries/${it.id}/letter`, t.office[it.office], { issueSummary: '反映违规接受宴请问题，请书面说明' }],
        lettered,
      );
      break;
    case 'reply':
      ready = cmd(
        lettered,
        (it) => [`/api/v1/inquiries/${it.id}/reply`, t.office[it.office], { summary: '本人书面说明情况' }],
        replied,
      );
      break;
    case 'assess':
      ready = cmd(
        replied,
        (it) => [
          `/api/v1/inquiries/${it.id}/assess`,
          t.office[it.office],
          Math.random() < 0.8
            ? { outcome: 'accepted', note: '说明属实，予以采信' }
            : { outcome: 'light-measure', measure: 'criticism', note: '予以批评教育' },
        ],
        assessed,
      );
      break;
    case 'conclude':
      ready = cmd(assessed, (it) => [`/api/v1/inquiries/${it.id}/conclude`, t.office[it.office], { conclusion: '函询办结' }]);
      break;
    case 'plan':
      ready = cmd(
        verifications,
        (it) => [
          `/api/v1/verifications/${it.id}/plan`,
          t.office[it.office],
          { plan: '调取账目，约谈相关人员', team: ['甲', '乙'], subjectHeadsLowerCommittee: false },
        ],
        planned,
      );
      break;
    case 'approveVerification':
      ready = cmd(planned, (it) => [`/api/v1/verifications/${it.id}/approve`, t.leadership, { note: '同意' }]);
      break;
    case 'listClues': {
      const token = pickOne([t.caseManagement, t.office[1], t.office[2]]);
      call = () => send('GET', '/api/v1/clues?pageSize=20', token);
      break;
    }
    case 'getPetition': {
      const id = recentPetitions.any();
      if (!(ready = !!id)) break;
      call = () => send('GET', `/api/v1/petitions/${id}`, t.petitionOffice);
      break;
    }
    case 'getClue': {
      const item = recentClues.any();
      if (!(ready = !!item)) break;
      call = () => send('GET', `/api/v1/clues/${item!.id}`, t.office[item!.office]);
      break;
    }
    case 'listClocks': {
      const office = Math.random() < 0.5 ? 1 : 2;
      call = () => send('GET', '/api/v1/clocks?state=running', t.office[office]);
      break;
    }
    case 'register':
      ready = false;
      break;
  }
  if (!ready) {
    op = 'register';
    const unit = pickOne(UNITS);
    call = () => send('POST', '/api/v1/petitions', t.petitionOffice, petitionBody(unit.id));
    after = (r) => {
      if (r.status !== 201) return;
      const id = json<{ id: string }>(r)?.id;
      if (!id) return;
      received.push({ id, office: unit.office });
      recentPetitions.add(id);
    };
  }
  const lag = performance.now() - scheduled;
  const res = await call();
  const ms = performance.now() - scheduled;
  after(res);
  const ok = res.status >= 200 && res.status < 300;
  const code = ok ? undefined : res.status === 0 ? res.body : json<{ code?: string }>(res)?.code;
  return { op, status: res.status, ms, lag, ...(code ? { code } : {}) };
}

// ── a step at a fixed rate
const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN;
const f = (n: number) => (Number.isFinite(n) ? (n >= 1000 ? Math.round(n).toLocaleString('en') : n.toFixed(1)) : '—');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface StepStats {
  rate: number;
  sent: number;
  achieved: number;
  p50: number;
  p95: number;
  p99: number;
  p99Commands: number;
  p99Queries: number;
  errors: Map<string, number>;
  errorRate: number;
  visP50: number;
  visP99: number;
  watched: number;
  notVisible: number;
  lagP99: number;
  byOp: Map<Op, { n: number; p99: number }>;
  sustained: boolean;
  failed: boolean;
}

async function step(t: Tokens, rate: number, seconds: number): Promise<StepStats> {
  const record: StepRecord = { visible: [], notVisible: 0, watches: [] };
  const results: Result[] = [];
  const pending: Promise<void>[] = [];
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const start = performance.now() + 1;
  let i = 0;
  while (i < total) {
    const now = performance.now();
    for (; i < total && start + i * interval <= now; i++)
      pending.push(perform(t, record, pick(), start + i * interval).then((r) => void results.push(r)));
    if (i < total) await sleep(Math.max(0, start + i * interval - performance.now()));
  }
  await Promise.all(pending);
  const elapsedS = Math.max(seconds, (performance.now() - start) / 1000);
  await Promise.all(record.watches);

  const ok = results.filter((r) => r.status >= 200 && r.status < 300).length;
  const errors = new Map<string, number>();
  for (const r of results) {
    if (r.status >= 200 && r.status < 300) continue;
    const key = r.status === 0 ? `no answer (${r.code})` : `${r.status}${r.code ? ` ${r.code}` : ''}`;
    errors.set(key, (errors.get(key) ?? 0) + 1);
  }
  const sorted = (xs: number[]) => xs.sort((a, b) => a - b);
  const all = sorted(results.map((r) => r.ms));
  const byOp = new Map<Op, { n: number; p99: number }>();
  for (const [op] of MIX) {
    const mine = sorted(results.filter((r) => r.op === op).map((r) => r.ms));
    if (mine.length) byOp.set(op, { n: mine.length, p99: pct(mine, 99) });
  }
  const vis = sorted(record.visible);
  const errorRate = (results.length - ok) / Math.max(1, results.length);
  const achieved = ok / elapsedS;
  const p99 = pct(all, 99);
  return {
    rate,
    sent: results.length,
    achieved,
    p50: pct(all, 50),
    p95: pct(all, 95),
    p99,
    p99Commands: pct(sorted(results.filter((r) => !QUERIES.has(r.op)).map((r) => r.ms)), 99),
    p99Queries: pct(sorted(results.filter((r) => QUERIES.has(r.op)).map((r) => r.ms)), 99),
    errors,
    errorRate,
    visP50: pct(vis, 50),
    visP99: pct(vis, 99),
    watched: vis.length + record.notVisible,
    notVisible: record.notVisible,
    lagP99: pct(sorted(results.map((r) => r.lag)), 99),
    byOp,
    sustained: p99 < P99_TARGET_MS && errorRate < ERROR_TARGET && achieved >= 0.95 * rate,
    failed: p99 > FAIL_P99_MS || errorRate > FAIL_ERRORS,
  };
}

// ── the run
function machine(): string {
  const cpus = os.cpus();
  const [l1, l5] = os.loadavg();
  return `machine: ${os.hostname()}, ${cpus.length} cores (${cpus[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}; load average before the run ${l1!.toFixed(2)} / ${l5!.toFixed(2)} (1 / 5 min); the load generator runs on the same machine`;
}

/** Warnings and errors the services logged during the run, by service and message. */
function logSummary(file: string): string {
  const counts = new Map<string, number>();
  let lines = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as { level?: number; service?: string; msg?: string };
      if ((entry.level ?? 0) < 40) continue;
      lines++;
      const key = `${entry.service ?? '?'} L${entry.level}: ${(entry.msg ?? '').slice(0, 90)}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    } catch {
      // not JSON
    }
  }
  if (lines === 0) return 'service log: no warning or error';
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
  return `service log: ${lines} warnings/errors; most frequent:\n${top.map(([k, n]) => `  ${String(n).padStart(6)} × ${k}`).join('\n')}`;
}

async function main() {
  console.log(machine());
  const mixLine = MIX.map(([op, w]) => `${op} ${w}`).join(', ');
  console.log(
    `mix (weights of 100): ${mixLine}; dispositions ${INQUIRY_SHARE * 100} % inquiry / ${100 - INQUIRY_SHARE * 100} % verification; a command with nothing in the state it needs is sent as a registration`,
  );
  console.log(
    `steps (requests/s): ${STEPS.join(', ')}, ${STEP_S} s each after a ${WARMUP.seconds} s warm-up at ${WARMUP.rate}/s; a step with p99 > ${FAIL_P99_MS} ms or errors > ${FAIL_ERRORS * 100} % ends the run; at most ${SOCKETS} keep-alive connections`,
  );

  const runDir = path.join(os.tmpdir(), `jiandu-bench-load-${Date.now()}`);
  const profileDir = path.join(runDir, 'profiles');
  const sys = await startBenchSystem({
    runDir,
    postgresBase: POSTGRES_BASE,
    natsUrl: NATS_URL,
    nodeFlags: PROFILE ? `--cpu-prof --cpu-prof-dir=${profileDir}` : '',
  });
  console.log(
    `system: scripts/start.mjs on ${sys.database}, stream ${sys.stream}, namespace ${sys.namespace}, gateway ${sys.baseUrl}; service log ${sys.logFile}${PROFILE ? `; CPU profiles to ${profileDir}` : ''}`,
  );
  // Like a front proxy's pool to the gateway: enough connections for every request in flight up
  // to well past the knee (in flight = rate × latency: 800/s × 0.3 s = 240), and no more, so an
  // overloaded gateway is not also sent a storm of new connections beyond its listen backlog
  // (511), whose SYN retries would add seconds of their own. A request waiting for a connection
  // waits from its scheduled time, so the wait is in its latency.
  const analyzer = startAnalyzer(sys);
  console.log(
    (await analyzer.active)
      ? 'planner statistics: autovacuum is off on this server, so the bench analyzes the tables autovacuum would (changed by over 50 rows + 10 % since), every 5 s'
      : 'planner statistics: kept by autovacuum',
  );
  agent = new http.Agent({ keepAlive: true, maxSockets: SOCKETS, maxFreeSockets: SOCKETS, scheduling: 'fifo' });
  base = new URL(sys.baseUrl);

  let stopping = false;
  const cleanUp = async () => {
    if (stopping) return;
    stopping = true;
    await stopSweeper().catch(() => undefined);
    await analyzer.stop().catch(() => undefined);
    agent.destroy();
    await sys.stop();
  };
  process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));
  const stopSweeper = startSweeper(sys);

  let best = 0;
  let lastStep: { rate: number; fromUs: number; toUs: number } | undefined;
  const nowUs = () => Number(process.hrtime.bigint() / 1000n);
  try {
    const t = await makeTokens(sys.jwtSecret);
    for (const zone of ZONES) {
      const res = await send('POST', '/api/v1/zones', t.caseManagement, zone);
      if (res.status !== 201) throw new Error(`zone ${zone.id} → ${res.status} ${res.body}`);
    }
    for (const { office: _office, ...unit } of UNITS) {
      const res = await send('POST', '/api/v1/units', t.caseManagement, unit);
      if (res.status !== 201) throw new Error(`unit ${unit.id} → ${res.status} ${res.body}`);
    }
    await step(t, WARMUP.rate, WARMUP.seconds);
    await sleep(PAUSE_BETWEEN_STEPS_MS);

    console.log(
      `\n${'target/s'.padStart(8)} ${'achieved/s'.padStart(10)} ${'p50 ms'.padStart(7)} ${'p95 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'visible p50/p99 ms'.padStart(19)}  errors`,
    );
    for (const rate of STEPS) {
      const pids = sys.pids();
      const before = snapshot(pids, sys.database);
      const fromUs = nowUs();
      const r = await step(t, rate, STEP_S);
      lastStep = { rate, fromUs, toUs: nowUs() };
      const cpu = describeCpu(before, snapshot(sys.pids(), sys.database));
      const errors = [...r.errors.entries()].map(([k, n]) => `${k} ×${n}`).join(', ') || '0';
      console.log(
        `${String(rate).padStart(8)} ${f(r.achieved).padStart(10)} ${f(r.p50).padStart(7)} ${f(r.p95).padStart(7)} ${f(r.p99).padStart(7)} ${`${f(r.visP50)}/${f(r.visP99)}`.padStart(19)}  ${errors} (${(100 * r.errorRate).toFixed(2)} %)${r.sustained ? '' : '  ← not sustained'}`,
      );
      console.log(
        `         p99 commands ${f(r.p99Commands)} ms, queries ${f(r.p99Queries)} ms; p99 by op: ${[...r.byOp.entries()].map(([op, s]) => `${op} ${f(s.p99)}`).join(', ')}`,
      );
      console.log(
        `         ${r.sent} sent (generator lag p99 ${f(r.lagP99)} ms); ${r.watched} transfers watched${r.notVisible ? `, ${r.notVisible} not visible within ${WATCH_LIMIT_MS / 1000} s` : ''}; waiting for another service: ${awaitingClue.size} clues, ${awaitingRecord.size} inquiries/verifications`,
      );
      console.log(`         CPU, % of one core: ${cpu}`);
      if (r.sustained) best = rate;
      if (r.failed) {
        console.log(
          `         the step clearly failed (p99 > ${FAIL_P99_MS} ms or errors > ${FAIL_ERRORS * 100} %): no further steps`,
        );
        break;
      }
      await sleep(PAUSE_BETWEEN_STEPS_MS); // let the queues drain between steps
    }
  } finally {
    await cleanUp();
  }
  console.log(logSummary(sys.logFile));
  if (PROFILE) await printProfiles(profileDir, lastStep && { ...lastStep, label: `the last step (${lastStep.rate}/s)` });
  console.log(`max sustainable commands/s (p99<${P99_TARGET_MS}ms, errors<${ERROR_TARGET * 100}%): ${best}`);
}

/**
 * The planner's statistics, as autovacuum keeps them on a deployed PostgreSQL (its default: on).
 * A server without it (this machine's shared one) never analyzes the run's tables, which start
 * empty, and a connection keeps the plan it made of a named statement until the table is analyzed:
 * PostgreSQL then assumes 0.5 % of the rows match `valid_to IS NULL`, and plans made on small
 * tables stay after they grew (the analytics consumers' lookup of an item's current version walked
 * every current row, 1.46 ms an event and rising; their removal of an item's steps scanned the
 * whole table). So without autovacuum the bench does what autovacuum's analyze would, by its
 * default rule (a table changed by more than 50 rows + 10 % since it was last analyzed), every
 * 5 s while it runs, its cost counted in the steps as autovacuum's would be.
 */
function startAnalyzer(sys: BenchSystem): { stop(): Promise<void>; active: Promise<boolean> } {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const active = sys.pool.query<{ autovacuum: string }>('SHOW autovacuum').then(({ rows }) => rows[0]?.autovacuum !== 'on');
  const pass = async () => {
    const { rows } = await sys.pool.query<{ name: string }>(
      `SELECT format('%I.%I', s.schemaname, s.relname) AS name FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
        WHERE s.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0)`,
    );
    for (const { name } of rows) if (!stopped) await sys.pool.query(`ANALYZE ${name}`);
  };
  const timer = setInterval(() => {
    running = running.then(async () => {
      if (!stopped && (await active)) await pass().catch(() => undefined);
    });
  }, 5_000);
  return {
    active,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
