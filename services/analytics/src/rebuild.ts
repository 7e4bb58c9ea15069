// Rebuilds every analytics read model from the public events, with no downtime (issue 11): reads
// the JetStream stream from its first message in stream order, folds it in memory with the same
// pure function the consumers apply (domain/ledgers.ts), and loads the versions into a shadow
// schema as it goes (the projection's loader, copyVersions: a COPY of thousands of rows, each
// batch its own transaction, one batch in flight while the next is read), with the inbox rows
// likewise; the shadow is indexed once loaded and checked. Then, in one transaction that holds
// off the live consumers (a lock on the inbox), it folds what arrived meanwhile into the shadow and
// swaps the shadow's ledger and inbox tables in for the live ones (the analyst views are made
// again on them), and copies the registry rows. Readers keep reading the old rows until that
// transaction commits; a consumer's next message waits for it.
import { jetstream, jetstreamManager, DeliverPolicy } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Pool, PoolClient } from 'pg';
import type { ContractRegistry } from '@jiandu/contracts';
import { withTransaction } from '@jiandu/event-store';
import { withNamespace, withoutNamespace } from '@jiandu/messaging';
import { changesOf, rowKey, type BookName, type PublicEvent } from './domain/ledgers.js';
import { zoneOfFrom, type ZoneAssignment } from './domain/registry.js';
import { ANALYST_VIEWS_MIGRATION, analyticsMigrations, ledgerTableSql } from './migrations.js';
import {
  copyLines,
  copySteps,
  copyValue,
  copyVersions,
  refreshSteps,
  replaceLoadedVersions,
  writeVersions,
  type LedgerVersion,
} from './projections/ledgers.projection.js';
import { REGISTRY_TYPES } from './projections/registry.projection.js';
import { durableFor, SOURCE_SERVICES } from './reactors/on-public-events.reactor.js';

export interface RebuildOptions {
  pool: Pool;
  nc: NatsConnection;
  registry: ContractRegistry;
  stream: string;
  namespace?: string;
  /** The live schema (`analytics`); the shadow is `<schema>_shadow`. */
  schema: string;
  progress?: (p: { events: number; total: number; ratePerSecond: number; etaSeconds: number }) => void;
  /**
   * Each phase as it ends, with the seconds since the start: `read` (the stream read and folded),
   * `loaded` (every version in the shadow), `indexed` (indexed, the steps written, checked),
   * `swapped` (the shadow is live). The rebuild waits for what it returns: a test may act on the
   * shadow between two phases.
   */
  phase?: (p: { name: 'read' | 'loaded' | 'indexed' | 'swapped'; seconds: number }) => void | Promise<void>;
  /**
   * A current version untouched for this many days of the stream's time is loaded while the
   * stream is read on, not at its end (default 180): a later change to it is rare, and is put
   * right by the end's replacement. 0 loads every current version at every write.
   */
  idleDays?: number;
  /** Rows a write while loading (default 10,000); the stream is read on in steps of at most this. */
  batch?: number;
}

export interface RebuildResult {
  events: number;
  rows: number;
  skipped: number;
  /** Versions loaded early (idle) that changed after all, and were written again at the end. */
  rewritten: number;
  /** Messages whose event had been folded already (the stream held it twice): folded once. */
  duplicates: number;
}

/** A version of the fold: written to the shadow yet or not. */
interface Version extends LedgerVersion {
  written?: boolean;
  /** Its steps are in the shadow's ledger_steps: it was current when it was written. */
  stepsWritten?: boolean;
}

/** Rows a statement (and a transaction) when the shadow is loaded. */
const WRITE_BATCH = 10_000;
/** Messages a fetch from the stream. */
const READ_BATCH = 5_000;
const IDLE_DAYS = 180;
/** Sort memory of each of the two connections that index the shadow (maintenance_work_mem, work_mem). */
const SORT_MEMORY = '256MB';
const DAY_MS = 86_400_000;
/** The columns of ledger_rows the queries filter and sort on. */
const ANALYZED_COLUMNS =
  'ledger, item_id, valid_from, valid_to, state, unit_id, zone_id, office, category, source, kind, opened_at, updated_at, due_on, closed_on, active_from, active_to';
