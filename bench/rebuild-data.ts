// The data set of bench:rebuild and bench:analytics: public events of a realistic mix, as the
// services' relays publish them (envelope on the stream, Nats-Msg-Id = event id), over many units
// and five years (2021–2025). Each item's events come in the order its service commits them:
// petitions registered, accepted or not, transferred; clues registered and assigned (one
// transaction), proposed, approved as inquiry, verification, shelve or close; inquiries opened and
// concluded, verifications opened, approved, decided, and the clue's outcome 案管 records after each
// conclusion; recommendations, rectifications; clocks started, signalled and stopped.
// Deterministic (a seeded generator): two runs publish the same facts.
import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  caseManagementPublicEvents as cm,
  ClueRegisteredV3,
  CATEGORY_CODES,
  CLUE_SOURCES,
  encodeEnvelope,
  petitionsPublicEvents as pet,
  supervisionPublicEvents as sv,
  toEnvelope,
  type EventContract,
} from '@jiandu/contracts';
import { clockEventContracts, deadlineEventContracts } from '@jiandu/deadlines';
import { withNamespace } from '@jiandu/messaging';
import { startServiceHarness, type ServiceHarness } from '@jiandu/runtime';
import { createTestDatabase, type TestDatabase } from '@jiandu/testing';
import pg from 'pg';
import { analyticsService } from '../services/analytics/src/main.js';
import { rebuildAnalytics } from '../services/analytics/src/rebuild.js';

export interface DataSetShape {
  events: number;
  units: number;
  zones: number;
}

/** One event to publish. */
export interface Planned {
  contract: EventContract;
  data: unknown;
  occurredAt: string;
}

