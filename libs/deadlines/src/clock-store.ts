// Clocks in the service's own database. Every write takes the caller's transaction, so a clock is
// started, stopped or extended atomically with the events that cause it, and appends the public
// event that says so (ClockStarted / ClockExtended / ClockStopped, clock-events.ts) to the clock's
// own stream `clock-<id>` in that transaction: the relay publishes it like any other public event,
// and a clock and its events never disagree. The row's `stream_version` is that stream's head,
// which the deadline watcher's appends expect too.
import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import {
  startClock as newClock,
  stopClock as stoppedClock,
  type ClockLimit,
  type ClockState,
  type IsoDate,
  type WorkingCalendar,
} from '@jiandu/calendar';
import type { EventMetadata, EventStore } from '@jiandu/event-store';
import { CLOCK_COLUMNS, clockStream, clocksTable, fromRow, type ClockRow, type TrackedClock } from './clock-record.js';
import type { ClockEventType, ClockExtendedData, ClockStartedData, ClockStoppedData } from './clock-events.js';
import { toClockLimit, type DueDate, type DueLimit } from './due-dates.js';

/** What the clock functions need of the service's event store: its schema, and appends on the caller's transaction. */
export type ClockEvents = Pick<EventStore, 'schema' | 'append'>;

export interface ClockSpec {
  id: string;
  measures: string;
  rule: string;
  limit: DueLimit | ClockLimit;
  /** The day of the triggering event (not counted). */
  startedOn: IsoDate;
  /**
   * A due date someone chose (a rectification's or a task's), kept as given. Without it the due
   * date is computed from the limit, which for days and months ends on a working day (民法典 Art. 203).
   */
  dueOn?: IsoDate;
  subject: string;
  office?: string;
  unitId?: string;
}

export class ClockNotFoundError extends Error {
  readonly code = 'CLOCK_NOT_FOUND';
  constructor(readonly clockId: string) {
    super(`clock ${clockId} does not exist`);
  }
}

export class ClockNotRunningError extends Error {
  readonly code = 'CLOCK_NOT_RUNNING';
  constructor(
    readonly clockId: string,
    readonly state: ClockState,
  ) {
    super(`clock ${clockId} is ${state}, only a running clock can be extended`);
  }
}

type Db = Pool | PoolClient;

export async function getClock(db: Db, schema: string, id: string): Promise<TrackedClock | undefined> {
  const { rows } = await db.query<ClockRow>(`SELECT ${CLOCK_COLUMNS} FROM ${clocksTable(schema)} WHERE id = $1`, [id]);
  return rows[0] ? fromRow(rows[0]) : undefined;
}

/** Idempotent on id: starting a clock that exists returns it unchanged (a redelivered command). */
export async function startClock(
  tx: PoolClient,
  store: ClockEvents,
  spec: ClockSpec,
  calendar?: WorkingCalendar,
): Promise<TrackedClock> {
  const schema = store.schema;
  const computed = newClock({ ...spec, limit: toClockLimit(spec.limit) }, calendar);
  const clock = spec.dueOn ? { ...computed, dueOn: spec.dueOn, provisional: false, warnings: [] } : computed;
  // The row records the head its ClockStarted makes (version 1), written in this transaction.
  const inserted = await tx.query<ClockRow>(
    `INSERT INTO ${clocksTable(schema)}
       (id, measures, rule, limit_amount, limit_unit, subject, office, unit_id, started_on, due_on, provisional, warnings,
        stream_version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1)
     ON CONFLICT (id) DO NOTHING
     RETURNING ${CLOCK_COLUMNS}`,
    [
      clock.id,
      clock.measures,
      clock.rule,
      clock.limit.amount,
      clock.limit.unit,
      spec.subject,
      spec.office ?? null,
      spec.unitId ?? null,
      clock.startedOn,
      clock.dueOn,
      clock.provisional,
      JSON.stringify(clock.warnings),
    ],
  );
  const started = inserted.rows[0];
  // It ran already: its ClockStarted was appended then.
  if (!started) return (await getClock(tx, schema, spec.id)) as TrackedClock;
  const row = fromRow(started);
  return announce(tx, store, row, 'ClockStarted', clockData(row) satisfies ClockStartedData);
}

