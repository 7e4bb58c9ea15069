// 时限: the deadline clocks every service keeps (libs/deadlines), as each service's `list-clocks`
// answers them and GET /api/v1/clocks shows them merged. One row per time limit, with the rule
// behind it; who sees which rows is each service's need to know.
import { Type, type TSchema } from '@sinclair/typebox';
import { object } from '../validation.js';
import { CalendarDate, Office, Page, PageSize } from './fields.js';
import { defineOperation, type ApiService } from './operation.js';

export const CLOCK_STATES = ['running', 'breached', 'met'] as const;
export const ClockState = Type.Union(CLOCK_STATES.map((s) => Type.Literal(s)));
export const ListClocksRequest = object({
  state: Type.Optional(ClockState),
  office: Type.Optional(Office),
  page: Type.Optional(Page),
  pageSize: Type.Optional(PageSize),
});
export const Clock = Type.Object({
  id: Type.String(),
  /** What is being timed, e.g. 'inquiry-reply'. */
  measures: Type.String(),
  /** The rule that sets the limit, shown to the user. */
  rule: Type.String(),
  /** The item the clock runs for (e.g. an inquiry id). */
  subject: Type.String(),
  office: Type.Optional(Type.String()),
  unitId: Type.Optional(Type.String()),
  startedOn: CalendarDate,
  dueOn: CalendarDate,
  /** Computed on a calendar not yet published for that year. */
  provisional: Type.Boolean(),
  state: ClockState,
});
const listOf = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer({ minimum: 0 }) });
export const ClockList = listOf(Clock);

/** A service's own clocks: the same request and answer in every service. */
export const clocksOperation = (service: ApiService) =>
  defineOperation({ service, kind: 'qry', name: 'list-clocks', request: ListClocksRequest, response: ClockList });
