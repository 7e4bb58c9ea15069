// Petition 检举控告, handled by 信访室. The reporter's identity lives in the vault: commands,
// events and state carry at most `reporterRef`, an opaque reference into it.
//
// The request contract (libs/contracts/src/api/petitions.ts) owns every input's shape: types,
// enums, lengths, non-blank text, and "real name ⇔ reporter". The commands are typed from it, so
// this decider checks none of that again; it owns the rules that depend on the petition's state.
//
// The path (DOMAIN.md, Petition): Received → (Screened) → Accepted | NotAccepted |
// ForwardedToSuperior | ForwardedToSubordinate | DuplicateFiled; Accepted → Transferred →
// Concluded → FeedbackDelivered.
// - Screening (初步甄别) is optional: a Received petition may be decided directly, as clients did
//   before screening existed; a Screened one is decided the same way. Screening records that the
//   office looked at it, and nothing is decided before it that it could change.
// - A petition about the commission's own head (`concernsCommissionHead`) can only be forwarded up
//   (报送上级): accepting, refusing, forwarding down or filing it as a duplicate is refused.
// - A duplicate (重复件) links an earlier petition that exists (the handler looks it up and says
//   so in the command); a petition is never a duplicate of itself.
// - An objection (异议) of the reporter is recorded against a decision they can object to: not
//   accepted, filed as a duplicate, concluded, or feedback given. It changes no state; the office
//   answers it outside this aggregate (counted in `objections`).
// - The acceptance notice (受理告知) is owed to a real-name reporter once the petition is decided
//   (accepted, refused, forwarded, and later), once; never for a duplicate.
// - Repeats: at registration the handler finds earlier petitions about the same accused (name) and
//   unit and hands them in; they are proposed (RepeatsProposed), and the office confirms or
//   rejects each proposed link, once.
//
// Events of the public types (libs/contracts petitionsPublicEvents) carry exactly their public
// data: who, how and what category, never the reporter, the accused's name or the content. The
// petition's particulars are in the private PetitionRecorded; notes and objections in their own
// private events. A PetitionRegistered of before the public contracts (v1, stored, never
// published) carries the particulars itself and folds as PetitionRecorded did, coded ['other'].
import { chinaDate } from '@jiandu/calendar';
import {
  OTHER_CATEGORY,
  type Accused,
  type CategoryCodes,
  type DeliverFeedbackRequest,
  type DomainError,
  type ForwardToSubordinateRequest,
  type MarkDuplicateRequest,
  type NotAcceptedReason,
  type PetitionChannel,
  type PetitionRef,
  type PetitionStatus,
  type RaiseObjectionRequest,
  type ReadReporterRequest,
  type RegisterPetitionRequest,
  type RejectPetitionRequest,
  type RepeatLinkRequest,
} from '@jiandu/contracts';
import { deciderOf, refusal, type DecisionContext } from '@jiandu/decision';
import type { Conclusion } from './conclusion.js';

export const PETITION_OFFICE = 'petition-office';

// ── commands
/** The registration as the contract accepted it, without the reporter, who is sealed in the vault. */
type Registration = Omit<RegisterPetitionRequest, 'reporter' | 'realName'> & {
  petitionId: string;
  /** Earlier petitions about the same accused and unit, found by the handler: proposed as repeats. */
  repeatCandidates?: string[];
};
/** A real-name petition points into the vault; an anonymous one has nothing to point to. */
type Sealing = { realName: true; reporterRef: string } | { realName: false; reporterRef?: undefined };

