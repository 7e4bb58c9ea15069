// Case management (案管室): the unit/zone registry and the one clue register (问题线索), with the
// disposition a supervision office proposes and leadership approves or rejects. The contract owns
// every request's shape (types, enums, lengths); the service's deciders import the enum lists from
// here and check only the rules that depend on state.
import { Type, type Static } from '@sinclair/typebox';
import { object } from '../validation.js';
import {
  CalendarDate,
  DateTime,
  HistoryEntry,
  Id,
  Line,
  NoParams,
  Note,
  Office,
  Page,
  PageSize,
  StatusChanged,
} from './fields.js';
import { defineOperation } from './operation.js';

// ── registry: 协作区 and units
/** The office that handles a zone's clues: a 纪检监察室, or a 派驻机构 for the units it is stationed at. */
export const HandlingOffice = Type.String({
  maxLength: 64,
  pattern: '^(supervision-office-[1-9][0-9]*|dispatched-agency-[a-z0-9]+(-[a-z0-9]+)*)$',
});

export const RegisterZoneRequest = object({ id: Id, name: Line(100), office: HandlingOffice });
export const Zone = Type.Object({ id: Id, name: Type.String(), office: Type.String() });

/** The name as UnitRegistered publishes it (at most 100 characters). */
export const RegisterUnitRequest = object({
  id: Id,
  name: Line(100),
  zoneId: Id,
  staffCount: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
});
export const Unit = Type.Object({ id: Id, name: Type.String(), zoneId: Id, staffCount: Type.Integer() });

/** Membership is dated: without effectiveFrom the move takes effect today. */
export const MoveUnitRequest = object({ unitId: Id, zoneId: Id, effectiveFrom: Type.Optional(CalendarDate) });
export const UnitMoved = Type.Object({ unitId: Id, zoneId: Id, effectiveFrom: CalendarDate });

export const ZoneList = Type.Object({ items: Type.Array(Zone) });
export const UnitList = Type.Object({ items: Type.Array(Unit) });

// ── clues
const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

/** A clue's status in the ledger (台账). */
export const CLUE_STATUSES = [
  'registered',
  'assigned',
  'disposition-proposed',
  'disposition-approved',
  'in-inquiry',
  'in-verification',
  'shelved',
  'closed',
  'to-investigation',
  'reactivated',
] as const;
export const ClueStatus = literals(CLUE_STATUSES);
export type ClueStatus = Static<typeof ClueStatus>;
export const CLUE_SOURCES = [
  'petition',
  'inspection-tour',
  'audit',
  'judiciary',
  'dispatched-agency',
  'public-opinion',
  'self-found',
] as const;
export const ClueSource = literals(CLUE_SOURCES);
export type ClueSource = Static<typeof ClueSource>;
/** 谈话函询 / 初步核实 / 暂存待查 / 予以了结. */
export const DISPOSITION_KINDS = ['inquiry', 'verification', 'shelve', 'close'] as const;
export const DispositionKind = literals(DISPOSITION_KINDS);
export type DispositionKind = Static<typeof DispositionKind>;
export const DispositionDecision = literals(['pending', 'approved', 'rejected'] as const);

export const Disposition = Type.Object({
  kind: DispositionKind,
  reason: Type.String(),
  decision: DispositionDecision,
  note: Type.Optional(Type.String()),
});
export type Disposition = Static<typeof Disposition>;

export const ClueSummary = Type.Object({
  id: Id,
  number: Type.String(),
  status: ClueStatus,
  source: ClueSource,
  unitId: Id,
  assignedOffice: Type.String(),
  registeredAt: DateTime,
  dispositionDeadline: CalendarDate,
  disposition: Type.Optional(Disposition),
});
export type ClueSummary = Static<typeof ClueSummary>;

export const ListCluesRequest = object({
  status: Type.Optional(ClueStatus),
  office: Type.Optional(Office),
  unitId: Type.Optional(Id),
  from: Type.Optional(CalendarDate),
  to: Type.Optional(CalendarDate),
  /** Optional on the wire; the gateway fills in the defaults (1 and 20). */
  page: Type.Optional(Page),
  pageSize: Type.Optional(PageSize),
});
export type ListCluesRequest = Static<typeof ListCluesRequest>;
export const ClueList = Type.Object({ items: Type.Array(ClueSummary), total: Type.Integer({ minimum: 0 }) });

export const ClueRef = object({ clueId: Id });
export const Clue = Type.Composite([ClueSummary, Type.Object({ history: Type.Array(HistoryEntry) })]);

export const ProposeDispositionRequest = object({ clueId: Id, kind: DispositionKind, reason: Line(2000) });
export const ApproveDispositionRequest = object({ clueId: Id, note: Type.Optional(Note) });
export const RejectDispositionRequest = object({ clueId: Id, note: Note });

// ── operations
const service = 'case-management';
export const caseManagementOperations = {
  registerZone: defineOperation({ service, kind: 'cmd', name: 'register-zone', request: RegisterZoneRequest, response: Zone }),
  registerUnit: defineOperation({ service, kind: 'cmd', name: 'register-unit', request: RegisterUnitRequest, response: Unit }),
  moveUnit: defineOperation({ service, kind: 'cmd', name: 'move-unit', request: MoveUnitRequest, response: UnitMoved }),
  listZones: defineOperation({ service, kind: 'qry', name: 'list-zones', request: NoParams, response: ZoneList }),
  listUnits: defineOperation({ service, kind: 'qry', name: 'list-units', request: NoParams, response: UnitList }),
  listClues: defineOperation({ service, kind: 'qry', name: 'list-clues', request: ListCluesRequest, response: ClueList }),
  getClue: defineOperation({ service, kind: 'qry', name: 'get-clue', request: ClueRef, response: Clue }),
  proposeDisposition: defineOperation({
    service,
    kind: 'cmd',
    name: 'propose-disposition',
    request: ProposeDispositionRequest,
    response: StatusChanged,
  }),
  approveDisposition: defineOperation({
    service,
    kind: 'cmd',
    name: 'approve-disposition',
    request: ApproveDispositionRequest,
    response: StatusChanged,
  }),
  rejectDisposition: defineOperation({
    service,
    kind: 'cmd',
    name: 'reject-disposition',
    request: RejectDispositionRequest,
    response: StatusChanged,
  }),
} as const;
