// Petitions (检举控告, 信访室): register, screen, transfer to 案管, read the sealed reporter identity,
// and the anonymous lookup by code.
import { Type, type Static } from '@sinclair/typebox';
import { object, when } from '../validation.js';
import { CalendarDate, DateTime, HistoryEntry, Id, Line, Note, Page, PageSize, StatusChanged, FreeText } from './fields.js';
import { CategoryCode, CategoryCodes } from './categories.js';
import { clocksOperation } from './clocks.js';
import { defineOperation } from './operation.js';

// ── vocabulary
export const PetitionChannel = Type.Union(
  (['letter', 'visit', 'phone', 'online', 'referred'] as const).map((c) => Type.Literal(c)),
);
export type PetitionChannel = Static<typeof PetitionChannel>;
export const NotAcceptedReason = Type.Union([
  Type.Literal('litigation'),
  Type.Literal('other-body'),
  Type.Literal('no-substance'),
]);
export type NotAcceptedReason = Static<typeof NotAcceptedReason>;
export const PetitionStatus = Type.Union(
  (
    [
      'received',
      'screened',
      'accepted',
      'not-accepted',
      'forwarded-to-superior',
      'forwarded-to-subordinate',
      'duplicate-filed',
      'transferred',
      'concluded',
      'feedback-delivered',
    ] as const
  ).map((s) => Type.Literal(s)),
);
export type PetitionStatus = Static<typeof PetitionStatus>;

/** 查询码 handed to the reporter: no identity in it, hard to guess. */
export const LookupCode = Type.String({ minLength: 8, maxLength: 32, pattern: '^[A-Za-z0-9-]+$' });

/** The sealed part: stored only in the vault, never in an event, a log line or an error. */
export const Reporter = object({
  name: Line(100),
  phone: Type.String({ minLength: 3, maxLength: 32, pattern: '^[0-9+() -]+$' }),
  idNumber: Type.String({ minLength: 4, maxLength: 32, pattern: '^[0-9A-Za-z]+$' }),
  address: Line(300),
});

/**
 * Who is accused, as the transfer to 案管 carries it: at most what the public event
 * PetitionTransferred v2 carries (position 200), so every accepted petition can be transferred.
 */
export const Accused = object({ name: Line(100), position: Line(200), unitId: Id });
export type Accused = Static<typeof Accused>;

// ── register
/** A real-name petition carries its reporter (sealed in the vault); an anonymous one never does. */
export const RegisterPetitionRequest = when(
  object({
    channel: PetitionChannel,
    realName: Type.Boolean(),
    reporter: Type.Optional(Reporter),
    accused: Accused,
    /** The coded categories (GET /api/v1/categories); ['other'] when absent. */
    categories: Type.Optional(CategoryCodes),
    /** The category as written, kept beside the codes; at most what PetitionTransferred carries to 案管 (64). */
    category: Type.Optional(Line(64)),
    /** The petition concerns the commission's own head: it can only be forwarded to the superior commission (报送上级). */
    concernsCommissionHead: Type.Optional(Type.Boolean()),
    summary: Line(500),
    content: FreeText(10_000),
  }),
  {
    if: { realName: true },
    then: {
      required: ['reporter'],
      message: { zh: '实名举报必须填写举报人信息', en: 'a real-name petition needs the reporter' },
    },
    else: {
      forbidden: ['reporter'],
      message: { zh: '匿名举报不得填写举报人信息', en: 'an anonymous petition must not carry a reporter' },
    },
  },
);
export type RegisterPetitionRequest = Static<typeof RegisterPetitionRequest>;

export const RegisterPetitionResponse = Type.Object({ id: Id, lookupCode: LookupCode, status: Type.Literal('received') });

// ── screening and transfer
export const PetitionRef = object({ petitionId: Id });
export type PetitionRef = Static<typeof PetitionRef>;
export const RejectPetitionRequest = object({ petitionId: Id, reason: NotAcceptedReason, note: Type.Optional(Note) });
export type RejectPetitionRequest = Static<typeof RejectPetitionRequest>;