export type RegisterPetition = { type: 'RegisterPetition'; data: Registration & Sealing };
export type ScreenPetition = { type: 'ScreenPetition'; data: PetitionRef };
export type AcceptPetition = { type: 'AcceptPetition'; data: PetitionRef };
export type RejectPetition = { type: 'RejectPetition'; data: RejectPetitionRequest };
export type ForwardToSuperior = { type: 'ForwardToSuperior'; data: PetitionRef };
export type ForwardToSubordinate = { type: 'ForwardToSubordinate'; data: ForwardToSubordinateRequest };
/** `earlierExists`: whether the handler found the petition `duplicateOf` names. */
export type MarkDuplicate = { type: 'MarkDuplicate'; data: MarkDuplicateRequest & { earlierExists: boolean } };
export type RaiseObjection = { type: 'RaiseObjection'; data: RaiseObjectionRequest };
export type NotifyAcceptance = { type: 'NotifyAcceptance'; data: PetitionRef };
export type ConfirmRepeat = { type: 'ConfirmRepeat'; data: RepeatLinkRequest };
export type RejectRepeat = { type: 'RejectRepeat'; data: RepeatLinkRequest };
export type TransferPetition = { type: 'TransferPetition'; data: PetitionRef };
export type ReadReporterIdentity = { type: 'ReadReporterIdentity'; data: ReadReporterRequest };
/** Issued by the service when the inquiry or verification of the petition's clue ends. */
export type ConcludePetition = { type: 'ConcludePetition'; data: PetitionRef & Conclusion };
export type DeliverFeedback = { type: 'DeliverFeedback'; data: DeliverFeedbackRequest };
export type PetitionCommand =
  | RegisterPetition
  | ScreenPetition
  | AcceptPetition
  | RejectPetition
  | ForwardToSuperior
  | ForwardToSubordinate
  | MarkDuplicate
  | RaiseObjection
  | NotifyAcceptance
  | ConfirmRepeat
  | RejectRepeat
  | TransferPetition
  | ReadReporterIdentity
  | ConcludePetition
  | DeliverFeedback;

// ── events (who and when live in the event metadata, not here)
/** What analysis may know of a petition (the public events' common part). */
export type Announced = {
  petitionId: string;
  channel: PetitionChannel;
  categories: CategoryCodes;
  unitId: string;
  realName: boolean;
};
/** Private: the petition's particulars, the petition office's own. */
export type PetitionRecorded = {
  type: 'PetitionRecorded';
  data: {
    petitionId: string;
    channel: PetitionChannel;
    realName: boolean;
    reporterRef?: string;
    accused: Accused;
    categories: CategoryCodes;
    category?: string;
    concernsCommissionHead: boolean;
    summary: string;
    content: string;
  };
};
/** Before the public contracts: the private registration record (stored as v1, never published). */
export type LegacyRegistration = {
  petitionId: string;
  channel: PetitionChannel;
  realName: boolean;
  reporterRef?: string;
  accused: Accused;
  category: string;
  summary: string;
  content: string;
};
export type RegisteredData = Announced & { registeredOn: string };
export type PetitionRegistered = { type: 'PetitionRegistered'; data: RegisteredData | LegacyRegistration };
export type RepeatsProposed = { type: 'RepeatsProposed'; data: { petitionId: string; earlierIds: string[] } };
export type PetitionScreened = { type: 'PetitionScreened'; data: Announced & { screenedOn: string } };
/** Stored before the public contracts as `{ petitionId }` only. */
export type AcceptedData = Announced & { acceptedOn: string };
export type PetitionAccepted = { type: 'PetitionAccepted'; data: AcceptedData | { petitionId: string } };
/** Stored before the public contracts as `{ petitionId, reason, note? }`. */
export type NotAcceptedData = Announced & { reason: NotAcceptedReason; decidedOn: string };
export type PetitionNotAccepted = {
  type: 'PetitionNotAccepted';
  data: NotAcceptedData | { petitionId: string; reason: NotAcceptedReason; note?: string };
};
/** Private: the office's note on a refusal. */
export type NotAcceptanceNoted = { type: 'NotAcceptanceNoted'; data: { petitionId: string; note: string } };
export type PetitionForwardedToSuperior = {
  type: 'PetitionForwardedToSuperior';
  data: Announced & { concernsCommissionHead: boolean; forwardedOn: string };
};
export type PetitionForwardedToSubordinate = {
  type: 'PetitionForwardedToSubordinate';
  data: Announced & { body: string; forwardedOn: string };
};
export type DuplicatePetitionFiled = {
  type: 'DuplicatePetitionFiled';
  data: Announced & { duplicateOf: string; filedOn: string };
};
export type AcceptanceNotified = { type: 'AcceptanceNotified'; data: Announced & { notifiedOn: string } };
/** Private: the reporter's objection, as taken down, against the status it objects to. */
export type ObjectionRaised = {
  type: 'ObjectionRaised';
  data: { petitionId: string; against: PetitionStatus; note: string; raisedOn: string };
};
export type RepeatConfirmed = { type: 'RepeatConfirmed'; data: { petitionId: string; earlierId: string } };
export type RepeatRejected = { type: 'RepeatRejected'; data: { petitionId: string; earlierId: string } };
/** Public (PetitionTransferred v4): the accused's position and unit, never the name (ADR 0018). */
export type PetitionTransferred = {
  type: 'PetitionTransferred';
  data: {
    petitionId: string;
    accused: Omit<Accused, 'name'>;
    categories: CategoryCodes;
    category?: string;
    summary: string;
    channel: PetitionChannel;
    realName: boolean;
    transferredAt: string;
  };
};
export type ReporterIdentityRead = { type: 'ReporterIdentityRead'; data: { petitionId: string; reason: string } };
export type PetitionConcluded = { type: 'PetitionConcluded'; data: { petitionId: string } & Conclusion };
export type FeedbackDelivered = { type: 'FeedbackDelivered'; data: { petitionId: string; note: string; deliveredOn: string } };
export type PetitionEvent =
  | PetitionRecorded
  | PetitionRegistered
  | RepeatsProposed
  | PetitionScreened
  | PetitionAccepted
  | PetitionNotAccepted
  | NotAcceptanceNoted
  | PetitionForwardedToSuperior
  | PetitionForwardedToSubordinate
  | DuplicatePetitionFiled
  | AcceptanceNotified
  | ObjectionRaised
  | RepeatConfirmed
  | RepeatRejected
  | PetitionTransferred
  | ReporterIdentityRead
  | PetitionConcluded
  | FeedbackDelivered;

