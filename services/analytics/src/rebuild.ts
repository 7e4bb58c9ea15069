// Rebuilds every analytics read model from the public events, with no downtime (issue 11): reads
// the JetStream stream from its first message in stream order, folds it in memory with the same
// pure function the consumers apply (domain/ledgers.ts), writes the result into a shadow schema
// with multi-row inserts, checks it, and then, in one transaction that holds off the live consumers
// (a lock on the inbox), folds what arrived meanwhile and replaces the live rows and the consumers'
// inbox rows with the shadow's. Readers keep reading the old rows until that transaction commits.
import { jetstream, jetstreamManager, DeliverPolicy } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Pool, PoolClient } from 'pg';
import type { ContractRegistry } from '@jiandu/contracts';
import { withTransaction } from '@jiandu/event-store';
import { withNamespace, withoutNamespace } from '@jiandu/messaging';
import { changesOf, rowKey, type PublicEvent, type StoredRow } from './domain/ledgers.js';
import { zoneOfFrom, type ZoneAssignment } from './domain/registry.js';
import { analyticsMigrations } from './migrations.js';
import { durableFor, SOURCE_SERVICES } from './reactors/on-public-events.reactor.js';
import { REGISTRY_TYPES } from './projections/registry.projection.js';

export interface RebuildOptions {
  pool: Pool;
  nc: NatsConnection;
  registry: ContractRegistry;
  stream: string;
  namespace?: string;
  /** The live schema (`analytics`); the shadow is `<schema>_shadow`. */
  schema: string;
  progress?: (p: { events: number; total: number; ratePerSecond: number; etaSeconds: number }) => void;
}

export interface RebuildResult {
  events: number;
  rows: number;
  skipped: number;
}

/** One version of a row, as `ledger_rows` holds it. */
interface Version {
  row: StoredRow;
  validFrom: number;
  validTo?: number;
}

/** The in-memory fold: the same versions the projection writes one event at a time. */
class Fold {
  readonly versions: Version[] = [];
  private readonly current = new Map<string, Version>();
  readonly assignments: ZoneAssignment[] = [];
  readonly units = new Map<string, { name: string; staffCount: number }>();
  readonly zones = new Map<string, { name: string; office: string }>();
  readonly inbox: { consumer: string; eventId: string }[] = [];

  apply(event: PublicEvent & { eventId: string }): void {
    this.inbox.push({ consumer: durableFor(event.service), eventId: event.eventId });
    if (event.service === 'case-management' && REGISTRY_TYPES.includes(event.type)) return this.registry(event);
    const at = Date.parse(event.occurredAt);
    for (const c of changesOf(event, zoneOfFrom(this.assignments))) {
      const key = rowKey(c.ledger, c.id);
      const held = this.current.get(key);
      const row = c.apply(held?.row);
      if (held && held.validFrom >= at) {
        held.row = row;
      } else {
        if (held) held.validTo = at;
        const next: Version = { row, validFrom: at };
        this.versions.push(next);
        this.current.set(key, next);
      }
    }
  }

  private registry(event: PublicEvent): void {
    const d = event.data as Record<string, unknown>;
    if (event.type === 'UnitRegistered')
      this.units.set(String(d['unitId']), { name: String(d['name']), staffCount: Number(d['staffCount']) });
    else if (event.type === 'ZoneRegistered')
      this.zones.set(String(d['zoneId']), { name: String(d['name']), office: String(d['office']) });
    else {
      const a = { unitId: String(d['unitId']), zoneId: String(d['zoneId']), effectiveFrom: String(d['effectiveFrom']) };
      const same = this.assignments.findIndex((x) => x.unitId === a.unitId && x.effectiveFrom === a.effectiveFrom);
      if (same >= 0) this.assignments[same] = a;
      else this.assignments.push(a);
    }
  }
}

const SOURCES = new Set<string>(SOURCE_SERVICES);
const BATCH = 1_000;

/** Reads the stream's messages from `fromSeq` to its last one at the time of the call, in order. */
async function readStream(
  opts: RebuildOptions,
  fromSeq: number,
  onEvent: (event: PublicEvent & { eventId: string }, seq: number) => void,
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
  let seen = fromSeq - 1;
  while (seen < lastSeq) {
    // No more than remain: a full batch returns at once, without waiting out `expires`.
    const batch = await consumer.fetch({ max_messages: Math.min(BATCH, lastSeq - seen), expires: 5_000 });
    let got = 0;
    for await (const m of batch) {
      got++;
      seen = m.seq;
      if (m.seq > lastSeq) break;
      const subject = withoutNamespace(opts.namespace, m.subject);
      const decoded = opts.registry.decode(subject, m.data);
      if (!decoded.ok || !SOURCES.has(decoded.envelope.service)) {
        skipped++;
        continue;
      }
      read++;
      onEvent(
        {
          eventId: decoded.envelope.eventId,
          service: decoded.envelope.service,
          type: decoded.envelope.type,
          data: decoded.data,
          occurredAt: decoded.envelope.occurredAt,
        },
        m.seq,
      );
    }
    if (got === 0) break; // nothing more within the wait: the rest was deleted (limits) or filtered out
  }
  await consumer.delete().catch(() => undefined);
  return { lastSeq, read, skipped };
}