/** 转送: to a subordinate body, named (an organisation, never a person). */
export const ForwardToSubordinateRequest = object({ petitionId: Id, body: Line(100) });
export type ForwardToSubordinateRequest = Static<typeof ForwardToSubordinateRequest>;
/** 重复件: the earlier petition it repeats must exist. */
export const MarkDuplicateRequest = object({ petitionId: Id, duplicateOf: Id });
export type MarkDuplicateRequest = Static<typeof MarkDuplicateRequest>;
/** 异议: the reporter's objection to a decision, as the office took it down. */
export const RaiseObjectionRequest = object({ petitionId: Id, note: Note });
export type RaiseObjectionRequest = Static<typeof RaiseObjectionRequest>;
/** A repeat the system proposed at registration (same accused, same unit), confirmed or rejected by the office. */
export const RepeatLinkRequest = object({ petitionId: Id, earlierId: Id });
export type RepeatLinkRequest = Static<typeof RepeatLinkRequest>;

// ── result feedback to a real-name reporter (结果反馈), owed 15 working days after conclusion
/** What the reporter was told, and how: never their name or contact details. */
export const DeliverFeedbackRequest = object({ petitionId: Id, note: Note });
export type DeliverFeedbackRequest = Static<typeof DeliverFeedbackRequest>;

// ── reading
export const Petition = Type.Object({
  id: Id,
  status: PetitionStatus,
  channel: PetitionChannel,
  realName: Type.Boolean(),
  accused: Accused,
  categories: CategoryCodes,
  /** The category as written (petitions registered before the codes always have it). */
  category: Type.Optional(Type.String()),
  concernsCommissionHead: Type.Boolean(),
  summary: Type.String(),
  content: Type.String(),
  registeredAt: DateTime,
  updatedAt: DateTime,
  /** 转送: the subordinate body it went to. */
  forwardedTo: Type.Optional(Type.String()),
  /** 重复件: the earlier petition it duplicates. */
  duplicateOf: Type.Optional(Id),
  /** Earlier petitions about the same accused and unit: proposed at registration, then confirmed or rejected. */
  repeats: Type.Object({ proposed: Type.Array(Id), confirmed: Type.Array(Id), rejected: Type.Array(Id) }),
  /** How many earlier petitions this one is a confirmed repeat of. */
  repeatCount: Type.Integer({ minimum: 0 }),
  acceptanceNotifiedOn: Type.Optional(CalendarDate),
  objections: Type.Integer({ minimum: 0 }),
  history: Type.Optional(Type.Array(HistoryEntry)),
});

// ── the petition office's list (信访室 only; nothing from the vault)
export const ListPetitionsRequest = object({
  status: Type.Optional(PetitionStatus),
  channel: Type.Optional(PetitionChannel),
  /** One category code: petitions carrying it or a code beneath it ('integrity' finds 'eight-rules.banqueting'). */
  category: Type.Optional(CategoryCode),
  unitId: Type.Optional(Id),
  /** Registered on or after / on or before (Beijing days). */
  from: Type.Optional(CalendarDate),
  to: Type.Optional(CalendarDate),
  /** Words in the summary or the content (substring match: Chinese has no spaces). */
  q: Type.Optional(Line(100)),
  page: Type.Optional(Page),
  pageSize: Type.Optional(PageSize),
});
export type ListPetitionsRequest = Static<typeof ListPetitionsRequest>;
export const PetitionSummary = Type.Object({
  id: Id,
  status: PetitionStatus,
  channel: PetitionChannel,
  realName: Type.Boolean(),
  categories: CategoryCodes,
  category: Type.Optional(Type.String()),
  unitId: Id,
  summary: Type.String(),
  registeredAt: DateTime,
  updatedAt: DateTime,
  /** Confirmed earlier petitions about the same accused and unit. */
  repeatCount: Type.Integer({ minimum: 0 }),
  /** Proposed and not yet confirmed or rejected. */
  proposedRepeats: Type.Integer({ minimum: 0 }),
});
export const PetitionList = Type.Object({ items: Type.Array(PetitionSummary), total: Type.Integer({ minimum: 0 }) });