// ── state
export type Repeats = { proposed: string[]; confirmed: string[]; rejected: string[] };
type Facts = {
  petitionId: string;
  channel: PetitionChannel;
  realName: boolean;
  reporterRef?: string;
  accused: Accused;
  categories: CategoryCodes;
  category?: string;
  concernsCommissionHead: boolean;
  summary: string;
  repeats: Repeats;
  notifiedOn?: string;
  objections: number;
};
export type Petition =
  | { status: 'Initial' }
  | ({ status: 'Received' } & Facts)
  | ({ status: 'Screened' } & Facts)
  | ({ status: 'Accepted' } & Facts)
  | ({ status: 'NotAccepted'; reason: NotAcceptedReason } & Facts)
  | ({ status: 'ForwardedToSuperior' } & Facts)
  | ({ status: 'ForwardedToSubordinate'; body: string } & Facts)
  | ({ status: 'DuplicateFiled'; duplicateOf: string } & Facts)
  | ({ status: 'Transferred'; transferredAt: string } & Facts)
  | ({ status: 'Concluded'; transferredAt: string; conclusion: Conclusion } & Facts)
  | ({ status: 'FeedbackDelivered'; transferredAt: string; conclusion: Conclusion; deliveredOn: string } & Facts);
export type Registered = Exclude<Petition, { status: 'Initial' }>;

export const initialState = (): Petition => ({ status: 'Initial' });

/** The status as the contract names it (`PetitionStatus`). */
const STATUS: Record<Registered['status'], PetitionStatus> = {
  Received: 'received',
  Screened: 'screened',
  Accepted: 'accepted',
  NotAccepted: 'not-accepted',
  ForwardedToSuperior: 'forwarded-to-superior',
  ForwardedToSubordinate: 'forwarded-to-subordinate',
  DuplicateFiled: 'duplicate-filed',
  Transferred: 'transferred',
  Concluded: 'concluded',
  FeedbackDelivered: 'feedback-delivered',
};
export const petitionStatus = (state: Registered): PetitionStatus => STATUS[state.status];

