// Analytics (分析): the ledgers (台账), the clock board and the period statistics analysts read,
// all projections of the public events, with no personal name in any of them. Every read can be
// made as of a past instant (`asOf`, docs/adr/0013). Requests are strict; responses say every field.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { object } from '../validation.js';
import { CalendarDate, DateTime, Id, Office, Page, PageSize } from './fields.js';
import { defineOperation } from './operation.js';

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

/** The ledgers (台账), one row per item. */
export const LEDGER_NAMES = [
  'petitions',
  'clues',
  'inquiries',
  'verifications',
  'recommendations',
  'rectifications',
  'oversight-tasks',
  'agency-reports',
  'cases',
  'reviews',
  'supervision-advice',
  'integrity-opinions',
  'public-opinion',
] as const;
export type LedgerName = (typeof LEDGER_NAMES)[number];
export const LedgerNameField = literals(LEDGER_NAMES);

/** A state or a code as the ledgers show them: lower-case ASCII words joined by hyphens. */
const Code = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z][a-z0-9.-]*$' });

export const LEDGER_SORTS = ['openedAt', 'updatedAt', 'dueOn', 'closedOn', 'id'] as const;
export const SortOrder = literals(['asc', 'desc'] as const);

export const LedgerRequest = object({
  ledger: LedgerNameField,
  /** What the ledger showed at this instant (ISO 8601 with an offset); now when absent. */
  asOf: Type.Optional(DateTime),
  state: Type.Optional(Code),
  office: Type.Optional(Office),
  unitId: Type.Optional(Id),
  zoneId: Type.Optional(Id),
  category: Type.Optional(Code),
  source: Type.Optional(Code),
  kind: Type.Optional(Code),
  /** Items opened on or after this Beijing calendar day. */
  openedFrom: Type.Optional(CalendarDate),
  /** Items opened on or before this Beijing calendar day. */
  openedTo: Type.Optional(CalendarDate),
  sort: Type.Optional(literals(LEDGER_SORTS)),
  order: Type.Optional(SortOrder),
  page: Type.Optional(Page),
  pageSize: Type.Optional(PageSize),
});

/** A ledger's fact: a code, a count, a date or a flag. Never free text, never a name. */
export const LedgerFact = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);

export const LedgerRow = Type.Object({
  id: Type.String(),
  state: Type.String(),
  /** The clue's 登记编号 (clues and what follows from them). */
  number: Type.Optional(Type.String()),
  clueId: Type.Optional(Type.String()),
  unitId: Type.Optional(Type.String()),
  zoneId: Type.Optional(Type.String()),
  office: Type.Optional(Type.String()),
  category: Type.Optional(Type.String()),
  source: Type.Optional(Type.String()),
  kind: Type.Optional(Type.String()),
  openedAt: DateTime,
  updatedAt: DateTime,
  dueOn: Type.Optional(CalendarDate),
  closedOn: Type.Optional(CalendarDate),
  /** Every dated step of the item: name → ISO date or date-time. */
  dates: Type.Record(Type.String(), Type.String()),
  /** The item's other facts: codes, counts, flags. */
  facts: Type.Record(Type.String(), LedgerFact),
});
export type LedgerRow = Static<typeof LedgerRow>;

const pageOf = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    total: Type.Integer({ minimum: 0 }),
    /** The instant the rows are read at. */
    asOf: DateTime,
  });

export const LedgerPage = Type.Object({
  ledger: LedgerNameField,
  items: Type.Array(LedgerRow),
  total: Type.Integer({ minimum: 0 }),
  asOf: DateTime,
});

// ── the clock board: every service's clocks, from their start to their stop (docs/analytics.md)
/**
 * running: started, not yet near its due day; approaching: running, its DeadlineApproaching raised;
 * breached: past its due day (and stays so, also once stopped late); met: stopped on or before it.
 */
export const BOARD_CLOCK_STATES = ['running', 'approaching', 'breached', 'met'] as const;
export const ClockBoardRequest = object({
  state: Type.Optional(literals(BOARD_CLOCK_STATES)),
  office: Type.Optional(Office),
  unitId: Type.Optional(Id),
  asOf: Type.Optional(DateTime),
  page: Type.Optional(Page),
  pageSize: Type.Optional(PageSize),
});
export const ClockBoardRow = Type.Object({
  id: Type.String(),
  /** The service that keeps the clock. */
  service: Type.String(),
  measures: Type.String(),
  rule: Type.String(),
  subject: Type.String(),
  office: Type.Optional(Type.String()),
  unitId: Type.Optional(Type.String()),
  zoneId: Type.Optional(Type.String()),
  /** The day of the triggering event (absent for a clock started before its start was published). */
  startedOn: Type.Optional(CalendarDate),
  /** The due day now, after any extension. */
  dueOn: CalendarDate,
  provisional: Type.Boolean(),
  state: literals(BOARD_CLOCK_STATES),
  approachingAt: Type.Optional(DateTime),
  breachedAt: Type.Optional(DateTime),
  /** The last extension, and how many there were. */
  extendedAt: Type.Optional(DateTime),
  extensions: Type.Optional(Type.Integer({ minimum: 1 })),
  /** The day the measured act happened (a stopped clock: met or breached). */
  stoppedOn: Type.Optional(CalendarDate),
});
export const ClockBoard = pageOf(ClockBoardRow);