async function lockClock(tx: PoolClient, schema: string, id: string): Promise<TrackedClock> {
  const { rows } = await tx.query<ClockRow>(`SELECT ${CLOCK_COLUMNS} FROM ${clocksTable(schema)} WHERE id = $1 FOR UPDATE`, [id]);
  if (!rows[0]) throw new ClockNotFoundError(id);
  return fromRow(rows[0]);
}

/**
 * The measured act happened `on`: met when on or before the due date, else breached (recorded
 * late; the watcher raises DeadlineBreached once if it had not yet). A stopped clock stays as is.
 */
export async function stopClock(tx: PoolClient, store: ClockEvents, id: string, on: IsoDate): Promise<TrackedClock> {
  const schema = store.schema;
  const clock = await lockClock(tx, schema, id);
  const stopped = stoppedClock(clock, on);
  if (stopped === clock) return clock;
  const { rows } = await tx.query<ClockRow>(
    `UPDATE ${clocksTable(schema)}
        SET state = $2, stopped_on = $3,
            met_on = CASE WHEN $2 = 'met' THEN $3::date END,
            breached_on = CASE WHEN $2 = 'breached' THEN coalesce(breached_on, $3::date) END,
            stream_version = stream_version + 1, updated_at = now()
      WHERE id = $1
      RETURNING ${CLOCK_COLUMNS}`,
    [id, stopped.state, on],
  );
  const row = fromRow(rows[0] as ClockRow);
  const data: ClockStoppedData = { ...clockData(row), stoppedOn: on, met: row.state === 'met' };
  return announce(tx, store, row, 'ClockStopped', data);
}

/**
 * A granted extension: a new due date (and the rule behind it) for a running clock. The
 * approaching signal is re-armed when the new date is later, so it is raised for the new date.
 */
export async function extendClock(
  tx: PoolClient,
  store: ClockEvents,
  id: string,
  due: IsoDate | DueDate,
  rule: string,
): Promise<TrackedClock> {
  const schema = store.schema;
  const clock = await lockClock(tx, schema, id);
  if (clock.state !== 'running') throw new ClockNotRunningError(id, clock.state);
  const next: DueDate = typeof due === 'string' ? { dueOn: due, provisional: false, warnings: [] } : due;
  const { rows } = await tx.query<ClockRow>(
    `UPDATE ${clocksTable(schema)}
        SET due_on = $2::date, rule = $3, provisional = $4, warnings = $5,
            approaching_since = CASE WHEN $2::date > due_on THEN NULL ELSE approaching_since END,
            approaching_raised_at = CASE WHEN $2::date > due_on THEN NULL ELSE approaching_raised_at END,
            stream_version = stream_version + 1, updated_at = now()
      WHERE id = $1
      RETURNING ${CLOCK_COLUMNS}`,
    [id, next.dueOn, rule, next.provisional, JSON.stringify(next.warnings)],
  );
  const row = fromRow(rows[0] as ClockRow);
  const data: ClockExtendedData = { ...clockData(row), previousDueOn: clock.dueOn };
  return announce(tx, store, row, 'ClockExtended', data);
}

/** What every clock event says of the clock as it now stands. */
function clockData(clock: TrackedClock): ClockStartedData {
  const data: ClockStartedData = {
    clockId: clock.id,
    measures: clock.measures,
    rule: clock.rule,
    subject: clock.subject,
    startedOn: clock.startedOn,
    dueOn: clock.dueOn,
    provisional: clock.provisional,
  };
  if (clock.office !== undefined) data.office = clock.office;
  if (clock.unitId !== undefined) data.unitId = clock.unitId;
  return data;
}

