// The fault suite (issue 14): the whole system as processes on a private PostgreSQL and a private
// nats-server, steady mixed traffic through the gateway, each fault injected in turn for a bounded
// time, then the checker, which trusts only the event stores, the stream, the inboxes and the
// client log. A table per fault: commands sent, acknowledged, refused, lost, duplicated, recovery.
//
// FAULTS_RATE: requests a second offered (default 150: about 70 % are commands, so ≈105 commands a
// second, the issue's ≈100; at most 48 in flight, so fewer while a fault holds requests up).
// FAULTS_SECONDS: how long each fault's phase lasts, traffic running throughout (default 6).
// FAULTS_ONLY: a comma-separated list of fault names (or their prefixes) to run alone.
import pg from 'pg';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { withNamespace } from '@jiandu/messaging';
import { execFileSync } from 'node:child_process';
import { eventually, NATS_SERVER_BIN, startPrivateNats, startPrivatePostgres, type PrivateServer } from '@jiandu/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the e2e harness: the system as processes
import { startSystem, type ServiceName, type System } from '../../e2e/src/system.js';
import {
  analyticsAudit,
  commandVerdicts,
  drained,
  figuresByPhase,
  foldedClocks,
  foldedClues,
  foldedRecords,
  lagging,
  personalDataIn,
  storeInvariants,
  streamAudit,
  verifyChains,
  type PhaseFigures,
} from '../src/checker.js';
import { pgCtlStop, pidOf } from '../src/servers.js';
import { PERSONAL_TEXTS, registerRegistry, startTraffic, trafficTokens, type Traffic } from '../src/traffic.js';
import path from 'node:path';

