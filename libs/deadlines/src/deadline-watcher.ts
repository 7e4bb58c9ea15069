// Raises DeadlineApproaching and DeadlineBreached for the clocks of one service schema. Raising is
// one transaction: append to the clock's own stream `clock-<id>` (the relay publishes it) and set
// the row's flags. Replicas may race on the same database; each clock is raised exactly once:
//   1. rows are claimed FOR UPDATE SKIP LOCKED, and the due condition is re-checked on the locked row;
//   2. the append expects the stream head recorded in the row, so a lost race fails, never duplicates.
import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import {
  chinaDate,
  defaultCalendar,
  evaluateClock,
  DEFAULT_LEAD_WORKING_DAYS,
  type DeadlineSignal,
  type IsoDate,
  type WorkingCalendar,
} from '@jiandu/calendar';
import { withTransaction, type EventStore, type NewEvent } from '@jiandu/event-store';
import { CLOCK_COLUMNS, clockStream, clocksTable, fromRow, type ClockRow, type TrackedClock } from './clock-record.js';
import type { DeadlineEventData } from './deadline-events.js';

export interface WatcherLogger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface DeadlineWatcherOptions {
  pool: Pool;
  store: EventStore;
  /** The service schema holding `clocks` and the events (default: store.schema). */
  schema?: string;
  /** The service name, for the actor of the raised events. */
  service: string;
  /** Injected time; today is its date in China. */
  now: () => Date;
  /** Approaching when at most this many working days remain up to the due date (default 3). */
  leadWorkingDays?: number;
  /** Tick on a timer (first tick at once); without it, call tick() yourself. */
  intervalMs?: number;
  logger?: WatcherLogger;
  calendar?: WorkingCalendar;
  /** Clocks claimed per transaction. */
  batchSize?: number;
  /** Optional metrics hook: signals committed, by type (the service host wires it to /metrics). */
  metrics?: DeadlineMetrics;
}

export interface DeadlineMetrics {
  raised(signal: DeadlineSignal, count: number): void;
}

export interface TickResult {
  approaching: number;
  breached: number;
}

export interface DeadlineWatcher {
  /** Raises every signal due at now(); counts the events this instance committed. */
  tick(): Promise<TickResult>;
  stop(): Promise<void>;
}

/** What is due for a locked clock row at `today` (evaluateClock of libs/calendar decides). */
export function signalsDue(clock: TrackedClock, today: IsoDate, lead: number, calendar: WorkingCalendar): DeadlineSignal[] {
  if (clock.state === 'met') return [];
  // Stopped late before any watcher saw the breach: it is still announced, once.
  if (clock.state === 'breached') return clock.breachedRaisedAt === undefined ? ['DeadlineBreached'] : [];
  return evaluateClock(clock, today, { leadWorkingDays: lead, calendar }).emit;
}

export function deadlineEventData(clock: TrackedClock): DeadlineEventData {
  const data: DeadlineEventData = {
    clockId: clock.id,
    measures: clock.measures,
    rule: clock.rule,
    subject: clock.subject,
    dueOn: clock.dueOn,
    provisional: clock.provisional,
  };
  if (clock.office !== undefined) data.office = clock.office;
  if (clock.unitId !== undefined) data.unitId = clock.unitId;
  return data;
}

