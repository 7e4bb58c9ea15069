// Petitions (检举控告, 信访室): register, screen, transfer to 案管, read the sealed reporter identity,
// and the anonymous lookup by code.
import { Type, type Static } from '@sinclair/typebox';
import { object, when } from '../validation.js';
import { DateTime, HistoryEntry, Id, Line, Note, StatusChanged, FreeText } from './fields.js';
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
    // At most what PetitionTransferred v2 carries to 案管 (64).
    category: Line(64),
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
  category: Type.String(),
  summary: Type.String(),
  content: Type.String(),
  registeredAt: DateTime,
  updatedAt: DateTime,
  history: Type.Optional(Type.Array(HistoryEntry)),
});

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
  getPetition: defineOperation({ service, kind: 'qry', name: 'get-petition', request: PetitionRef, response: Petition }),
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