/** Not yet decided: screening, acceptance, refusal, forwarding and filing as a duplicate start here. */
const undecided = (state: Registered): boolean => state.status === 'Received' || state.status === 'Screened';
/** A decision the reporter may object to (异议). */
const OBJECTABLE: readonly Registered['status'][] = ['NotAccepted', 'DuplicateFiled', 'Concluded', 'FeedbackDelivered'];
/** Decided, so the real-name reporter is told how the petition was taken up; never a duplicate. */
const NOTIFIABLE: readonly Registered['status'][] = [
  'Accepted',
  'NotAccepted',
  'ForwardedToSuperior',
  'ForwardedToSubordinate',
  'Transferred',
  'Concluded',
  'FeedbackDelivered',
];

// ── refusals: each for a rule of the petition's state (or of who acts), never for the input's shape
const notFound = (): DomainError => refusal('PETITION_NOT_FOUND', 404, '未找到信访件', 'petition not found');
const wrongState = (state: Petition, action: { zh: string; en: string }): DomainError =>
  refusal(
    'PETITION_WRONG_STATE',
    409,
    `信访件当前状态（${state.status}）不能${action.zh}`,
    `a petition in state ${state.status} cannot be ${action.en}`,
  );
const anonymous = (zh: string, en: string): DomainError => refusal('PETITION_ANONYMOUS', 422, zh, en);
const forSuperior = (action: { zh: string; en: string }): DomainError =>
  refusal(
    'PETITION_FOR_SUPERIOR',
    422,
    `反映本委主要负责人的信访件只能报送上级，不能${action.zh}`,
    `a petition about the commission's own head can only be forwarded to the superior commission, not ${action.en}`,
  );

/** The undecided-state rule, then the commission-head rule, for a decision on the petition. */
function decidable(state: Registered, action: { zh: string; en: string }): DomainError | undefined {
  if (!undecided(state)) return wrongState(state, action);
  if (state.concernsCommissionHead) return forSuperior(action);
  return undefined;
}