/** mulberry32: a small seeded generator, so the data set is the same every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const START = Date.parse('2021-01-01T01:00:00.000Z');
const DAYS = 5 * 365;
const day = (t: number) => new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);
const iso = (t: number) => new Date(t).toISOString();

/** Every event of the data set, in publishing order, `shape.events` of them (the last item's chain may run over by a few). */
export function* plan(shape: DataSetShape, seed = 20260630): Generator<Planned> {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const [approaching, breached] = deadlineEventContracts('supervision') as [EventContract, EventContract];
  const [clockStarted, , clockStopped] = clockEventContracts('supervision') as [EventContract, EventContract, EventContract];
  /** 案管 follows how the inquiry or the verification ended (ClueOutcomeRecorded, the register's status after it). */
  const STATUS_AFTER: Record<string, string> = {
    'inquiry:accepted': 'Closed',
    'inquiry:light-measure': 'Closed',
    'inquiry:second-round': 'InInquiry',
    'inquiry:convert-to-verification': 'InVerification',
    'verification:file-case': 'ToInvestigation',
    'verification:close': 'Closed',
    'verification:light-measure': 'Closed',
    'verification:shelve': 'Shelved',
  };
  const outcomeRecorded = (clueId: string, number: string, ref: string, source: string, outcome: string, at: number) =>
    emit(cm.ClueOutcomeRecorded, { clueId, number, ref, source, outcome, status: STATUS_AFTER[`${source}:${outcome}`] }, at);
  let emitted = 0;
  const emit = (contract: EventContract, data: unknown, at: number): Planned => {
    emitted++;
    return { contract, data, occurredAt: iso(at) };
  };
  // The registry: zones, each with its office; units spread over them.
  const registered = START - 30 * DAY;
  for (let z = 1; z <= shape.zones; z++) {
    yield emit(cm.ZoneRegistered, { zoneId: `z${z}`, name: `第${z}协作区`, office: `supervision-office-${z}` }, registered);
  }
  const units: { unitId: string; zoneId: string; office: string }[] = [];
  for (let u = 1; u <= shape.units; u++) {
    const z = 1 + (u % shape.zones);
    const unit = { unitId: `u${u}`, zoneId: `z${z}`, office: `supervision-office-${z}` };
    units.push(unit);
    yield emit(
      cm.UnitRegistered,
      { unitId: unit.unitId, name: `第${u}单位`, staffCount: 20 + Math.floor(rnd() * 400) },
      registered,
    );
    yield emit(cm.UnitAssignedToZone, { unitId: unit.unitId, zoneId: unit.zoneId, effectiveFrom: '2020-01-01' }, registered);
  }
  const channels = ['letter', 'visit', 'phone', 'online', 'referred'] as const;
  const perYear = new Map<string, number>();
  let item = 0;
  while (emitted < shape.events) {
    item++;
    // Items start evenly over the five years, in order.
    const t0 = START + Math.floor((emitted / shape.events) * DAYS) * DAY + (item % 9) * 3_600_000;
    const unit = pick(units);
    const categories = [pick(CATEGORY_CODES)];
    const facts = { channel: pick(channels), categories, unitId: unit.unitId, realName: rnd() < 0.4 };
    // A petition: registered; accepted (60 %) or not (25 %); an accepted one transferred (60 %).
    const petitionId = `p${item}`;
    yield emit(pet.PetitionRegistered, { petitionId, ...facts, registeredOn: day(t0) }, t0);
    const r = rnd();
    let transferred = false;
    if (r < 0.6) {
      yield emit(pet.PetitionAccepted, { petitionId, ...facts, acceptedOn: day(t0 + 2 * DAY) }, t0 + 2 * DAY);
      if (rnd() < 0.6) {
        transferred = true;
        yield emit(
          pet.PetitionTransferred,
          {
            petitionId,
            accused: { position: '科长', unitId: unit.unitId },
            categories,
            summary: '反映问题',
            channel: facts.channel,
            realName: facts.realName,
            transferredAt: iso(t0 + 5 * DAY),
          },
          t0 + 5 * DAY,
        );
      }
    } else if (r < 0.85) {
      yield emit(
        pet.PetitionNotAccepted,
        { petitionId, ...facts, decidedOn: day(t0 + 3 * DAY), reason: 'no-substance' },
        t0 + 3 * DAY,
      );
    }
    // A clue: from the petition when transferred, else from another source (every other item).
    if (!transferred && item % 2 === 0) continue;
    const t1 = t0 + 6 * DAY;
    const year = day(t1).slice(0, 4);
    const n = (perYear.get(year) ?? 0) + 1;
    perYear.set(year, n);
    const number = `XS-${year}-${String(n).padStart(6, '0')}`;
    const clueId = `c${item}`;
    const source = transferred ? 'petition' : pick(CLUE_SOURCES.filter((s) => s !== 'petition'));
    yield emit(
      ClueRegisteredV3,
      {
        clueId,
        number,
        source,
        sourceRef: transferred ? petitionId : `ref${item}`,
        unitId: unit.unitId,
        zoneId: unit.zoneId,
        accused: { name: '测试人员', position: '科长', unitId: unit.unitId },
        categories,
        summary: '反映问题',
        registeredAt: iso(t1),
      },
      t1,
    );
    yield emit(
      cm.ClueAssigned,
      {
        clueId,
        number,
        unitId: unit.unitId,
        zoneId: unit.zoneId,
        assignedOffice: unit.office,
        dispositionDeadline: day(t1 + 30 * DAY),
      },
      t1,
    );
    if (rnd() < 0.1) continue; // still awaiting a proposal
    const kind = pick(['inquiry', 'inquiry', 'verification', 'shelve', 'close'] as const);
    yield emit(cm.DispositionProposed, { clueId, number, kind, reason: '拟处置' }, t1 + 10 * DAY);
    const sourceRef = transferred ? petitionId : `ref${item}`;
    yield emit(
      cm.DispositionApproved,
      { clueId, number, kind, unitId: unit.unitId, assignedOffice: unit.office, sourceRef },
      t1 + 15 * DAY,
    );
    const handled = { clueId, clueNumber: number, unitId: unit.unitId, office: unit.office };
    const t2 = t1 + 16 * DAY;
    if (kind === 'inquiry') {
      const inquiryId = `inq${item}`;
      yield emit(sv.InquiryOpened, { inquiryId, ...handled, round: 1, openedOn: day(t2) }, t2);
      if (rnd() < 0.15) {
        const clock = {
          clockId: `inquiry-reply:${inquiryId}`,
          measures: 'inquiry-reply',
          rule: '函询回复 15 个工作日',
          subject: inquiryId,
          office: unit.office,
          unitId: unit.unitId,
          dueOn: day(t2 + 21 * DAY),
          provisional: false,
        };
        yield emit(clockStarted, { ...clock, startedOn: day(t2) }, t2);
        yield emit(approaching, clock, t2 + 18 * DAY);
        // The reply arrives before the due day (met), or after it: breached, then stopped late.
        const late = rnd() < 0.5;
        if (late) yield emit(breached, clock, t2 + 22 * DAY);
        const stoppedAt = t2 + (late ? 24 : 20) * DAY;
        yield emit(clockStopped, { ...clock, startedOn: day(t2), stoppedOn: day(stoppedAt), met: !late }, stoppedAt);
      }
      const outcome = pick(['accepted', 'accepted', 'light-measure', 'second-round', 'convert-to-verification'] as const);
      yield emit(
        sv.InquiryConcluded,
        {
          inquiryId,
          ...handled,
          round: 1,
          outcome,
          ...(outcome === 'light-measure' ? { measure: 'criticism' } : {}),
          concludedOn: day(t2 + 25 * DAY),
        },
        t2 + 25 * DAY,
      );
      yield outcomeRecorded(clueId, number, inquiryId, 'inquiry', outcome, t2 + 25 * DAY + 60_000);
    } else if (kind === 'verification') {
      const verificationId = `ver${item}`;
      yield emit(sv.VerificationOpened, { verificationId, ...handled, openedOn: day(t2) }, t2);
      yield emit(
        sv.VerificationApproved,
        {
          verificationId,
          ...handled,
          approvedOn: day(t2 + 2 * DAY),
          dueOn: day(t2 + 92 * DAY),
          provisional: false,
          escalated: false,
        },
        t2 + 2 * DAY,
      );
      if (rnd() < 0.8) {
        const decision = pick(['file-case', 'close', 'light-measure', 'shelve'] as const);
        yield emit(
          sv.VerificationDecided,
          { verificationId, ...handled, decision, decidedOn: day(t2 + 80 * DAY) },
          t2 + 80 * DAY,
        );
        yield outcomeRecorded(clueId, number, verificationId, 'verification', decision, t2 + 80 * DAY + 60_000);
      }
    }
    // Now and then a recommendation to the unit and a rectification.
    if (item % 25 === 0) {
      const recommendationId = `rec${item}`;
      yield emit(
        sv.RecommendationIssued,
        {
          recommendationId,
          kind: 'supervisory',
          unitId: unit.unitId,
          office: unit.office,
          content: '监察建议',
          issuedOn: day(t2),
          responseDueOn: day(t2 + 30 * DAY),
        },
        t2,
      );
      if (rnd() < 0.1) {
        yield emit(
          sv.RecommendationRefused,
          {
            recommendationId,
            kind: 'supervisory',
            unitId: unit.unitId,
            office: unit.office,
            note: '不予采纳',
            refusedOn: day(t2 + 20 * DAY),
          },
          t2 + 20 * DAY,
        );
      }
      const rectificationId = `rect${item}`;
      yield emit(
        sv.RectificationOpened,
        {
          rectificationId,
          source: 'recommendation',
          unitId: unit.unitId,
          office: unit.office,
          description: '整改',
          dueOn: day(t2 + 60 * DAY),
          openedOn: day(t2 + 1 * DAY),
        },
        t2 + 1 * DAY,
      );
      const late = rnd() < 0.2;
      yield emit(
        sv.RectificationVerified,
        {
          rectificationId,
          source: 'recommendation',
          unitId: unit.unitId,
          office: unit.office,
          note: '已整改',
          verifiedOn: day(t2 + (late ? 70 : 50) * DAY),
          late,
        },
        t2 + (late ? 70 : 50) * DAY,
      );
    }
  }
}

