// Deadline clocks: a record of what is measured, by which rule, and when it falls due, plus pure
// evaluation at an injected `today` (a China date). The services persist the record and turn the
// `emit` list into DeadlineApproaching / DeadlineBreached events.
import { defaultCalendar } from './default-calendar.js';
import type { WorkingCalendar } from './calendar.js';
import { compareDates, type IsoDate } from './dates.js';

export type ClockState = 'running' | 'met' | 'breached';
export type LimitUnit = 'working-days' | 'calendar-days' | 'months';

export interface ClockLimit {
  amount: number;
  unit: LimitUnit;
}

export interface Clock {
  id: string;
  /** What is measured, e.g. `inquiry:INQ-2026-0012:reply`. */
  measures: string;
  /** The rule shown to users, e.g. '函询回复 15 个工作日'. */
  rule: string;
  limit: ClockLimit;
  /** The day of the triggering event (not counted). */
  startedOn: IsoDate;
  dueOn: IsoDate;
  /** dueOn was computed through a year without official calendar; see `warnings`. */
  provisional: boolean;
  warnings: string[];
  state: ClockState;
  /** Set by evaluateClock when DeadlineApproaching was emitted, so it is emitted once. */
  approachingSince?: IsoDate;
  /** When the measured act happened (state met, or breached when late). */
  stoppedOn?: IsoDate;
}

export interface StartClockInput {
  id: string;
  measures: string;
  rule: string;
  limit: ClockLimit;
  startedOn: IsoDate;
}

export type DeadlineSignal = 'DeadlineApproaching' | 'DeadlineBreached';

export interface ClockEvaluation {
  /** The clock after evaluation (state may turn breached, approachingSince may be set). */
  clock: Clock;
  condition: 'on-track' | 'approaching' | 'due-today' | 'breached' | 'met';
  /** Working days after today up to and including dueOn; 0 on the due date; negative when late. */
  remainingWorkingDays: number;
  /** Signals newly due at this evaluation (each is emitted once per clock). */
  emit: DeadlineSignal[];
  provisional: boolean;
  warnings: string[];
}

export interface EvaluateOptions {
  /** Approaching when at most this many working days remain (default 3). */
  leadWorkingDays?: number;
  calendar?: WorkingCalendar;
}

export const DEFAULT_LEAD_WORKING_DAYS = 3;

export function dueDate(startedOn: IsoDate, limit: ClockLimit, calendar: WorkingCalendar = defaultCalendar()) {
  switch (limit.unit) {
    case 'working-days':
      return calendar.addWorkingDays(startedOn, limit.amount);
    case 'calendar-days':
      return calendar.addCalendarDays(startedOn, limit.amount);
    case 'months':
      return calendar.addMonths(startedOn, limit.amount);
    default:
      throw new Error(`unknown limit unit ${(limit as ClockLimit).unit}`);
  }
}

export function startClock(input: StartClockInput, calendar?: WorkingCalendar): Clock {
  const due = dueDate(input.startedOn, input.limit, calendar);
  return {
    ...input,
    limit: { ...input.limit },
    dueOn: due.date,
    provisional: due.provisional,
    warnings: due.warnings,
    state: 'running',
  };
}

/** Recomputes a provisional due date once the year's calendar is known (e.g. a package update). */
export function refreshClock(clock: Clock, calendar?: WorkingCalendar): Clock {
  if (!clock.provisional || clock.state !== 'running') return clock;
  const due = dueDate(clock.startedOn, clock.limit, calendar);
  return { ...clock, dueOn: due.date, provisional: due.provisional, warnings: due.warnings };
}

/** The measured act happened on `on`: met when on or before the due date, else breached. */
export function stopClock(clock: Clock, on: IsoDate): Clock {
  if (clock.state === 'met' || clock.stoppedOn !== undefined) return clock;
  return { ...clock, state: compareDates(on, clock.dueOn) <= 0 ? 'met' : 'breached', stoppedOn: on };
}

export function evaluateClock(clock: Clock, today: IsoDate, options: EvaluateOptions = {}): ClockEvaluation {
  const calendar = options.calendar ?? defaultCalendar();
  const lead = options.leadWorkingDays ?? DEFAULT_LEAD_WORKING_DAYS;
  if (!Number.isSafeInteger(lead) || lead < 0)
    throw new RangeError(`leadWorkingDays must be a non-negative integer, got ${lead}`);
  const between = calendar.workingDaysBetween(today, clock.dueOn);
  const flags = {
    provisional: clock.provisional || between.provisional,
    warnings: [...new Set([...clock.warnings, ...between.warnings])],
  };
  const base = { remainingWorkingDays: between.days, ...flags };

  if (clock.state === 'met') return { clock, condition: 'met', emit: [], ...base };
  if (clock.stoppedOn !== undefined) return { clock, condition: 'breached', emit: [], ...base };

  if (compareDates(today, clock.dueOn) > 0) {
    const emit: DeadlineSignal[] = clock.state === 'breached' ? [] : ['DeadlineBreached'];
    return { clock: { ...clock, state: 'breached' }, condition: 'breached', emit, ...base };
  }
  const approaching = between.days <= lead;
  if (!approaching) return { clock, condition: 'on-track', emit: [], ...base };
  const emit: DeadlineSignal[] = clock.approachingSince === undefined ? ['DeadlineApproaching'] : [];
  return {
    clock: clock.approachingSince === undefined ? { ...clock, approachingSince: today } : clock,
    condition: between.days === 0 && compareDates(today, clock.dueOn) === 0 ? 'due-today' : 'approaching',
    emit,
    ...base,
  };
}