/** Indexes of the shadow that stay while it is loaded: partial, on a condition no loaded row meets. */
const KEPT_WHILE_LOADING = ['ledger_rows_unstepped'];

/**
 * The in-memory fold: the same versions the projection writes one event at a time. Closed
 * versions are final and leave memory once written; the current ones stay (an idle one is
 * written early, and written again if it changes after all).
 */
class Fold {
  private readonly current = new Map<string, Version>();
  /** Closed versions not written yet: final. */
  private closed: Version[] = [];
  /** Written versions changed since: closed or amended. */
  private readonly changed = new Set<Version>();
  /** The latest instant folded (ms): the stream's time, for what is idle. */
  private latest = 0;
  private readonly zonesOfUnit = new Map<string, ZoneAssignment[]>();
  readonly units = new Map<string, { name: string; staffCount: number }>();
  readonly zones = new Map<string, { name: string; office: string }>();
  inbox: string[][] = [[], []];
  /** Every event id folded: a message the stream holds twice (a relay's publish retried after its dedup window) is folded once, as the consumers' inbox does. */
  private readonly seen = new Set<string>();
  duplicates = 0;
  versions = 0;
  items = 0;
  /** The sums of every version's valid_from and of every closed version's valid_to (ms): what the shadow must add up to. */
  fromMs = 0n;
  toMs = 0n;

  private readonly zoneOf = (unitId: string, on: string) => zoneOfFrom(this.zonesOfUnit.get(unitId) ?? [])(unitId, on);

  apply(event: PublicEvent & { eventId: string }): void {
    if (this.seen.has(event.eventId)) {
      this.duplicates++;
      return;
    }
    this.seen.add(event.eventId);
    (this.inbox[0] as string[]).push(durableFor(event.service));
    (this.inbox[1] as string[]).push(event.eventId);
    if (event.service === 'case-management' && REGISTRY_TYPES.includes(event.type)) return this.registry(event);
    const at = new Date(event.occurredAt);
    if (at.getTime() > this.latest) this.latest = at.getTime();
    for (const c of changesOf(event, this.zoneOf)) {
      const key = rowKey(c.ledger, c.id);
      const held = this.current.get(key);
      const row = c.apply(held?.row);
      if (held && held.validFrom.getTime() >= at.getTime()) {
        held.row = row;
        if (held.written) this.changed.add(held);
      } else {
        if (held) {
          held.validTo = at;
          this.toMs += BigInt(at.getTime());
          if (held.written) this.changed.add(held);
          else this.closed.push(held);
        } else this.items++;
        this.versions++;
        this.fromMs += BigInt(at.getTime());
        this.current.set(key, { row, validFrom: at });
      }
    }
  }

  /**
   * The versions none of the written rows holds: the closed ones not written yet, and the current
   * ones not written yet that have been idle for `idleMs` of the stream's time (all of them with
   * `all`). Marked written.
   */
  takeNew(all: boolean, idleMs: number): Version[] {
    const out = this.closed;
    this.closed = [];
    const before = this.latest - idleMs;
    for (const v of this.current.values()) if (!v.written && (all || v.validFrom.getTime() < before)) out.push(v);
    for (const v of out) v.written = true;
    return out;
  }

  /** Written versions changed since they were written: to be written again, over themselves. */
  takeChanged(): Version[] {
    const out = [...this.changed];
    this.changed.clear();
    return out;
  }

  /** Everything not written as it stands, in an order writeVersions takes: the changed ones (a current version closed) first. */
  take(): Version[] {
    return [...this.takeChanged(), ...this.takeNew(true, 0)];
  }

  /** The item's current version. */
  currentOf(ledger: string, id: string): Version | undefined {
    return this.current.get(rowKey(ledger as BookName, id));
  }