const RATE = Number(process.env.FAULTS_RATE ?? 150);
const PHASE_S = Number(process.env.FAULTS_SECONDS ?? 6);
const ONLY = (process.env.FAULTS_ONLY ?? '').split(',').filter(Boolean);
const RECOVERY_LIMIT_S = 30;
const RPC_TIMEOUT_MS = 3_000;
const PUBLISH_TIMEOUT_MS = 5_000; // the relay's default publishTimeoutMs
const DIST = path.resolve(import.meta.dirname, '../..', process.env.JIANDU_DIST_DIR ?? '.faults-dist');
const CORE: ServiceName[] = ['petitions', 'case-management', 'supervision', 'gateway'];
/** The whole system: the core and the services the traffic reaches only through events (or not yet). */
const ALL: ServiceName[] = [...CORE, 'review', 'analytics', 'publicity'];
/** The services with consumers (all but the gateway and publicity, whose list is empty). */
const CONSUMERS = ['case-management', 'supervision', 'petitions', 'review', 'analytics'] as const;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The stream-full fault needs nats-server 2.10 or later (production runs 2.12, ARCHITECTURE). On
 * Debian bookworm's 2.9 the server itself removed stored messages from a `discard: new` stream at
 * its `max_bytes` (the first sequence moved, consumers' messages vanished from the stream), in two
 * runs with two ways of filling it: a broker defect the system cannot undo, not a loss of ours.
 * The private nats-server is FAULTS_NATS_SERVER when set (jest.config.js: .ci/run sets it to the
 * 2.10 binary of scripts/nats-server-2.10.sh); with an older one the fault is not in the list, and
 * the suite says so (docs/reliability.md).
 */
const NATS_VERSION = execFileSync(NATS_SERVER_BIN, ['--version'], { encoding: 'utf8' }).trim();
function natsMinor(): number {
  const version = /v?(\d+)\.(\d+)/.exec(NATS_VERSION);
  return version ? Number(version[1]) * 100 + Number(version[2]) : 0;
}
const STREAM_FULL_SUPPORTED = natsMinor() >= 210;

interface Fault {
  name: string;
  what: string;
  /**
   * Injects the fault and ends it (the service restarted, the server back). `release` marks the
   * moment the fault ends (the restart begins): recovery counts from there.
   */
  inject(release: () => void): Promise<void>;
}

describe('Fault suite: every fault under load, nothing lost, nothing duplicated', () => {
  let postgres: PrivateServer;
  let nats: PrivateServer;
  let sys: System;
  let traffic: Traffic;
  const recovery = new Map<string, number>();
  let naking = false;
  const started = Date.now();

  beforeAll(async () => {
    [postgres, nats] = await Promise.all([startPrivatePostgres(), startPrivateNats()]);
    sys = await startSystem(
      { LOG_LEVEL: 'warn', RPC_TIMEOUT_MS: String(RPC_TIMEOUT_MS), PG_ACQUIRE_TIMEOUT_MS: '1000', SEAL_INTERVAL_MS: '1000' },
      { postgresUrl: postgres.url, natsUrl: nats.url, analytics: true, review: true, publicity: true },
    );
    const t = await trafficTokens(sys);
    await registerRegistry(sys, t);
    traffic = startTraffic(sys, t, RATE);
  }, 180_000);

  afterAll(async () => {
    await traffic?.stop().catch(() => undefined);
    await sys?.stop().catch(() => undefined);
    await Promise.all([postgres?.stop(), nats?.stop()]);
  }, 120_000);

  /** Kills a process and starts it again (with `env`, e.g. a failpoint armed). */
  async function restart(name: ServiceName, env: Record<string, string> = {}, replica = 1) {
    await sys.kill(name, replica);
    await sys.start(name, replica, env);
  }

  /** Waits for the process to die at its armed failpoint (exit 86), then starts it plain. */
  async function failpoint(name: ServiceName, point: string, after: number, release: () => void) {
    const mark = `FAILPOINT ${point}: exiting`;
    const before = sys.logs.filter((l) => l.includes(mark)).length;
    const fired = () => sys.logs.filter((l) => l.includes(mark)).length > before;
    // Under traffic (and the retries the restart itself caused) it may fire before it is ready.
    await restart(name, { FAILPOINT: point, FAILPOINT_AFTER: String(after) }).catch((error: unknown) => {
      if (!fired()) throw error;
    });
    await eventually(() => sys.exited().includes(`${name}#1`), { timeoutMs: 60_000, intervalMs: 50 });
    if (!fired()) throw new Error(`${name} exited, but not at ${point}`);
    release();
    await restart(name);
  }

  async function stopNatsFor(ms: number, release: () => void) {
    const pid = await pidOf('nats-server', nats.port);
    process.kill(pid, 'SIGSTOP');
    await sleep(ms);
    release();
    process.kill(pid, 'SIGCONT');
  }

  async function terminateBackends() {
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    try {
      for (let round = 0; round < 3; round++) {
        await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
          [sys.db.name],
        );
        await sleep(500);
      }
    } finally {
      await admin.end();
    }
  }

  /** The sum of a counter over every service but the gateway, for the lines whose labels include `label`. */
  async function counter(name: string, label: string): Promise<number> {
    let sum = 0;
    for (const service of ALL.filter((s) => s !== 'gateway')) {
      for (const line of (await sys.metrics(service)).split('\n'))
        if (line.startsWith(`${name}{`) && line.includes(label)) sum += Number(line.split(' ').at(-1));
    }
    return sum;
  }

  /**
   * Limits the stream to what it holds now plus `margin` bytes (discard new: a publish beyond is
   * refused), or lifts the limit (undefined). Read and set on one connection at once: a limit
   * below what the stream holds would make the server drop its oldest messages.
   */
  /**
   * The stream full, without the fault itself deleting anything: a limit lowered below what the
   * stream holds makes nats-server drop its oldest messages, whatever the discard policy, and the
   * relays keep publishing while the limit is set. So the limit is set well above what the stream
   * holds (1 MB of room), then filled with filler on a subject of the stream no consumer reads,
   * until JetStream refuses a publish: the stream is full, and the relays' publishes are refused.
   * Room is given again by purging the filler and lifting the limit.
   */
  const filler = () => withNamespace(sys.namespace, 'jiandu.evt.faults.Filler.v1');
  async function fillStream(): Promise<{ firstSeq: number; fillers: number }> {
    const nc = await connect({ servers: nats.url });
    try {
      const jsm = await jetstreamManager(nc);
      const { config, state } = await jsm.streams.info(sys.stream);
      await jsm.streams.update(sys.stream, { ...config, max_bytes: state.bytes + 1_048_576, discard: 'new' as never });
      const js = jsm.jetstream();
      const payload = new Uint8Array(16_384);
      let fillers = 0;
      for (; fillers < 200; fillers++) {
        const refused = await js.publish(filler(), payload).then(
          () => false,
          () => true,
        );
        if (refused) break;
      }
      return { firstSeq: state.first_seq, fillers };
    } finally {
      await nc.close();
    }
  }
  async function roomAgain(): Promise<{ firstSeq: number }> {
    const nc = await connect({ servers: nats.url });
    try {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.purge(sys.stream, { filter: filler() });
      const { config, state } = await jsm.streams.info(sys.stream);
      await jsm.streams.update(sys.stream, { ...config, max_bytes: -1 });
      return { firstSeq: state.first_seq };
    } finally {
      await nc.close();
    }
  }

  /** See STREAM_FULL_SUPPORTED. */
  const streamFull = (): Fault => ({
    name: 'stream full (max_bytes)',
    what: 'the stream limited to what it holds plus 1 MB (discard new) and filled with filler until JetStream refuses, for 4 s (publishes refused), then the filler purged and the limit lifted',
    async inject(release) {
      const refusedBefore = await counter('jiandu_relay_failures_total', 'reason="publish"');
      const { firstSeq, fillers } = await fillStream();
      expect(fillers).toBeLessThan(200); // full: a publish was refused before the last filler
      await sleep(4_000);
      // The fault was real: the relays' publishes were refused while the stream was full.
      const refused = (await counter('jiandu_relay_failures_total', 'reason="publish"')) - refusedBefore;
      console.log(`stream full: ${fillers} fillers, ${refused} relay rounds refused`);
      expect(refused).toBeGreaterThan(0);
      release();
      const after = await roomAgain();
      // The limit itself removed nothing (else the fault, not the system, lost events).
      expect(after.firstSeq).toBe(firstSeq);
    },
  });

  const ALL_FAULTS: Fault[] = [
    ...ALL.map((name): Fault => ({
      name: `sigkill ${name}`,
      what: `SIGKILL of ${name} mid-burst, started again after 1 s`,
      async inject(release) {
        await sys.kill(name);
        await sleep(1_000);
        release();
        await sys.start(name);
      },
    })),
    {
      name: 'failpoint after-append-before-reply',
      what: 'petitions restarted with the failpoint armed after 10 hits: it dies once a command has committed, before its reply',
      inject: (release) => failpoint('petitions', 'after-append-before-reply', 10, release),
    },
    {
      name: 'failpoint relay-after-publish-before-checkpoint',
      what: "petitions' relay dies after a publish and before its checkpoint (armed after 10 hits)",
      inject: (release) => failpoint('petitions', 'relay-after-publish-before-checkpoint', 10, release),
    },
    {
      name: 'failpoint consumer-after-commit-before-ack',
      what: 'a case-management consumer dies after its effect committed and before the ack (armed after 3 hits)',
      inject: (release) => failpoint('case-management', 'consumer-after-commit-before-ack', 3, release),
    },
    {
      name: 'nats kill -9',
      what: 'nats-server SIGKILLed, started again after 2 s on its data',
      async inject(release) {
        await nats.kill();
        await sleep(2_000);
        release();
        await nats.restart();
      },
    },
    {
      name: 'nats SIGSTOP',
      what: `nats-server paused ${(RPC_TIMEOUT_MS + PUBLISH_TIMEOUT_MS) / 1000} s (past the RPC and the publish timeouts), then SIGCONT`,
      inject: (release) => stopNatsFor(RPC_TIMEOUT_MS + PUBLISH_TIMEOUT_MS, release),
    },
    {
      name: 'postgres fast shutdown',
      what: 'pg_ctl stop -m fast, started again after 2 s',
      async inject(release) {
        await pgCtlStop(postgres, 'fast');
        await sleep(2_000);
        release();
        await postgres.restart();
      },
    },
    {
      name: 'postgres immediate shutdown',
      what: 'pg_ctl stop -m immediate (crash recovery at start), started again after 2 s',
      async inject(release) {
        await pgCtlStop(postgres, 'immediate');
        await sleep(2_000);
        release();
        await postgres.restart();
      },
    },
    {
      name: 'postgres backends terminated',
      what: 'every backend of the database terminated, three rounds 0.5 s apart',
      async inject(release) {
        await terminateBackends();
        release();
      },
    },
    {
      name: 'replica killed',
      what: 'case-management and petitions run two replicas each; replica 1 of each SIGKILLed while replica 2 carries on, restarted after 2 s',
      async inject(release) {
        await Promise.all([sys.start('case-management', 2), sys.start('petitions', 2)]);
        await sleep(1_500);
        await Promise.all([sys.kill('case-management'), sys.kill('petitions')]);
        await sleep(2_000);
        release();
        await Promise.all([sys.start('case-management'), sys.start('petitions')]);
        await Promise.all([sys.kill('case-management', 2), sys.kill('petitions', 2)]);
      },
    },
    ...(STREAM_FULL_SUPPORTED ? [streamFull()] : []),
    {
      // Last: the services stay as they are until the suite ends (a restart back to plain would be
      // one more SIGKILL of five services at once), so the drain and the checker see naks too.
      name: 'redeliveries (nak 20 %)',
      what: `the services with consumers (analytics and review too) restarted with FAILPOINT_NAK_RATE=0.2 (a fifth of applied messages nak'd, redelivered up to 0.5 s late), to the end of the run`,
      async inject(release) {
        await Promise.all(CONSUMERS.map((name) => restart(name, { FAILPOINT_NAK_RATE: '0.2' })));
        release();
        naking = true; // the checker asks /metrics whether messages were nak'd and redelivered
      },
    },
  ];
  const FAULTS = ALL_FAULTS.filter((f) => ONLY.length === 0 || ONLY.some((o) => f.name.startsWith(o)));

  it('survives every fault: each service healthy again within 30 s, serving', async () => {
    console.log(`private nats-server: ${NATS_SERVER_BIN} (${NATS_VERSION})`);
    if (!STREAM_FULL_SUPPORTED)
      console.log(
        'stream full (max_bytes): not run: this nats-server is older than 2.10 (see STREAM_FULL_SUPPORTED); ' +
          'FAULTS_NATS_SERVER="$(bash scripts/nats-server-2.10.sh)" runs it',
      );
    const warmEnd = Date.now() + 3_000;
    await sleep(warmEnd - Date.now());
    for (const fault of FAULTS) {
      const phaseStart = Date.now();
      traffic.phase(fault.name);
      await sleep(1_500); // mid-burst
      let ended = 0;
      await fault.inject(() => (ended = Date.now()));
      if (!ended) ended = Date.now();
      // Recovered: every process healthy, and a command sent after the fault ended acknowledged.
      const waitedFor = new Map<string, string>(); // what recovery last waited for, per process
      await eventually(
        async () => {
          for (const name of ALL) {
            const health = await sys.health(name);
            if (health.status !== 200) {
              waitedFor.set(name, `${health.status} ${health.body.reason ?? ''}`.trim());
              return false;
            }
          }
          return traffic.ackedSince(ended).some((e) => e.kind === 'cmd');
        },
        { timeoutMs: 60_000, intervalMs: 100 },
      );
      const recoveredS = (Date.now() - ended) / 1000;
      recovery.set(fault.name, recoveredS);
      const waited = [...waitedFor].map(([name, why]) => `${name}: ${why}`).join('; ');
      console.log(`${fault.name}: ended, recovered in ${recoveredS.toFixed(1)} s${waited ? ` (last not ready: ${waited})` : ''}`);
      expect(sys.exited()).toEqual([]);
      await sleep(Math.max(0, phaseStart + PHASE_S * 1000 - Date.now()));
    }
    traffic.phase('after');
    await sleep(2_000);
    await traffic.stop();
  });

  it('the checker: every command the clients were told of has exactly its events, once; the stores and JetStream agree', async () => {
    const pool = sys.db.pool();
    const took: Record<string, number> = {}; // seconds each part of the checker took
    const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
      const from = Date.now();
      try {
        return await work();
      } finally {
        took[name] = (Date.now() - from) / 1000;
      }
    };
    // Every consumer drained (the relays publish within their poll interval).
    const behind = new Map<string, number>(); // the most each consumer was behind while the checker waited
    await timed('drain', async () => {
      await eventually(
        async () => {
          const late = await lagging(nats.url, sys.stream);
          for (const c of late) behind.set(c.name, Math.max(behind.get(c.name) ?? 0, c.behind));
          return late.length === 0;
        },
        { timeoutMs: 90_000, intervalMs: 500 },
      );
      await sleep(2_000);
      await eventually(() => drained(nats.url, sys.stream), { timeoutMs: 30_000, intervalMs: 500 });
    });
    // A process of its own: it runs while the checks below read the database.
    const verifying = timed('verify', () => verifyChains(DIST, sys.db.url));

    // The redeliveries were real: messages applied, nak'd, and redelivered as duplicates.
    if (naking) {
      const [naked, duplicates] = await Promise.all([
        counter('jiandu_consumer_messages_total', 'outcome="naked"'),
        counter('jiandu_consumer_messages_total', 'outcome="duplicate"'),
      ]);
      console.log(`redeliveries: ${naked} messages nak'd after their effect, ${duplicates} redeliveries absorbed by the inbox`);
      expect(naked).toBeGreaterThan(0);
      expect(duplicates).toBeGreaterThan(0);
    }
    const verdicts = await timed('commands', () => commandVerdicts(pool, traffic.log));
    const figures = figuresByPhase(verdicts, recovery);
    const invariants = await timed('invariants', () => storeInvariants(pool));
    const audit = await timed('stream', () => streamAudit(pool, nats.url, sys.stream));
    const folded = await timed('clues', () => foldedClues(pool));
    const foldedSupervision = await timed('records', () => foldedRecords(pool));
    const clocks = await timed('clocks', () => foldedClocks(pool));
    const analytics = await timed('analytics', () => analyticsAudit(pool));
    const privacy = await timed('privacy', () => personalDataIn(pool, ['analytics', 'analytics_views'], PERSONAL_TEXTS));
    const verify = await verifying;
    const queries = traffic.log.filter((e) => e.kind === 'qry');

    console.log(
      [
        `Fault suite: ${RATE} requests/s, ${PHASE_S} s a fault, ${((Date.now() - started) / 1000).toFixed(0)} s in all`,
        table(figures),
        rateLine(traffic),
        `queries: ${queries.length} sent, by status: ${JSON.stringify(countBy(queries.map((e) => e.answers.at(-1)?.status ?? 0)))}`,
        `JetStream: ${audit.messages} messages, ${audit.publicEvents} public events by id, ${audit.consumers} consumers, ${audit.inboxRows} inbox rows`,
        `verify: ${verify.output}`,
        `folded from scratch: ${folded.clues} clue streams, ${folded.problems.length} differing from the ledger`,
        `folded from scratch: ${foldedSupervision.records} inquiry and verification streams, ${foldedSupervision.problems.length} differing from the records`,
        `folded from scratch: ${clocks.clocks} clocks ${JSON.stringify(clocks.byMeasure)}, ${clocks.stopped} stopped, ${clocks.problems.length} differing from the clock tables; not folded (no event starts them): ${JSON.stringify(clocks.unfolded)}`,
        `analytics against the stores: current rows ${JSON.stringify(analytics.rows)}, ${analytics.problems.length} problems`,
        `checker: ${Object.entries(took)
          .map(([name, sec]) => `${name} ${sec.toFixed(1)} s`)
          .join(', ')}; consumers the drain waited for (most messages behind): ${
          [...behind]
            .sort((a, b) => b[1] - a[1])
            .map(([name, n]) => `${name} ${n}`)
            .join(', ') || 'none'
        }`,
        `personal data: ${privacy.tables} tables and views of analytics (${privacy.rows} rows) searched for ${PERSONAL_TEXTS.length} texts the traffic sent, ${privacy.problems.length} found`,
        ...folded.problems.map((p) => `PROBLEM ${p}`),
        ...analytics.problems.map((p) => `PROBLEM ${p}`),
        ...privacy.problems.map((p) => `PROBLEM ${p}`),
        ...foldedSupervision.problems.map((p) => `PROBLEM ${p}`),
        ...clocks.problems.map((p) => `PROBLEM ${p}`),
        ...invariants.map((p) => `PROBLEM ${p}`),
        ...audit.problems.map((p) => `PROBLEM ${p}`),
      ].join('\n'),
    );
    const unresolvedList = verdicts.filter((v) => v.entry.outcome === 'unresolved');
    if (unresolvedList.length)
      console.log(
        `unresolved: ${unresolvedList
          .slice(0, 10)
          .map((v) => `${v.entry.phase} ${v.entry.op} ${v.entry.answers.map((a) => a.status).join('/')} (${v.transactions} tx)`)
          .join('; ')}`,
      );
    const bad = verdicts.filter((v) => (v.entry.outcome === 'acked' && v.transactions !== 1) || v.transactions > 1);
    if (bad.length)
      console.log(
        `lost or duplicated: ${bad
          .slice(0, 10)
          .map((v) => `${v.entry.phase} ${v.entry.op} ${v.entry.correlationId} ${v.transactions} tx ${v.types.join(',')}`)
          .join('; ')}`,
      );

    expect(figures.filter((f) => f.lost > 0 || f.duplicated > 0 || f.partial > 0)).toEqual([]);
    expect(figures.filter((f) => f.recoveryS > RECOVERY_LIMIT_S)).toEqual([]);
    expect(invariants).toEqual([]);
    expect(audit.problems).toEqual([]);
    expect(folded.problems).toEqual([]);
    expect(foldedSupervision.problems).toEqual([]);
    expect(clocks.problems).toEqual([]);
    expect(analytics.problems).toEqual([]);
    expect(privacy.problems).toEqual([]);
    // The checks had something to check: the ledgers hold the traffic's items.
    expect(analytics.rows['petitions']).toBeGreaterThan(0);
    expect(analytics.rows['clues']).toBeGreaterThan(0);
    expect(analytics.rows['clocks']).toBeGreaterThan(0);
    expect(verify.ok).toBe(true);
    expect(verify.output).not.toMatch(/broken/i);
    // Traffic did flow through every fault.
    for (const f of figures.filter((x) => x.phase !== 'warm-up' && x.phase !== 'after'))
      expect(f.acknowledged).toBeGreaterThan(0);
  }, 240_000);
});

