// A clock as stored: the calendar's pure clock record plus whose it is and what was raised.
import type { Clock, ClockLimit, IsoDate } from '@jiandu/calendar';

export interface TrackedClock extends Clock {
  /** The stream / aggregate id the clock belongs to (e.g. 'inquiry-INQ-2026-0012'). */
  subject: string;
  office?: string;
  unitId?: string;
  metOn?: IsoDate;
  breachedOn?: IsoDate;
  approachingRaisedAt?: Date;
  breachedRaisedAt?: Date;
  /** Events in the clock's own stream `clock-<id>`. */
  streamVersion: number;
}

export const clockStream = (clockId: string) => `clock-${clockId}`;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,50}$/;

/** The clocks table of a service schema (the name is interpolated, so it is checked). */
export function clocksTable(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid schema name "${schema}"`);
  return `${schema}.clocks`;
}

// Dates leave PostgreSQL as text so that no time zone can shift them.
export const CLOCK_COLUMNS = `id, measures, rule, limit_amount, limit_unit, subject, office, unit_id,
  started_on::text AS started_on, due_on::text AS due_on, provisional, warnings, state,
  stopped_on::text AS stopped_on, met_on::text AS met_on, breached_on::text AS breached_on,
  approaching_since::text AS approaching_since, approaching_raised_at, breached_raised_at, stream_version`;

export interface ClockRow {
  id: string;
  measures: string;
  rule: string;
  limit_amount: number;
  limit_unit: ClockLimit['unit'];
  subject: string;
  office: string | null;
  unit_id: string | null;
  started_on: string;
  due_on: string;
  provisional: boolean;
  warnings: string[];
  state: Clock['state'];
  stopped_on: string | null;
  met_on: string | null;
  breached_on: string | null;
  approaching_since: string | null;
  approaching_raised_at: Date | null;
  breached_raised_at: Date | null;
  stream_version: number;
}

export function fromRow(row: ClockRow): TrackedClock {
  const clock: TrackedClock = {
    id: row.id,
    measures: row.measures,
    rule: row.rule,
    limit: { amount: row.limit_amount, unit: row.limit_unit },
    subject: row.subject,
    startedOn: row.started_on,
    dueOn: row.due_on,
    provisional: row.provisional,
    warnings: row.warnings,
    state: row.state,
    streamVersion: row.stream_version,
  };
  const optional = {
    office: row.office,
    unitId: row.unit_id,
    stoppedOn: row.stopped_on,
    metOn: row.met_on,
    breachedOn: row.breached_on,
    approachingSince: row.approaching_since,
    approachingRaisedAt: row.approaching_raised_at,
    breachedRaisedAt: row.breached_raised_at,
  };
  for (const [key, value] of Object.entries(optional)) if (value !== null) Object.assign(clock, { [key]: value });
  return clock;
}