/**
 * The metadata of a clock event: that of the event the transaction appended last outside the
 * clock streams (the cause: its actor, correlation and time, with its id as the causation), so the
 * clock's event is dated like the fact that moved it. A clock moved by no event (e.g. a quarter's
 * report clock, started on a timer) is signed by the service's clocks, now.
 */
async function causeOf(tx: PoolClient, schema: string): Promise<EventMetadata> {
  // The pattern is a parameter so that the statement is prepared (the pool's client names
  // statements with parameters) and not parsed and planned at each clock's move.
  const { rows } = await tx.query<{ event_id: string; metadata: EventMetadata }>(
    `SELECT event_id, metadata FROM ${schema}.events
      WHERE txid = pg_current_xact_id() AND stream_id NOT LIKE $1
      ORDER BY position DESC LIMIT 1`,
    ['clock-%'],
  );
  const cause = rows[0];
  if (cause) {
    const { actor, correlationId, occurredAt, traceparent } = cause.metadata;
    return { actor, correlationId, causationId: cause.event_id, occurredAt, ...(traceparent ? { traceparent } : {}) };
  }
  return {
    actor: { sub: `system:${schema}:clocks`, name: '期限', office: schema },
    correlationId: randomUUID(),
    occurredAt: new Date().toISOString(),
  };
}

/**
 * Appends the clock's event to its stream. The row (`clock`) was written in this transaction with
 * the head this event makes (its `stream_version` one past the head before): the append expects
 * the head before, so if another writer moved the stream, the append fails and the transaction,
 * row included, rolls back.
 */
async function announce(
  tx: PoolClient,
  store: ClockEvents,
  clock: TrackedClock,
  type: ClockEventType,
  data: ClockStartedData | ClockExtendedData | ClockStoppedData,
): Promise<TrackedClock> {
  const metadata = await causeOf(tx, store.schema);
  const before = clock.streamVersion - 1;
  const event = { type, data: data as unknown as Record<string, unknown>, metadata };
  const { nextExpectedVersion } = await store.append(clockStream(clock.id), [event], before === 0 ? 'no-stream' : before, tx);
  if (nextExpectedVersion !== clock.streamVersion) {
    throw new Error(`clock ${clock.id}: its stream is at ${nextExpectedVersion}, its row says ${clock.streamVersion}`);
  }
  return clock;
}

export interface ClockQuery {
  state?: ClockState;
  office?: string;
  /** Need-to-know: only clocks of these offices (an empty list sees nothing). */
  offices?: readonly string[];
  page: number; // 1-based
  pageSize: number;
}

export interface ClockPage {
  items: TrackedClock[];
  total: number;
  page: number;
  pageSize: number;
}

/** Clocks by due date, soonest first. */
export async function listClocks(db: Db, schema: string, query: ClockQuery): Promise<ClockPage> {
  const { page, pageSize } = query;
  if (!Number.isSafeInteger(page) || page < 1) throw new RangeError(`page must be a positive integer, got ${page}`);
  if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > 500)
    throw new RangeError(`pageSize must be 1..500, got ${pageSize}`);
  const where: string[] = [];
  const values: unknown[] = [];
  const filter = (sql: string, value: unknown) => {
    values.push(value);
    where.push(sql.replace('?', `$${values.length}`));
  };
  if (query.state !== undefined) filter('state = ?', query.state);
  if (query.office !== undefined) filter('office = ?', query.office);
  if (query.offices !== undefined) filter('office = ANY(?)', [...query.offices]);
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const table = clocksTable(schema);
  // One after the other: a PoolClient must not run two queries at once.
  const items = await db.query<ClockRow>(
    `SELECT ${CLOCK_COLUMNS} FROM ${table} ${clause} ORDER BY due_on, id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
    values,
  );
  const count = await db.query<{ total: string }>(`SELECT count(*) AS total FROM ${table} ${clause}`, values);
  return { items: items.rows.map(fromRow), total: Number(count.rows[0]?.total ?? 0), page, pageSize };
}