  /** Closed versions waiting to be written. */
  get pendingCount(): number {
    return this.closed.length;
  }

  takeInbox(): string[][] {
    const out = this.inbox;
    this.inbox = [[], []];
    return out;
  }

  private registry(event: PublicEvent): void {
    const d = event.data as Record<string, unknown>;
    if (event.type === 'UnitRegistered')
      this.units.set(String(d['unitId']), { name: String(d['name']), staffCount: Number(d['staffCount']) });
    else if (event.type === 'ZoneRegistered')
      this.zones.set(String(d['zoneId']), { name: String(d['name']), office: String(d['office']) });
    else {
      const a = { unitId: String(d['unitId']), zoneId: String(d['zoneId']), effectiveFrom: String(d['effectiveFrom']) };
      const own = this.zonesOfUnit.get(a.unitId) ?? [];
      const same = own.findIndex((x) => x.effectiveFrom === a.effectiveFrom);
      if (same >= 0) own[same] = a;
      else own.push(a);
      this.zonesOfUnit.set(a.unitId, own);
    }
  }

  get assignments(): ZoneAssignment[] {
    return [...this.zonesOfUnit.values()].flat();
  }
}

const SOURCES = new Set<string>(SOURCE_SERVICES);

/**
 * Reads the stream's messages from `fromSeq` to its last one at the time of the call, in order;
 * `afterBatch` runs after each fetch (the writes of the shadow keep pace there).
 */
async function readStream(
  opts: RebuildOptions,
  fromSeq: number,
  onEvent: (event: PublicEvent & { eventId: string }) => void,
  afterBatch: () => Promise<void> = async () => undefined,
  readBatch = READ_BATCH,
): Promise<{ lastSeq: number; read: number; skipped: number }> {
  const jsm = await jetstreamManager(opts.nc);
  const lastSeq = (await jsm.streams.info(opts.stream)).state.last_seq;
  if (lastSeq < fromSeq) return { lastSeq: fromSeq - 1, read: 0, skipped: 0 };
  const consumer = await jetstream(opts.nc).consumers.get(opts.stream, {
    filter_subjects: withNamespace(opts.namespace, 'jiandu.evt.>'),
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: fromSeq,
  });
  let read = 0;
  let skipped = 0;
  let sinceBatch = 0;
  // One pull that keeps READ_BATCH messages coming while the previous ones are folded.
  const messages = await consumer.consume({ max_messages: READ_BATCH, expires: 5_000 });
  let lastArrival = Date.now();
  // Nothing more within 10 s: the rest was deleted (limits) or filtered out.
  const idle = setInterval(() => {
    if (Date.now() - lastArrival > 10_000) void messages.stop();
  }, 1_000);
  try {
    for await (const m of messages) {
      lastArrival = Date.now();
      if (m.seq > lastSeq) break;
      const subject = withoutNamespace(opts.namespace, m.subject);
      const decoded = opts.registry.decode(subject, m.data);
      if (!decoded.ok || !SOURCES.has(decoded.envelope.service)) skipped++;
      else {
        read++;
        onEvent({
          eventId: decoded.envelope.eventId,
          service: decoded.envelope.service,
          type: decoded.envelope.type,
          data: decoded.data,
          occurredAt: decoded.envelope.occurredAt,
        });
      }
      if (++sinceBatch >= readBatch) {
        sinceBatch = 0;
        await afterBatch();
      }
      if (m.seq >= lastSeq) break;
    }
    await afterBatch();
  } finally {
    clearInterval(idle);
    await messages.close().catch(() => undefined);
    await consumer.delete().catch(() => undefined);
  }
  return { lastSeq, read, skipped };
}

