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
import { CategoryCode, CategoryCodes } from './categories.js';
import { clocksOperation } from './clocks.js';
import { defineOperation } from './operation.js';
import { Accused } from './petitions.js';

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
  'sanctioned',
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
  'superior-referral',
] as const;
export const ClueSource = literals(CLUE_SOURCES);
export type ClueSource = Static<typeof ClueSource>;
/** The sources 案管 registers a clue from itself (a petition's clue comes from its transfer). */
export const REGISTERED_CLUE_SOURCES = CLUE_SOURCES.filter((s): s is Exclude<ClueSource, 'petition'> => s !== 'petition');
export const RegisteredClueSource = literals(REGISTERED_CLUE_SOURCES);
export type RegisteredClueSource = Static<typeof RegisteredClueSource>;
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
  /** The petition's id, or the source's own reference (e.g. the 巡察 report number). */
  reference: Type.Optional(Type.String()),
  unitId: Id,
  zoneId: Type.Optional(Id),
  /** The problem category codes (GET /api/v1/categories); a clue of before the codes reads ['other']. */
  categories: CategoryCodes,
  /** The category as free text, where one was written (every clue of before the codes). */
  category: Type.Optional(Type.String()),
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
  zoneId: Type.Optional(Id),
  /** A category code: clues carrying it or one of the codes beneath it. */
  category: Type.Optional(CategoryCode),
  source: Type.Optional(ClueSource),
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

// ── registering a clue from a source other than a petition (实施办法 三(八), 六(四))
/** What a clue says, whoever brings it: where it comes from, its reference, whom and what it concerns. */
const clueFacts = {
  /** The source's own reference: the 巡察 report number, the audit report, the court's letter, … */
  reference: Line(64),
  categories: CategoryCodes,
  /** Optional free text beside the codes. */
  category: Type.Optional(Line(64)),
  summary: Line(500),
  accused: Accused,
};
export const RegisterClueRequest = object({ source: RegisteredClueSource, ...clueFacts });
export type RegisterClueRequest = Static<typeof RegisterClueRequest>;
/** Where the register put a new clue: its number, the office it is routed to, the disposition's due date. */
export const ClueRegistration = Type.Object({
  id: Id,
  number: Type.String(),
  status: ClueStatus,
  zoneId: Id,
  assignedOffice: Type.String(),
  dispositionDeadline: CalendarDate,
});

// ── clues a 派驻机构 or a 纪检监察室 found (实施办法 三(八): 报送区纪委监委案管室), for 案管 to register or decline
export const SUBMISSION_STATUSES = ['submitted', 'registered', 'declined'] as const;
export const SubmissionStatus = literals(SUBMISSION_STATUSES);
/** The source is the submitter's: a 派驻机构's clue is `dispatched-agency`, a 纪检监察室's `self-found`. */
export const SubmitClueRequest = object(clueFacts);
export type SubmitClueRequest = Static<typeof SubmitClueRequest>;
export const SubmissionRef = object({ submissionId: Id });
export const DeclineSubmissionRequest = object({ submissionId: Id, reason: Note });
export const ListSubmissionsRequest = object({
  status: Type.Optional(SubmissionStatus),
  page: Type.Optional(Page),
  pageSize: Type.Optional(PageSize),
});
export const ClueSubmission = Type.Object({
  id: Id,
  status: SubmissionStatus,
  office: Type.String(),
  source: RegisteredClueSource,
  reference: Type.String(),
  unitId: Id,
  categories: CategoryCodes,
  category: Type.Optional(Type.String()),
  summary: Type.String(),
  accused: Type.Object({ name: Type.String(), position: Type.String(), unitId: Id }),
  submittedAt: DateTime,
  /** Once registered: the clue it became. */
  clueId: Type.Optional(Id),
  clueNumber: Type.Optional(Type.String()),
  /** Once declined: why. */
  declineReason: Type.Optional(Type.String()),
});
export const ClueSubmissionList = Type.Object({ items: Type.Array(ClueSubmission), total: Type.Integer({ minimum: 0 }) });

// ── 定期清理: periodic clearance rounds
export const CLEARANCE_REASONS = ['shelved', 'overdue'] as const;
/** keep: stays shelved (or stays with its office); reactivate: a shelved clue needs a disposition again; propose-close: 予以了结 proposed. */
export const CLEARANCE_DECISIONS = ['keep', 'reactivate', 'propose-close'] as const;
export const ClearanceDecision = literals(CLEARANCE_DECISIONS);
export type ClearanceDecision = Static<typeof ClearanceDecision>;
export const OpenClearanceRoundRequest = object({
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
  quarter: Type.Integer({ minimum: 1, maximum: 4 }),
});
export const ClearanceRoundRef = object({ roundId: Id });
export const ReviewClearanceItemRequest = object({ roundId: Id, clueId: Id, decision: ClearanceDecision, note: Line(2000) });
export const ClearanceItem = Type.Object({
  clueId: Id,
  number: Type.String(),
  office: Type.String(),
  reason: literals(CLEARANCE_REASONS),
  dueOn: CalendarDate,
  review: Type.Optional(
    Type.Object({ decision: ClearanceDecision, note: Type.String(), reviewedAt: DateTime, reviewedBy: Type.String() }),
  ),
});
export const ClearanceRound = Type.Object({
  id: Id,
  year: Type.Integer(),
  quarter: Type.Integer(),
  status: literals(['open', 'closed'] as const),
  openedAt: DateTime,
  dueOn: CalendarDate,
  closedAt: Type.Optional(DateTime),
  /** Every item (the caller's own only, for a handling office), and how many of all are unreviewed. */
  items: Type.Array(ClearanceItem),
  unreviewed: Type.Integer({ minimum: 0 }),
});

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
  registerClue: defineOperation({
    service,
    kind: 'cmd',
    name: 'register-clue',
    request: RegisterClueRequest,
    response: ClueRegistration,
  }),
  listClocks: clocksOperation(service),
  submitClue: defineOperation({
    service,
    kind: 'cmd',
    name: 'submit-clue',
    request: SubmitClueRequest,
    response: ClueSubmission,
  }),
  listClueSubmissions: defineOperation({
    service,
    kind: 'qry',
    name: 'list-clue-submissions',
    request: ListSubmissionsRequest,
    response: ClueSubmissionList,
  }),
  registerClueSubmission: defineOperation({
    service,
    kind: 'cmd',
    name: 'register-clue-submission',
    request: SubmissionRef,
    response: ClueRegistration,
  }),
  declineClueSubmission: defineOperation({
    service,
    kind: 'cmd',
    name: 'decline-clue-submission',
    request: DeclineSubmissionRequest,
    response: StatusChanged,
  }),
  openClearanceRound: defineOperation({
    service,
    kind: 'cmd',
    name: 'open-clearance-round',
    request: OpenClearanceRoundRequest,
    response: ClearanceRound,
  }),
  reviewClearanceItem: defineOperation({
    service,
    kind: 'cmd',
    name: 'review-clearance-item',
    request: ReviewClearanceItemRequest,
    response: StatusChanged,
  }),
  closeClearanceRound: defineOperation({
    service,
    kind: 'cmd',
    name: 'close-clearance-round',
    request: ClearanceRoundRef,
    response: StatusChanged,
  }),
  getClearanceRound: defineOperation({
    service,
    kind: 'qry',
    name: 'get-clearance-round',
    request: ClearanceRoundRef,
    response: ClearanceRound,
  }),
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