/** Every read is itself recorded, with this reason (检举控告规则 Art.47). */
export const ReadReporterRequest = object({ petitionId: Id, reason: Line(500) });
export type ReadReporterRequest = Static<typeof ReadReporterRequest>;
export const ReporterIdentity = Type.Object({
  name: Type.String(),
  phone: Type.String(),
  idNumber: Type.String(),
  address: Type.String(),
});

export const LookupRequest = object({ lookupCode: LookupCode });
export const LookupResponse = Type.Object({ status: PetitionStatus, updatedAt: DateTime });

// ── operations
const service = 'petitions';
export const petitionOperations = {
  registerPetition: defineOperation({
    service,
    kind: 'cmd',
    name: 'register-petition',
    request: RegisterPetitionRequest,
    response: RegisterPetitionResponse,
  }),
  acceptPetition: defineOperation({
    service,
    kind: 'cmd',
    name: 'accept-petition',
    request: PetitionRef,
    response: StatusChanged,
  }),
  rejectPetition: defineOperation({
    service,
    kind: 'cmd',
    name: 'reject-petition',
    request: RejectPetitionRequest,
    response: StatusChanged,
  }),
  transferPetition: defineOperation({
    service,
    kind: 'cmd',
    name: 'transfer-petition',
    request: PetitionRef,
    response: StatusChanged,
  }),
  screenPetition: defineOperation({
    service,
    kind: 'cmd',
    name: 'screen-petition',
    request: PetitionRef,
    response: StatusChanged,
  }),
  forwardToSuperior: defineOperation({
    service,
    kind: 'cmd',
    name: 'forward-petition-to-superior',
    request: PetitionRef,
    response: StatusChanged,
  }),
  forwardToSubordinate: defineOperation({
    service,
    kind: 'cmd',
    name: 'forward-petition-to-subordinate',
    request: ForwardToSubordinateRequest,
    response: StatusChanged,
  }),
  markDuplicate: defineOperation({
    service,
    kind: 'cmd',
    name: 'mark-petition-duplicate',
    request: MarkDuplicateRequest,
    response: StatusChanged,
  }),
  raiseObjection: defineOperation({
    service,
    kind: 'cmd',
    name: 'raise-petition-objection',
    request: RaiseObjectionRequest,
    response: StatusChanged,
  }),
  notifyAcceptance: defineOperation({
    service,
    kind: 'cmd',
    name: 'notify-petition-acceptance',
    request: PetitionRef,
    response: StatusChanged,
  }),
  confirmRepeat: defineOperation({
    service,
    kind: 'cmd',
    name: 'confirm-petition-repeat',
    request: RepeatLinkRequest,
    response: StatusChanged,
  }),
  rejectRepeat: defineOperation({
    service,
    kind: 'cmd',
    name: 'reject-petition-repeat',
    request: RepeatLinkRequest,
    response: StatusChanged,
  }),
  getPetition: defineOperation({ service, kind: 'qry', name: 'get-petition', request: PetitionRef, response: Petition }),
  listPetitions: defineOperation({
    service,
    kind: 'qry',
    name: 'list-petitions',
    request: ListPetitionsRequest,
    response: PetitionList,
  }),
  listClocks: clocksOperation(service),
  deliverFeedback: defineOperation({
    service,
    kind: 'cmd',
    name: 'deliver-feedback',
    request: DeliverFeedbackRequest,
    response: StatusChanged,
  }),
  readReporter: defineOperation({
    service,
    kind: 'cmd',
    name: 'read-reporter',
    request: ReadReporterRequest,
    response: ReporterIdentity,
  }),
  lookup: defineOperation({ service, kind: 'qry', name: 'lookup', request: LookupRequest, response: LookupResponse }),
} as const;
