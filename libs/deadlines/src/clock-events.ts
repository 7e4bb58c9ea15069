// The public events of a clock's life, beside the deadline signals (deadline-events.ts): started,
// extended and stopped. Each carries the clock as it stands after the change (so a subscriber can
// place a clock it first hears of at any step), identifiers and dates only: never personal data.
// They are appended to the clock's own stream `clock-<id>` in the transaction that changes the
// clock's row (clock-store.ts), so a clock and its public events never disagree.
import { Type, type Static, type TObject } from '@sinclair/typebox';
import { defineEvent, object, type EventContract } from '@jiandu/contracts';

const id = Type.String({ minLength: 1, maxLength: 200 });
const day = Type.String({ format: 'date' });

/** What every clock event says of the clock (the deadline events' fields, and the start day). */
const clockFields = {
  clockId: id,
  measures: id,
  rule: Type.String({ minLength: 1, maxLength: 200 }),
  subject: id,
  office: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  unitId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  /** The day of the triggering event (not counted). */
  startedOn: day,
  /** The due day now (after any extension). */
  dueOn: day,
  provisional: Type.Boolean(),
};

const started = object(clockFields);
const extended = object({
  ...clockFields,
  /** The due day before this extension. */
  previousDueOn: day,
});
const stopped = object({
  ...clockFields,
  /** The day the measured act happened. */
  stoppedOn: day,
  /** Stopped on or before its due day (libs/calendar stopClock); false: breached, then stopped. */
  met: Type.Boolean(),
});

export type ClockStartedData = Static<typeof started>;
export type ClockExtendedData = Static<typeof extended>;
export type ClockStoppedData = Static<typeof stopped>;
export type ClockEventData = ClockStartedData | ClockExtendedData | ClockStoppedData;

export type ClockEventType = 'ClockStarted' | 'ClockExtended' | 'ClockStopped';
export const CLOCK_EVENT_TYPES: readonly ClockEventType[] = ['ClockStarted', 'ClockExtended', 'ClockStopped'];

const SCHEMAS: Record<ClockEventType, TObject> = { ClockStarted: started, ClockExtended: extended, ClockStopped: stopped };

const byService = new Map<string, EventContract<ClockEventData>[]>();

/**
 * [ClockStarted v1, ClockExtended v1, ClockStopped v1] of `service`, for its registry and
 * publicTypes (beside deadlineEventContracts). The same objects on every call.
 */
export function clockEventContracts(service: string): EventContract<ClockEventData>[] {
  let contracts = byService.get(service);
  if (!contracts) {
    contracts = CLOCK_EVENT_TYPES.map(
      (type) => defineEvent({ service, type, version: 1, schema: SCHEMAS[type] }) as EventContract<ClockEventData>,
    );
    byService.set(service, contracts);
  }
  return [...contracts];
}