/** Multi-row INSERTs of small tables (the registry's), at most 1,000 rows a statement. */
async function insertMany(db: PoolClient, table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1_000) {
    const chunk = rows.slice(i, i + 1_000);
    const values = chunk.map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ');
    await db.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}`, chunk.flat());
  }
}

/** Loads inbox rows with COPY: the fold's event ids are unique (Fold.apply), and the shadow's inbox new. */
async function copyInbox(pool: Pool, shadow: string, [consumers = [], ids = []]: string[][]): Promise<void> {
  function* lines(): Generator<string> {
    for (let i = 0; i < ids.length; i += 1_000) {
      let chunk = '';
      for (let j = i; j < Math.min(i + 1_000, ids.length); j++)
        chunk += `${copyValue(consumers[j] as string)}\t${copyValue(ids[j] as string)}\n`;
      yield chunk;
    }
  }
  await withCopyClient(pool, (client) => copyLines(client, `${shadow}.inbox (consumer, event_id)`, lines()));
}

/** A pooled connection for COPYs: one that failed half-way is closed, not pooled in the middle of a COPY. */
async function withCopyClient(pool: Pool, work: (client: PoolClient) => Promise<void>): Promise<void> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await work(client);
  } catch (error) {
    broken = error as Error;
    throw error;
  } finally {
    client.release(broken);
  }
}

async function writeInbox(db: Pick<PoolClient, 'query'>, schema: string, [consumers, ids]: string[][]): Promise<void> {
  if (!ids || ids.length === 0) return;
  await db.query(
    `INSERT INTO ${schema}.inbox (consumer, event_id) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`,
    [consumers, ids],
  );
}

/** Removes these items' steps from the shadow's ledger_steps (no index yet: one hash join). */
async function deleteSteps(db: Pick<PoolClient, 'query'>, shadow: string, items: readonly { ledger: string; id: string }[]) {
  if (items.length === 0) return;
  await db.query(
    `DELETE FROM ${shadow}.ledger_steps s USING unnest($1::text[], $2::text[]) AS i(ledger, item_id)
      WHERE s.ledger = i.ledger AND s.item_id = i.item_id`,
    [items.map((i) => i.ledger), items.map((i) => i.id)],
  );
}

/** The registry's rows of the fold into `target` (its tables emptied first). */
async function writeRegistry(db: PoolClient, target: string, fold: Fold): Promise<void> {
  for (const table of ['units', 'unit_zones', 'zones']) await db.query(`DELETE FROM ${target}.${table}`);
  await insertMany(
    db,
    `${target}.units`,
    ['unit_id', 'name', 'staff_count'],
    [...fold.units].map(([id, u]) => [id, u.name, u.staffCount]),
  );
  await insertMany(
    db,
    `${target}.unit_zones`,
    ['unit_id', 'zone_id', 'effective_from'],
    fold.assignments.map((a) => [a.unitId, a.zoneId, a.effectiveFrom]),
  );
  await insertMany(
    db,
    `${target}.zones`,
    ['zone_id', 'name', 'office'],
    [...fold.zones].map(([id, z]) => [id, z.name, z.office]),
  );
}

/**
 * The shadow's checks: every version written (their number, and the sum of their valid_from), one
 * current version per item (with ledger_rows_current, unique), and every closed version closed
 * when the fold closed it (the sum of their valid_to). One pass over the table, no sort: the fold
 * keeps the same figures as it goes.
 */
async function check(db: Pick<PoolClient, 'query'>, shadow: string, fold: Fold): Promise<void> {
  const { rows } = await db.query<{ n: string; current: string; from_ms: string | null; to_ms: string | null }>(
    `SELECT count(*) AS n, count(*) FILTER (WHERE valid_to IS NULL) AS current,
            sum((extract(epoch FROM valid_from) * 1000)::bigint) AS from_ms,
            sum((extract(epoch FROM valid_to) * 1000)::bigint) AS to_ms
       FROM ${shadow}.ledger_rows`,
  );
  const r = rows[0];
  const expected = { n: fold.versions, current: fold.items, fromMs: fold.fromMs, toMs: fold.toMs };
  if (
    !r ||
    Number(r.n) !== expected.n ||
    Number(r.current) !== expected.current ||
    BigInt(r.from_ms ?? 0) !== expected.fromMs ||
    BigInt(r.to_ms ?? 0) !== expected.toMs
  ) {
    const found = r && { n: Number(r.n), current: Number(r.current), fromMs: r.from_ms ?? '0', toMs: r.to_ms ?? '0' };
    throw new Error(
      `the shadow does not check: ${JSON.stringify(found)}, the fold ${JSON.stringify({ ...expected, fromMs: String(expected.fromMs), toMs: String(expected.toMs) })}`,
    );
  }
}

/**
 * Takes the primary key and the indexes off one of the shadow's tables (it loads faster without,
 * and they are built once after), and returns the statements that put them back.
 */
async function dropIndexes(db: Pick<PoolClient, 'query'>, shadow: string, table: string): Promise<string[]> {
  const { rows: constraints } = await db.query<{ name: string; def: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE conrelid = '${shadow}.${table}'::regclass AND contype IN ('p', 'u')`,
  );
  // An index no loaded row enters stays (ledger_rows_unstepped: every version is loaded with its
  // steps): kept up as rows arrive costs a test a row, built after costs a pass over the table.
  const { rows: indexes } = await db.query<{ name: string; def: string }>(
    `SELECT indexname AS name, indexdef AS def FROM pg_indexes
      WHERE schemaname = $1 AND tablename = $2 AND indexname <> ALL($3::text[]) AND indexname <> ALL($4::text[])`,
    [shadow, table, constraints.map((c) => c.name), KEPT_WHILE_LOADING],
  );
  for (const c of constraints) await db.query(`ALTER TABLE ${shadow}.${table} DROP CONSTRAINT ${c.name}`);
  for (const i of indexes) await db.query(`DROP INDEX ${shadow}.${i.name}`);
  return [
    ...constraints.map((c) => `ALTER TABLE ${shadow}.${table} ADD CONSTRAINT ${c.name} ${c.def}`),
    ...indexes.map((i) => i.def),
  ];
}