// ── decide
export function decide(
  command: PetitionCommand,
  state: Petition,
  { now, actor }: DecisionContext,
): PetitionEvent[] | DomainError {
  if (actor.office !== PETITION_OFFICE) {
    return refusal('FORBIDDEN_OFFICE', 403, '只有信访室可以办理信访件', 'only the petition office handles petitions');
  }
  switch (command.type) {
    case 'RegisterPetition':
      return register(command.data, state, now);
    case 'ConcludePetition':
      return conclude(command.data, state);
  }
  if (state.status === 'Initial') return notFound();
  const today = chinaDate(now);
  switch (command.type) {
    case 'ScreenPetition':
      if (state.status !== 'Received') return wrongState(state, { zh: '甄别', en: 'screened' });
      return [{ type: 'PetitionScreened', data: { ...announced(state), screenedOn: today } }];
    case 'AcceptPetition': {
      const refused = decidable(state, { zh: '受理', en: 'accepted' });
      if (refused) return refused;
      return [{ type: 'PetitionAccepted', data: { ...announced(state), acceptedOn: today } }];
    }
    case 'RejectPetition': {
      const refused = decidable(state, { zh: '不予受理', en: 'refused' });
      if (refused) return refused;
      const { reason, note } = command.data;
      const events: PetitionEvent[] = [{ type: 'PetitionNotAccepted', data: { ...announced(state), reason, decidedOn: today } }];
      if (note !== undefined) events.push({ type: 'NotAcceptanceNoted', data: { petitionId: state.petitionId, note } });
      return events;
    }
    case 'ForwardToSuperior':
      if (!undecided(state)) return wrongState(state, { zh: '报送上级', en: 'forwarded to the superior commission' });
      return [
        {
          type: 'PetitionForwardedToSuperior',
          data: { ...announced(state), concernsCommissionHead: state.concernsCommissionHead, forwardedOn: today },
        },
      ];
    case 'ForwardToSubordinate': {
      const refused = decidable(state, { zh: '转送', en: 'forwarded to a subordinate body' });
      if (refused) return refused;
      return [
        { type: 'PetitionForwardedToSubordinate', data: { ...announced(state), body: command.data.body, forwardedOn: today } },
      ];
    }
    case 'MarkDuplicate': {
      const refused = decidable(state, { zh: '作为重复件', en: 'filed as a duplicate' });
      if (refused) return refused;
      const { duplicateOf, earlierExists } = command.data;
      if (duplicateOf === state.petitionId)
        return refusal('DUPLICATE_OF_ITSELF', 422, '信访件不能是自身的重复件', 'a petition cannot duplicate itself', [
          { path: 'duplicateOf', message: { zh: '不能是本件', en: 'must be another petition' } },
        ]);
      if (!earlierExists)
        return refusal(
          'DUPLICATE_OF_UNKNOWN',
          422,
          '重复件必须关联已登记的信访件',
          'a duplicate must link an existing petition',
          [{ path: 'duplicateOf', message: { zh: '未找到该信访件', en: 'no such petition' } }],
        );
      return [{ type: 'DuplicatePetitionFiled', data: { ...announced(state), duplicateOf, filedOn: today } }];
    }
    case 'RaiseObjection':
      if (!OBJECTABLE.includes(state.status)) return wrongState(state, { zh: '提出异议', en: 'objected to' });
      return [
        {
          type: 'ObjectionRaised',
          data: { petitionId: state.petitionId, against: petitionStatus(state), note: command.data.note, raisedOn: today },
        },
      ];
    case 'NotifyAcceptance':
      if (!state.realName) return anonymous('匿名信访件无需告知受理情况', 'an anonymous petition has no reporter to notify');
      if (!NOTIFIABLE.includes(state.status)) return wrongState(state, { zh: '告知受理情况', en: 'notified' });
      if (state.notifiedOn !== undefined)
        return refusal(
          'PETITION_ALREADY_NOTIFIED',
          409,
          '已告知举报人受理情况',
          'the reporter has already been notified of the acceptance',
        );
      return [{ type: 'AcceptanceNotified', data: { ...announced(state), notifiedOn: today } }];
    case 'ConfirmRepeat':
    case 'RejectRepeat': {
      const { earlierId } = command.data;
      if (!state.repeats.proposed.includes(earlierId))
        return refusal('REPEAT_NOT_PROPOSED', 404, '未提出该重复举报关联', 'no such proposed repeat link', [
          { path: 'earlierId', message: { zh: '未被提出为重复件', en: 'not proposed as a repeat' } },
        ]);
      if (state.repeats.confirmed.includes(earlierId) || state.repeats.rejected.includes(earlierId))
        return refusal('REPEAT_ALREADY_DECIDED', 409, '该重复举报关联已确认或否定', 'this repeat link is already decided');
      const link = { petitionId: state.petitionId, earlierId };
      return [
        command.type === 'ConfirmRepeat' ? { type: 'RepeatConfirmed', data: link } : { type: 'RepeatRejected', data: link },
      ];
    }
    case 'TransferPetition':
      if (state.status !== 'Accepted') return wrongState(state, { zh: '移送', en: 'transferred' });
      return [{ type: 'PetitionTransferred', data: transferOf(state, now) }];
    case 'ReadReporterIdentity':
      if (!state.realName)
        return anonymous('匿名信访件没有可查阅的举报人身份', 'an anonymous petition has no reporter identity to read');
      return [{ type: 'ReporterIdentityRead', data: { petitionId: state.petitionId, reason: command.data.reason } }];
    case 'DeliverFeedback':
      if (!state.realName)
        return anonymous('匿名信访件无需向举报人反馈结果', 'an anonymous petition has no reporter to give feedback to');
      if (state.status !== 'Concluded') return wrongState(state, { zh: '反馈办理结果', en: 'given feedback' });
      // The day it was given, in Beijing.
      return [{ type: 'FeedbackDelivered', data: { petitionId: state.petitionId, note: command.data.note, deliveredOn: today } }];
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

/** The public part: never the reporter, the accused's name, the summary or the content. */
export function announced(state: Registered): Announced {
  const { petitionId, channel, categories, realName } = state;
  return { petitionId, channel, categories: [...categories], unitId: state.accused.unitId, realName };
}

function register(input: RegisterPetition['data'], state: Petition, now: Date): PetitionEvent[] | DomainError {
  if (state.status !== 'Initial') {
    return refusal('PETITION_ALREADY_REGISTERED', 409, '该信访件已登记', 'this petition is already registered');
  }
  // Pick each field by name: whatever else the caller sent (a name, a phone number) stays behind.
  const { petitionId, channel, category, summary, content } = input;
  const sealing: Sealing = input.realName ? { realName: true, reporterRef: input.reporterRef } : { realName: false };
  const accused = { name: input.accused.name, position: input.accused.position, unitId: input.accused.unitId };
  const categories: CategoryCodes = input.categories ? [...input.categories] : [OTHER_CATEGORY];
  const concernsCommissionHead = input.concernsCommissionHead ?? false;
  const recorded: PetitionRecorded['data'] = {
    petitionId,
    channel,
    ...sealing,
    accused,
    categories,
    ...(category === undefined ? {} : { category }),
    concernsCommissionHead,
    summary,
    content,
  };
  const publicPart: Announced = {
    petitionId,
    channel,
    categories: [...categories],
    unitId: accused.unitId,
    realName: sealing.realName,
  };
  const events: PetitionEvent[] = [
    { type: 'PetitionRecorded', data: recorded },
    { type: 'PetitionRegistered', data: { ...publicPart, registeredOn: chinaDate(now) } },
  ];
  const earlierIds = [...new Set(input.repeatCandidates ?? [])].filter((id) => id !== petitionId);
  if (earlierIds.length > 0) events.push({ type: 'RepeatsProposed', data: { petitionId, earlierIds } });
  return events;
}

/** What 案管 receives: the accused and the summary, never the reporter, the content or the lookup code. */
function transferOf(state: Registered, now: Date): PetitionTransferred['data'] {
  const { petitionId, accused, categories, category, summary, channel, realName } = state;
  return {
    petitionId,
    // Copied field by field: the name stays with 信访室 (案管 asks for it: queries/accused.query.ts).
    accused: { position: accused.position, unitId: accused.unitId },
    categories: [...categories],
    ...(category === undefined ? {} : { category }),
    summary,
    channel,
    realName,
    transferredAt: now.toISOString(),
  };
}

function conclude(input: ConcludePetition['data'], state: Petition): PetitionEvent[] | DomainError {
  if (state.status === 'Initial') return notFound();
  // The same result arriving again concludes nothing more.
  if ('conclusion' in state && state.conclusion.source === input.source && state.conclusion.ref === input.ref) return [];
  // Before sanctions concluded petitions, a verification that filed a case did: that petition's
  // feedback clock has run already, and the case's end (a sanction or none) concludes nothing more.
  if ('conclusion' in state && (input.source === 'sanction' || input.source === 'case') && filedCase(state.conclusion)) return [];
  if (state.status !== 'Transferred') return wrongState(state, { zh: '办结', en: 'concluded' });
  return [{ type: 'PetitionConcluded', data: { ...conclusionOf(input), petitionId: state.petitionId } }];
}

/** The conclusion alone, picked by name. */
function conclusionOf({ source, outcome, ref, concludedOn }: Conclusion): Conclusion {
  switch (source) {
    case 'inquiry':
      return { source, outcome, ref, concludedOn };
    case 'verification':
      return { source, outcome, ref, concludedOn };
    case 'sanction':
      return { source, outcome, ref, concludedOn };
    case 'case':
      return { source, outcome, ref, concludedOn };
  }
}

/** A conclusion stored before a filed case stopped concluding the petition (its type no longer allows it). */
const filedCase = (conclusion: Conclusion): boolean =>
  conclusion.source === 'verification' && (conclusion.outcome as string) === 'file-case';

/** The particulars of a PetitionRecorded, or of a PetitionRegistered of before the public contracts. */
function received(data: PetitionRecorded['data'] | LegacyRegistration): Petition {
  const { petitionId, channel, realName, reporterRef, accused, summary, category } = data;
  const coded = 'categories' in data;
  const facts: Facts = {
    petitionId,
    channel,
    realName,
    accused,
    categories: coded ? data.categories : [OTHER_CATEGORY],
    ...(category === undefined ? {} : { category }),
    concernsCommissionHead: coded ? data.concernsCommissionHead : false,
    summary,
    repeats: { proposed: [], confirmed: [], rejected: [] },
    objections: 0,
  };
  return { status: 'Received', ...facts, ...(reporterRef === undefined ? {} : { reporterRef }) };
}

// ── evolve
export function evolve(state: Petition, event: PetitionEvent): Petition {
  if (event.type === 'PetitionRecorded') return state.status === 'Initial' ? received(event.data) : state;
  if (event.type === 'PetitionRegistered')
    return state.status === 'Initial' && 'accused' in event.data ? received(event.data) : state;
  if (state.status === 'Initial') return state;
  switch (event.type) {
    case 'RepeatsProposed':
      return { ...state, repeats: { ...state.repeats, proposed: [...state.repeats.proposed, ...event.data.earlierIds] } };
    case 'RepeatConfirmed':
      return { ...state, repeats: { ...state.repeats, confirmed: [...state.repeats.confirmed, event.data.earlierId] } };
    case 'RepeatRejected':
      return { ...state, repeats: { ...state.repeats, rejected: [...state.repeats.rejected, event.data.earlierId] } };
    case 'PetitionScreened':
      return state.status === 'Received' ? { ...state, status: 'Screened' } : state;
    case 'PetitionAccepted':
      return undecided(state) ? { ...state, status: 'Accepted' } : state;
    case 'PetitionNotAccepted':
      return undecided(state) ? { ...state, status: 'NotAccepted', reason: event.data.reason } : state;
    case 'PetitionForwardedToSuperior':
      return undecided(state) ? { ...state, status: 'ForwardedToSuperior' } : state;
    case 'PetitionForwardedToSubordinate':
      return undecided(state) ? { ...state, status: 'ForwardedToSubordinate', body: event.data.body } : state;
    case 'DuplicatePetitionFiled':
      return undecided(state) ? { ...state, status: 'DuplicateFiled', duplicateOf: event.data.duplicateOf } : state;
    case 'AcceptanceNotified':
      return { ...state, notifiedOn: event.data.notifiedOn };
    case 'ObjectionRaised':
      return { ...state, objections: state.objections + 1 };
    case 'PetitionTransferred':
      return state.status === 'Accepted' ? { ...state, status: 'Transferred', transferredAt: event.data.transferredAt } : state;
    case 'PetitionConcluded':
      return state.status === 'Transferred' ? { ...state, status: 'Concluded', conclusion: conclusionOf(event.data) } : state;
    case 'FeedbackDelivered':
      return state.status === 'Concluded'
        ? { ...state, status: 'FeedbackDelivered', deliveredOn: event.data.deliveredOn }
        : state;
    case 'NotAcceptanceNoted':
    case 'ReporterIdentityRead':
      return state;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

// ── where a petition's events live, and its decider (commands, reactors and tests use these)
export const petitionStream = (petitionId: string) => `petition-${petitionId}`;
export const petitionDecider = deciderOf<PetitionCommand, PetitionEvent, Petition, DecisionContext>({
  decide,
  evolve,
  initialState,
});