/** Multi-row INSERTs of `rows`, `columns.length` parameters each, at most BATCH rows a statement. */
async function insertMany(db: PoolClient, table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const chunk = rows.slice(i, i + BATCH);
    const values = chunk.map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ');
    await db.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}`, chunk.flat());
  }
}

const LEDGER_COLUMNS = [
  'ledger',
  'item_id',
  'valid_from',
  'valid_to',
  'state',
  'unit_id',
  'zone_id',
  'office',
  'category',
  'source',
  'kind',
  'opened_at',
  'updated_at',
  'due_on',
  'closed_on',
  'row',
] as const;

function ledgerValues(v: Version): unknown[] {
  const r = v.row;
  return [
    r.ledger,
    r.id,
    new Date(v.validFrom),
    v.validTo === undefined ? null : new Date(v.validTo),
    r.state,
    r.unitId ?? null,
    r.zoneId ?? null,
    r.office ?? null,
    r.category ?? null,
    r.source ?? null,
    r.kind ?? null,
    r.openedAt,
    r.updatedAt,
    r.dueOn ?? null,
    r.closedOn ?? null,
    JSON.stringify(r),
  ];
}

/** Writes the fold into `target` (its tables emptied first). */
async function writeFold(db: PoolClient, target: string, fold: Fold): Promise<void> {
  for (const table of ['ledger_rows', 'units', 'unit_zones', 'zones']) await db.query(`DELETE FROM ${target}.${table}`);
  await insertMany(db, `${target}.ledger_rows`, LEDGER_COLUMNS, fold.versions.map(ledgerValues));
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

/** The shadow's checks: one current version per item, versions that do not overlap. */
async function check(db: PoolClient, shadow: string, fold: Fold): Promise<void> {
  const { rows } = await db.query<{ n: string; current: string; overlaps: string }>(
    `SELECT count(*) AS n,
            count(*) FILTER (WHERE valid_to IS NULL) AS current,
            (SELECT count(*) FROM ${shadow}.ledger_rows a JOIN ${shadow}.ledger_rows b
               ON a.ledger = b.ledger AND a.item_id = b.item_id AND a.valid_from < b.valid_from
              AND (a.valid_to IS NULL OR a.valid_to > b.valid_from)) AS overlaps
       FROM ${shadow}.ledger_rows`,
  );
  const r = rows[0];
  const items = new Set(fold.versions.map((v) => rowKey(v.row.ledger, v.row.id))).size;
  if (!r || Number(r.n) !== fold.versions.length || Number(r.current) !== items || Number(r.overlaps) !== 0) {
    throw new Error(`the shadow does not check: ${JSON.stringify(r)} for ${fold.versions.length} versions of ${items} items`);
  }
}

export async function rebuildAnalytics(opts: RebuildOptions): Promise<RebuildResult> {
  const { pool, schema } = opts;
  const shadow = `${schema}_shadow`;
  // The shadow: the ledger tables as the live migration makes them (indexes included), and an inbox.
  await withTransaction(pool, async (tx) => {
    await tx.query(`DROP SCHEMA IF EXISTS ${shadow} CASCADE; CREATE SCHEMA ${shadow}`);
    const ledgerTables = analyticsMigrations.find((m) => m.id === 'analytics-001-ledger-rows');
    if (!ledgerTables) throw new Error('analytics-001-ledger-rows is missing');
    await tx.query(ledgerTables.sql.replaceAll('{{schema}}', shadow));
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
  const first = await readStream(opts, 1, (event) => {
    fold.apply(event);
    if (++events % 10_000 === 0) tick();
  });
  tick();
  await withTransaction(pool, async (tx) => {
    await writeFold(tx, shadow, fold);
    await check(tx, shadow, fold);
  });

  // The swap: the live consumers wait on the inbox lock; what arrived since is folded in; the live
  // rows and inbox rows become the shadow's. Readers see the old rows until the commit.
  let skipped = first.skipped;
  await withTransaction(pool, async (tx) => {
    await tx.query(`LOCK TABLE ${schema}.inbox IN EXCLUSIVE MODE`);
    const rest = await readStream(opts, first.lastSeq + 1, (event) => {
      fold.apply(event);
      events++;
    });
    skipped += rest.skipped;
    await writeFold(tx, schema, fold);
    const consumers = SOURCE_SERVICES.map(durableFor);
    await tx.query(`DELETE FROM ${schema}.inbox WHERE consumer = ANY($1::text[])`, [consumers]);
    const unique = [...new Map(fold.inbox.map((i) => [`${i.consumer}/${i.eventId}`, i])).values()];
    await insertMany(
      tx,
      `${schema}.inbox`,
      ['consumer', 'event_id'],
      unique.map((i) => [i.consumer, i.eventId]),
    );
  });
  await pool.query(`DROP SCHEMA IF EXISTS ${shadow} CASCADE`);
  tick();
  return { events, rows: fold.versions.length, skipped };
}