/**
 * Publishes the planned events on the stream as the relays do, `window` publishes in flight.
 * Returns how many were published.
 */
export async function publishAll(
  nc: NatsConnection,
  opts: { stream: string; namespace?: string; window?: number },
  events: Iterable<Planned>,
  onProgress?: (published: number) => void,
): Promise<number> {
  const js = jetstream(nc);
  const window = opts.window ?? 2_000;
  const actor = { sub: 'u-bench', name: '测试干部', office: 'case-management' };
  let inFlight: Promise<unknown>[] = [];
  let published = 0;
  for (const e of events) {
    const eventId = randomUUID();
    const envelope = toEnvelope(e.contract, e.data, {
      eventId,
      occurredAt: e.occurredAt,
      actor,
      correlationId: eventId,
      streamId: `bench-${eventId}`,
      streamVersion: 1,
    });
    inFlight.push(
      js.publish(withNamespace(opts.namespace, e.contract.subject), encodeEnvelope(envelope), {
        msgID: eventId,
        expect: { streamName: opts.stream },
        timeout: 30_000,
      }),
    );
    published++;
    if (inFlight.length >= window) {
      await Promise.all(inFlight);
      inFlight = [];
      onProgress?.(published);
    }
  }
  await Promise.all(inFlight);
  onProgress?.(published);
  return published;
}

