// @jiandu/deadlines: deadline clocks kept by every service (table, store functions in the caller's
// transaction, due dates from rules) and the watcher that raises DeadlineApproaching /
// DeadlineBreached exactly once per clock, with the public contracts of those two events and of
// the clock's life (ClockStarted / ClockExtended / ClockStopped, appended by the store functions).
// A service wires it in its ServiceDefinition:
//   migrations: [...own, ...deadlinesMigrations],
//   registry: new ContractRegistry().register(...own, ...deadlineEventContracts(name), ...clockEventContracts(name)),
//   publicTypes: [...own, ...DEADLINE_EVENT_TYPES, ...CLOCK_EVENT_TYPES],
//   background: (ctx) => [startDeadlineWatcher({ pool: ctx.pool, store: ctx.store, service: name,
//     now: () => new Date(), intervalMs: 60_000, logger: ctx.logger })],
// and starts/stops clocks in its command handlers' transactions (startClock(tx, ctx.store, spec)),
// after appending the events that cause them.
export { deadlinesMigrations } from './migrations.js';
export { clockStream, type TrackedClock } from './clock-record.js';
export {
  type ClockEvents,
  ClockNotFoundError,
  ClockNotRunningError,
  extendClock,
  getClock,
  listClocks,
  startClock,
  stopClock,
  type ClockPage,
  type ClockQuery,
  type ClockSpec,
} from './clock-store.js';
export { clockList, type ClockListItem, type ClockListRequest, type ClockVisibility } from './clock-list.js';
export { dueIn, limitText, ruleText, toClockLimit, type DueDate, type DueLimit } from './due-dates.js';
export {
  DEADLINE_EVENT_TYPES,
  deadlineEventContracts,
  type DeadlineEventData,
  type DeadlineEventType,
} from './deadline-events.js';
export {
  CLOCK_EVENT_TYPES,
  clockEventContracts,
  type ClockEventData,
  type ClockEventType,
  type ClockExtendedData,
  type ClockStartedData,
  type ClockStoppedData,
} from './clock-events.js';
export {
  deadlineEventData,
  signalsDue,
  startDeadlineWatcher,
  type DeadlineMetrics,
  type DeadlineWatcher,
  type DeadlineWatcherOptions,
  type TickResult,
  type WatcherLogger,
} from './deadline-watcher.js';