function table(rows: PhaseFigures[]): string {
  const head =
    '| Fault | Commands sent | Acknowledged | Refused | Unresolved | Retried | Replayed | Lost | Duplicated | Recovery |';
  const rule = '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |';
  return [
    head,
    rule,
    ...rows.map(
      (r) =>
        `| ${r.phase} | ${r.sent} | ${r.acknowledged} | ${r.refused} | ${r.unresolved} | ${r.retried} | ${r.replayed} | ${r.lost} | ${r.duplicated} | ${
          r.phase === 'warm-up' || r.phase === 'after' ? '—' : `${r.recoveryS.toFixed(1)} s`
        } |`,
    ),
  ].join('\n');
}

/** What the traffic achieved: requests and commands a second over its whole span, and the ticks skipped. */
function rateLine(traffic: Traffic): string {
  const { from, to } = traffic.span();
  const s = (to - from) / 1000;
  const commands = traffic.log.filter((e) => e.kind === 'cmd').length;
  const latencies = traffic.log
    .filter((e) => e.outcome === 'acked' && e.answers.length === 1)
    .map((e) => e.answers[0]!.ms)
    .sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  const phases = traffic.phases();
  const perPhase = phases.map(({ name, at }, i) => {
    const end = phases[i + 1]?.at ?? to;
    const sent = traffic.log.filter((e) => e.kind === 'cmd' && e.phase === name).length;
    return `${name} ${(sent / ((end - at) / 1000)).toFixed(0)}`;
  });
  return (
    `traffic: ${traffic.log.length} requests in ${s.toFixed(0)} s (${(traffic.log.length / s).toFixed(1)}/s), ` +
    `${commands} commands (${(commands / s).toFixed(1)}/s); ${traffic.skipped()} ticks skipped at the in-flight limit; ` +
    `answered at the first attempt in p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms\n` +
    `commands/s by phase: ${perPhase.join(', ')}`
  );
}

function countBy(xs: number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}