/** The analytics service on a database and a stream of its own, its consumers off (the rebuild fills it). */
export interface BenchAnalytics {
  harness: ServiceHarness;
  database: TestDatabase;
  stream: string;
  namespace: string;
  /** Stops the service; the database and the stream are deleted unless `keep` (to study the data set after). */
  stop(options?: { keep?: boolean }): Promise<void>;
}

/**
 * `reuse`: the database and the stream a run kept (BENCH_KEEP=1 printed them), already published and
 * rebuilt: the service is started on them and nothing is created or deleted.
 */
export async function startBenchAnalytics(prefix: string, reuse?: { url: string; stream: string }): Promise<BenchAnalytics> {
  const database: TestDatabase = reuse ? keptDatabase(reuse.url) : await createTestDatabase(prefix);
  const namespace = reuse ? reuse.stream.toLowerCase() : `${prefix}${process.pid}`;
  const stream = namespace.toUpperCase();
  const harness = await startServiceHarness((env) => ({ ...analyticsService(env), consumers: undefined }), {
    DATABASE_URL: database.url,
    JIANDU_NAMESPACE: namespace,
    JIANDU_EVENT_STREAM: stream,
    LOG_LEVEL: 'warn',
  });
  return {
    harness,
    database,
    stream,
    namespace,
    async stop({ keep = false } = {}) {
      if (keep || reuse) {
        process.stderr.write(`kept: database ${database.url}, stream ${stream}\n`);
        await harness.stop();
        return;
      }
      const jsm = await jetstreamManager(harness.service.ctx.nc);
      await jsm.streams.delete(stream).catch(() => undefined);
      await harness.stop();
      await database.drop();
    },
  };
}

/** A database a run kept: its pool is closed at the end, the database is not dropped. */
function keptDatabase(url: string): TestDatabase {
  let pool: pg.Pool | undefined;
  return {
    url,
    name: new URL(url).pathname.slice(1),
    pool: () => (pool ??= new pg.Pool({ connectionString: url, max: 2 })),
    drop: async () => {
      await pool?.end();
    },
  };
}

/** Publishes the data set (with a progress line every 100,000 events) and says how fast. */
export async function publishDataSet(bench: BenchAnalytics, shape: DataSetShape): Promise<{ events: number; seconds: number }> {
  const started = performance.now();
  const events = await publishAll(
    bench.harness.service.ctx.nc,
    { stream: bench.stream, namespace: bench.namespace },
    plan(shape),
    (n) => {
      if (n % 100_000 < 2_000) process.stderr.write(`published ${n} events\n`);
    },
  );
  return { events, seconds: (performance.now() - started) / 1000 };
}

/** Rebuilds the bench's analytics from its stream; events per second over the whole rebuild, swap included. */
export async function rebuildDataSet(bench: BenchAnalytics): Promise<{ events: number; rows: number; seconds: number }> {
  const pool = new pg.Pool({ connectionString: bench.database.url, max: 3, statement_timeout: 600_000 });
  try {
    const started = performance.now();
    let last = 0;
    const result = await rebuildAnalytics({
      pool,
      nc: bench.harness.service.ctx.nc,
      registry: analyticsService({}).registry,
      stream: bench.stream,
      namespace: bench.namespace,
      schema: 'analytics',
      phase: ({ name, seconds }) => {
        process.stderr.write(`rebuild: ${name} at ${seconds.toFixed(1)} s\n`);
      },
      progress: ({ events, total, ratePerSecond }) => {
        if (Date.now() - last < 5_000) return;
        last = Date.now();
        process.stderr.write(`rebuild: ${events}/${total} events, ${ratePerSecond} events/s\n`);
      },
    });
    return { events: result.events, rows: result.rows, seconds: (performance.now() - started) / 1000 };
  } finally {
    await pool.end();
  }
}