export function startDeadlineWatcher(options: DeadlineWatcherOptions): DeadlineWatcher {
  const { pool, store, service, now, logger } = options;
  const schema = options.schema ?? store.schema;
  const table = clocksTable(schema);
  const lead = options.leadWorkingDays ?? DEFAULT_LEAD_WORKING_DAYS;
  if (!Number.isSafeInteger(lead) || lead < 0)
    throw new RangeError(`leadWorkingDays must be a non-negative integer, got ${lead}`);
  const calendar = options.calendar ?? defaultCalendar();
  const batchSize = options.batchSize ?? 100;
  const actor = { sub: `system:${service}:deadline-watcher`, name: '期限监控', office: service };

  async function raise(tx: PoolClient, clock: TrackedClock, signals: DeadlineSignal[], today: IsoDate, at: Date): Promise<void> {
    const metadata = { actor, correlationId: randomUUID(), occurredAt: at.toISOString() };
    const data = deadlineEventData(clock) as unknown as Record<string, unknown>;
    const events: NewEvent[] = signals.map((type) => ({ type, data, metadata }));
    const expected = clock.streamVersion === 0 ? 'no-stream' : clock.streamVersion;
    const { nextExpectedVersion } = await store.append(clockStream(clock.id), events, expected, tx);
    const approaching = signals.includes('DeadlineApproaching');
    const breached = signals.includes('DeadlineBreached');
    const { rowCount } = await tx.query(
      `UPDATE ${table}
          SET stream_version = $2,
              approaching_since = CASE WHEN $3 THEN $5::date ELSE approaching_since END,
              approaching_raised_at = CASE WHEN $3 THEN $6::timestamptz ELSE approaching_raised_at END,
              state = CASE WHEN $4 THEN 'breached' ELSE state END,
              breached_on = CASE WHEN $4 THEN coalesce(breached_on, $5::date) ELSE breached_on END,
              breached_raised_at = CASE WHEN $4 THEN $6::timestamptz ELSE breached_raised_at END,
              updated_at = now()
        WHERE id = $1 AND stream_version = $7`,
      [clock.id, nextExpectedVersion, approaching, breached, today, at, clock.streamVersion],
    );
    if (rowCount !== 1) throw new Error(`clock ${clock.id} changed while it was being raised`);
  }

  async function tick(): Promise<TickResult> {
    const at = now();
    const today = chinaDate(at);
    // Approaching iff workingDaysBetween(today, dueOn) <= lead, i.e. dueOn before the (lead+1)-th
    // working day after today. The SQL only narrows; signalsDue decides on the locked row.
    const horizon = calendar.addWorkingDays(today, lead + 1).date;
    const passed: string[] = []; // nothing to raise, or failed: not claimed again in this tick
    const total: TickResult = { approaching: 0, breached: 0 };
    for (;;) {
      const batch = await withTransaction(pool, async (tx) => {
        const { rows } = await tx.query<ClockRow>(
          `SELECT ${CLOCK_COLUMNS} FROM ${table}
            WHERE NOT (id = ANY($3))
              AND ((state = 'running' AND (due_on < $1::date OR (approaching_raised_at IS NULL AND due_on < $2::date)))
                OR (state = 'breached' AND breached_raised_at IS NULL))
            ORDER BY due_on, id
            LIMIT $4
            FOR UPDATE SKIP LOCKED`,
          [today, horizon, passed, batchSize],
        );
        const raised: TickResult = { approaching: 0, breached: 0 };
        for (const row of rows) {
          const clock = fromRow(row);
          const signals = signalsDue(clock, today, lead, calendar);
          if (signals.length === 0) {
            passed.push(clock.id);
            continue;
          }
          await tx.query('SAVEPOINT raise_clock');
          try {
            await raise(tx, clock, signals, today, at);
            await tx.query('RELEASE SAVEPOINT raise_clock');
          } catch (error) {
            // One failing clock (or a lost race on its stream) must not hold back the others.
            await tx.query('ROLLBACK TO SAVEPOINT raise_clock');
            passed.push(clock.id);
            logger?.error(
              { clockId: clock.id, err: { type: (error as Error).name, message: (error as Error).message } },
              'deadline not raised',
            );
            continue;
          }
          for (const signal of signals) raised[signal === 'DeadlineApproaching' ? 'approaching' : 'breached']++;
          for (const signal of signals) logger?.info({ clockId: clock.id, type: signal, dueOn: clock.dueOn }, 'deadline raised');
        }
        return { claimed: rows.length, raised };
      });
      total.approaching += batch.raised.approaching;
      total.breached += batch.raised.breached;
      // Counted once committed: a rolled back batch raised nothing.
      if (batch.raised.approaching) options.metrics?.raised('DeadlineApproaching', batch.raised.approaching);
      if (batch.raised.breached) options.metrics?.raised('DeadlineBreached', batch.raised.breached);
      if (batch.claimed < batchSize) return total;
    }
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  const onTimer = () => {
    running ??= tick()
      .catch((error: Error) =>
        logger?.error({ err: { type: error.name, message: error.message } }, 'deadline watcher tick failed'),
      )
      .finally(() => (running = undefined));
  };
  if (options.intervalMs !== undefined) {
    timer = setInterval(onTimer, options.intervalMs);
    timer.unref();
    onTimer();
  }

  return {
    tick,
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