// ── period statistics (docs/analytics.md names every figure of every series and its formula)
export const STATISTICS_SERIES = [
  'case-management-quarterly',
  'petitions-monthly',
  'eight-rules',
  'supervision-quarterly',
  'cases-quarterly',
  'integrity-opinions-quarterly',
] as const;
export const STATISTICS_GROUPINGS = ['unit', 'zone', 'office', 'category'] as const;
/** 2026 (a year), 2026-H1, 2026-Q2 or 2026-06 (a month). */
export const Period = Type.String({ pattern: '^(20\\d\\d)(-H[12]|-Q[1-4]|-(0[1-9]|1[0-2]))?$', maxLength: 7 });
export const StatisticsRequest = object({
  series: literals(STATISTICS_SERIES),
  period: Period,
  by: Type.Optional(literals(STATISTICS_GROUPINGS)),
  asOf: Type.Optional(DateTime),
});
/** Named figures: counts, sums, rates in [0, 1] and means, e.g. `received`, `received.channel.letter`. */
export const Figures = Type.Record(Type.String(), Type.Number());
export const StatisticsGroup = Type.Object({
  /** The unit, zone, office or category code (`unknown` where the row does not say); `total` for the totals. */
  key: Type.String(),
  figures: Figures,
});
export const Statistics = Type.Object({
  series: literals(STATISTICS_SERIES),
  period: Type.String(),
  /** The period's first and last Beijing calendar days. */
  from: CalendarDate,
  to: CalendarDate,
  by: Type.Optional(literals(STATISTICS_GROUPINGS)),
  asOf: DateTime,
  groups: Type.Array(StatisticsGroup),
  totals: StatisticsGroup,
});

// ── 政治生态 indicators of one unit
export const UnitEcologyRequest = object({
  unitId: Id,
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
  asOf: Type.Optional(DateTime),
});
export const UnitEcology = Type.Object({
  unitId: Type.String(),
  year: Type.Integer(),
  zoneId: Type.Optional(Type.String()),
  staffCount: Type.Optional(Type.Integer({ minimum: 0 })),
  asOf: DateTime,
  indicators: Figures,
});

// ── office documents: a ledger as an Excel workbook, the 通报 as a Word document
/** A ledger's rows as a workbook: the ledger's filters and order, every row (no paging). */
export const LedgerFileRequest = object({
  ledger: LedgerNameField,
  asOf: Type.Optional(DateTime),
  state: Type.Optional(Code),
  office: Type.Optional(Office),
  unitId: Type.Optional(Id),
  zoneId: Type.Optional(Id),
  category: Type.Optional(Code),
  source: Type.Optional(Code),
  kind: Type.Optional(Code),
  openedFrom: Type.Optional(CalendarDate),
  openedTo: Type.Optional(CalendarDate),
  sort: Type.Optional(literals(LEDGER_SORTS)),
  order: Type.Optional(SortOrder),
});
/** The clock board as a workbook: the board's filters, every row (no paging). */
export const ClockBoardFileRequest = object({
  state: Type.Optional(literals(BOARD_CLOCK_STATES)),
  office: Type.Optional(Office),
  unitId: Type.Optional(Id),
  asOf: Type.Optional(DateTime),
});
/** The 通报's period: a half-year (2026-H1) or a quarter (2026-Q2). */
export const BulletinPeriod = Type.String({ pattern: '^20\\d\\d-(H[12]|Q[1-4])$', maxLength: 7 });
export const BulletinRequest = object({
  period: BulletinPeriod,
  asOf: Type.Optional(DateTime),
});
/**
 * A generated file as a service answers it over NATS: its bytes in base64. The gateway decodes them
 * and sends the file itself with its media type and name (Content-Disposition).
 */
export const GeneratedFile = Type.Object({
  fileName: Type.String({ minLength: 1, maxLength: 200 }),
  mediaType: Type.String({ minLength: 1, maxLength: 200 }),
  contentBase64: Type.String({ contentEncoding: 'base64' }),
});
export type GeneratedFile = Static<typeof GeneratedFile>;
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export const analyticsOperations = {
  readLedger: defineOperation({
    service: 'analytics',
    kind: 'qry',
    name: 'read-ledger',
    request: LedgerRequest,
    response: LedgerPage,
  }),
  readClockBoard: defineOperation({
    service: 'analytics',
    kind: 'qry',
    name: 'read-clock-board',
    request: ClockBoardRequest,
    response: ClockBoard,
  }),
  readStatistics: defineOperation({
    service: 'analytics',
    kind: 'qry',
    name: 'read-statistics',
    request: StatisticsRequest,
    response: Statistics,
  }),
  readUnitEcology: defineOperation({
    service: 'analytics',
    kind: 'qry',
    name: 'read-unit-ecology',
    request: UnitEcologyRequest,
    response: UnitEcology,
  }),
  exportLedger: defineOperation({
    service: 'analytics',
    kind: 'qry',
    name: 'export-ledger',
    request: LedgerFileRequest,
    response: GeneratedFile,
  }),
  exportClockBoard: defineOperation({
    service: 'analytics',
    kind: 'qry',
    name: 'export-clock-board',
    request: ClockBoardFileRequest,
    response: GeneratedFile,
  }),
  readBulletin: defineOperation({
    service: 'analytics',
    kind: 'qry',
    name: 'read-bulletin',
    request: BulletinRequest,
    response: GeneratedFile,
  }),
};