/**
 * The loaded shadow indexed, analyzed and checked (its steps were loaded with its versions): two
 * statements at a time, one connection each (the builds are CPU-bound and PostgreSQL's own; the
 * shadow is nobody else's, so no transaction: a failure drops the shadow).
 */
async function indexShadow(
  pool: Pool,
  shadow: string,
  fold: Fold,
  rowIndexes: readonly string[],
  stepIndexes: readonly string[],
  inboxIndexes: readonly string[],
): Promise<void> {
  // Each path on a connection of its own, with room to sort in memory (the builds sort a million
  // rows, which spill to disk at the default 64 MB), and no parallel workers of its own (three
  // processes a path on two cores made the tail 2× longer).
  const roomy = async <T>(work: (db: PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      // One process a path: the two paths already keep both cores busy.
      await client.query(
        `SET maintenance_work_mem = '${SORT_MEMORY}'; SET work_mem = '${SORT_MEMORY}'; SET max_parallel_maintenance_workers = 0`,
      );
      return await work(client);
    } finally {
      await client
        .query('RESET maintenance_work_mem; RESET work_mem; RESET max_parallel_maintenance_workers')
        .catch(() => undefined);
      client.release();
    }
  };
  // The primary key first (ALTER TABLE locks the table; the other builds share it): one path
  // builds it while the other builds the steps' indexes, then both take the rest from one queue,
  // the check (one pass over the table, no index needed) last.
  const [primaryKey, ...others] = rowIndexes;
  const queue: ((db: PoolClient) => Promise<unknown>)[] = [
    ...[...others, ...inboxIndexes].map((statement) => (db: PoolClient) => db.query(statement)),
    // The planner's statistics of the loaded table (without them a statistic's read takes the
    // wrong index until autovacuum comes by: 20× slower on the bench's data set), of the columns
    // queries filter and sort on: sampling the rows' JSON and step arrays doubled its time
    // (`npm run rebuild` analyzes every column after the swap).
    (db) => db.query(`ANALYZE ${shadow}.ledger_rows (${ANALYZED_COLUMNS})`),
    (db) => check(db, shadow, fold),
  ];
  let keyedDone!: (error?: unknown) => void;
  const keyed = new Promise<void>((resolve, reject) => (keyedDone = (error) => (error ? reject(error) : resolve())));
  keyed.catch(() => undefined); // awaited by the steps' path; its failure is the rows' path's too
  let failed = false;
  const drain = async (db: PoolClient) => {
    for (let next = queue.shift(); next && !failed; next = queue.shift()) {
      try {
        await next(db);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const rows = roomy(async (db) => {
    try {
      if (primaryKey) await db.query(primaryKey);
      keyedDone();
    } catch (error) {
      keyedDone(error);
      throw error;
    }
    await drain(db);
  });
  const steps = roomy(async (db) => {
    for (const statement of stepIndexes) await db.query(statement);
    await db.query(`ANALYZE ${shadow}.ledger_steps`);
    await keyed;
    await drain(db);
  });
  const [a, b] = await Promise.allSettled([rows, steps]);
  for (const r of [a, b]) if (r.status === 'rejected') throw r.reason;
}

export async function rebuildAnalytics(opts: RebuildOptions): Promise<RebuildResult> {
  const { pool, schema } = opts;
  const shadow = `${schema}_shadow`;
  // The shadow: the ledger tables as the live migration makes them, and an inbox like the live one.
  const [rowIndexes, stepIndexes, inboxIndexes] = await withTransaction(pool, async (tx) => {
    await tx.query(`DROP SCHEMA IF EXISTS ${shadow} CASCADE; CREATE SCHEMA ${shadow}`);
    await tx.query(ledgerTableSql(shadow));
    await tx.query(`CREATE TABLE ${shadow}.inbox (LIKE ${schema}.inbox INCLUDING ALL)`);
    // The inbox's key too: a million event ids (random UUIDs) inserted one by one into a B-tree
    // cost PostgreSQL more during the read, when it shares the cores with the fold, than one
    // sorted build after it (the fold's event ids are unique: Fold.apply).
    return [
      await dropIndexes(tx, shadow, 'ledger_rows'),
      await dropIndexes(tx, shadow, 'ledger_steps'),
      await dropIndexes(tx, shadow, 'inbox'),
    ];
  });

  const fold = new Fold();
  const started = Date.now();
  const total = (await (await jetstreamManager(opts.nc)).streams.info(opts.stream)).state.messages;
  let events = 0;
  const tick = () => {
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    const rate = events / seconds;
    opts.progress?.({
      events,
      total,
      ratePerSecond: Math.round(rate),
      etaSeconds: rate > 0 ? Math.max(0, (total - events) / rate) : 0,
    });
  };

  // Loading: one write in flight while the stream is read on; each its own transaction. The
  // versions written early and changed since are written again at the end.
  const idleMs = (opts.idleDays ?? IDLE_DAYS) * DAY_MS;
  const batch = opts.batch ?? WRITE_BATCH;
  let inFlight: Promise<void> = Promise.resolve();
  let rewritten = 0;
  const flush = async (all: boolean) => {
    await inFlight;
    const versions = fold.takeNew(all, idleMs);
    const changed = all ? fold.takeChanged() : [];
    rewritten += changed.length;
    const inbox = fold.takeInbox();
    inFlight = (async () => {
      if (versions.length > 0 || changed.length > 0) {
        await withCopyClient(pool, async (client) => {
          // The items whose steps were written with a version that changed since: their steps are
          // written again from their current versions, whichever flush wrote those.
          const restepped = new Map<string, { ledger: string; id: string }>();
          for (const v of changed)
            if (v.stepsWritten) restepped.set(rowKey(v.row.ledger, v.row.id), { ledger: v.row.ledger, id: v.row.id });
          await deleteSteps(client, shadow, [...restepped.values()]);
          const markSteps = (v: LedgerVersion) => ((v as Version).stepsWritten = true);
          for (let i = 0; i < versions.length; i += batch)
            await copyVersions(client, shadow, versions.slice(i, i + batch), markSteps);
          await replaceLoadedVersions(client, shadow, changed);
          const writtenNow = new Set<Version>(versions);
          const restep = [...restepped.values()]
            .map(({ ledger, id }) => fold.currentOf(ledger, id))
            .filter((v): v is Version => v !== undefined && !writtenNow.has(v));
          await copySteps(client, shadow, restep);
        });
      }
      await copyInbox(pool, shadow, inbox);
    })();
    if (all) await inFlight;
  };
  let skipped = 0;
  try {
    const first = await readStream(
      opts,
      1,
      (event) => {
        fold.apply(event);
        if (++events % 10_000 === 0) tick();
      },
      async () => {
        if (fold.pendingCount >= batch) await flush(false);
      },
      Math.min(READ_BATCH, batch),
    );
    skipped = first.skipped;
    const phase = async (name: 'read' | 'loaded' | 'indexed' | 'swapped') =>
      opts.phase?.({ name, seconds: (Date.now() - started) / 1000 });
    await phase('read');
    await flush(true);
    tick();
    await phase('loaded');
    await indexShadow(pool, shadow, fold, rowIndexes, stepIndexes, inboxIndexes);
    await phase('indexed');

    // The swap: the live consumers wait on the inbox lock; what arrived since is folded into the
    // shadow; the shadow's tables replace the live ones. Readers see the old rows until the commit.
    await withTransaction(pool, async (tx) => {
      await tx.query(`LOCK TABLE ${schema}.inbox IN EXCLUSIVE MODE`);
      const rest = await readStream(opts, first.lastSeq + 1, (event) => {
        fold.apply(event);
        events++;
      });
      skipped += rest.skipped;
      // Changed versions first (a current one closed), then the new ones: writeVersions' order.
      const delta = fold.take();
      for (let i = 0; i < delta.length; i += WRITE_BATCH) await writeVersions(tx, shadow, delta.slice(i, i + WRITE_BATCH));
      await refreshSteps(
        tx,
        shadow,
        delta.map((v) => ({ ledger: v.row.ledger, id: v.row.id })),
      );
      await writeInbox(tx, shadow, fold.takeInbox());
      // The inbox rows of other consumers of this schema, if any, are kept.
      const consumers = SOURCE_SERVICES.map(durableFor);
      await tx.query(`INSERT INTO ${shadow}.inbox SELECT * FROM ${schema}.inbox WHERE consumer <> ALL($1::text[])`, [consumers]);
      const views = analyticsMigrations.find((m) => m.id === ANALYST_VIEWS_MIGRATION);
      if (!views) throw new Error(`${ANALYST_VIEWS_MIGRATION} is missing`);
      await tx.query(`DROP SCHEMA IF EXISTS ${schema}_views CASCADE`);
      await tx.query(`DROP TABLE ${schema}.ledger_rows, ${schema}.ledger_steps, ${schema}.inbox`);
      await tx.query(`ALTER TABLE ${shadow}.ledger_rows SET SCHEMA ${schema}`);
      await tx.query(`ALTER TABLE ${shadow}.ledger_steps SET SCHEMA ${schema}`);
      await tx.query(`ALTER TABLE ${shadow}.inbox SET SCHEMA ${schema}`);
      await tx.query(views.sql.replaceAll('{{schema}}', schema));
      await writeRegistry(tx, schema, fold);
    });
    await phase('swapped');
  } finally {
    await inFlight.catch(() => undefined);
    await pool.query(`DROP SCHEMA IF EXISTS ${shadow} CASCADE`);
  }
  tick();
  return { events, rows: fold.versions, skipped, rewritten, duplicates: fold.duplicates };
}
