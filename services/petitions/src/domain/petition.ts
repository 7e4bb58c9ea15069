// Petition 检举控告, handled by 信访室. The reporter's identity lives in the vault: commands,
// events and state carry at most `reporterRef`, an opaque reference into it.
//
// The request contract (libs/contracts/src/api/petitions.ts) owns every input's shape: types,
// enums, lengths, non-blank text, and "real name ⇔ reporter". The commands are typed from it, so
// this decider checks none of that again; it owns the rules that depend on the petition's state.
import { chinaDate } from '@jiandu/calendar';
import type {
  Accused,
  DeliverFeedbackRequest,
  DomainError,
  NotAcceptedReason,
  PetitionChannel,
  PetitionRef,
  PetitionStatus,
  ReadReporterRequest,
  RegisterPetitionRequest,
  RejectPetitionRequest,
} from '@jiandu/contracts';
import { deciderOf, refusal, type DecisionContext } from '@jiandu/decision';
import type { Conclusion } from './conclusion.js';

export const PETITION_OFFICE = 'petition-office';

// ── commands
/** The registration as the contract accepted it, without the reporter, who is sealed in the vault. */
type Registration = Omit<RegisterPetitionRequest, 'reporter' | 'realName'> & { petitionId: string };
/** A real-name petition points into the vault; an anonymous one has nothing to point to. */
type Sealing = { realName: true; reporterRef: string } | { realName: false; reporterRef?: undefined };

export type RegisterPetition = { type: 'RegisterPetition'; data: Registration & Sealing };
export type AcceptPetition = { type: 'AcceptPetition'; data: PetitionRef };
export type RejectPetition = { type: 'RejectPetition'; data: RejectPetitionRequest };
export type TransferPetition = { type: 'TransferPetition'; data: PetitionRef };
export type ReadReporterIdentity = { type: 'ReadReporterIdentity'; data: ReadReporterRequest };
/** Issued by the service when the inquiry or verification of the petition's clue ends. */
export type ConcludePetition = { type: 'ConcludePetition'; data: PetitionRef & Conclusion };
export type DeliverFeedback = { type: 'DeliverFeedback'; data: DeliverFeedbackRequest };
export type PetitionCommand =
  | RegisterPetition
  | AcceptPetition
  | RejectPetition
  | TransferPetition
  | ReadReporterIdentity
  | ConcludePetition
  | DeliverFeedback;

// ── events (who and when live in the event metadata, not here)
export type PetitionRegistered = { type: 'PetitionRegistered'; data: RegisterPetition['data'] };
export type PetitionAccepted = { type: 'PetitionAccepted'; data: { petitionId: string } };
export type PetitionNotAccepted = {
  type: 'PetitionNotAccepted';
  data: { petitionId: string; reason: NotAcceptedReason; note?: string };
};
export type PetitionTransferred = {
  type: 'PetitionTransferred';
  data: {
    petitionId: string;
    accused: Accused;
    category: string;
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
  | PetitionRegistered
  | PetitionAccepted
  | PetitionNotAccepted
  | PetitionTransferred
  | ReporterIdentityRead
  | PetitionConcluded
  | FeedbackDelivered;

// ── state. Screened, ForwardedToSuperior/Subordinate and DuplicateFiled (DOMAIN.md) join this
// union when their commands are built.
type Facts = {
  petitionId: string;
  channel: PetitionChannel;
  realName: boolean;
  reporterRef?: string;
  accused: Accused;
  category: string;
  summary: string;
};
export type Petition =
  | { status: 'Initial' }
  | ({ status: 'Received' } & Facts)
  | ({ status: 'Accepted' } & Facts)
  | ({ status: 'NotAccepted'; reason: NotAcceptedReason } & Facts)
  | ({ status: 'Transferred'; transferredAt: string } & Facts)
  | ({ status: 'Concluded'; transferredAt: string; conclusion: Conclusion } & Facts)
  | ({ status: 'FeedbackDelivered'; transferredAt: string; conclusion: Conclusion; deliveredOn: string } & Facts);
type Registered = Exclude<Petition, { status: 'Initial' }>;

export const initialState = (): Petition => ({ status: 'Initial' });

/** The status as the contract names it (`PetitionStatus`). */
const STATUS: Record<Registered['status'], PetitionStatus> = {
  Received: 'received',
  Accepted: 'accepted',
  NotAccepted: 'not-accepted',
  Transferred: 'transferred',
  Concluded: 'concluded',
  FeedbackDelivered: 'feedback-delivered',
};
export const petitionStatus = (state: Registered): PetitionStatus => STATUS[state.status];

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
      return register(command.data, state);
    case 'ConcludePetition':
      return conclude(command.data, state);
  }
  if (state.status === 'Initial') return notFound();
  switch (command.type) {
    case 'AcceptPetition':
      if (state.status !== 'Received') return wrongState(state, { zh: '受理', en: 'accepted' });
      return [{ type: 'PetitionAccepted', data: { petitionId: state.petitionId } }];
    case 'RejectPetition':
      if (state.status !== 'Received') return wrongState(state, { zh: '不予受理', en: 'refused' });
      return [{ type: 'PetitionNotAccepted', data: notAccepted(state.petitionId, command.data) }];
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
      return [
        {
          type: 'FeedbackDelivered',
          data: { petitionId: state.petitionId, note: command.data.note, deliveredOn: chinaDate(now) },
        },
      ];
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

function register(input: RegisterPetition['data'], state: Petition): PetitionEvent[] | DomainError {
  if (state.status !== 'Initial') {
    return refusal('PETITION_ALREADY_REGISTERED', 409, '该信访件已登记', 'this petition is already registered');
  }
  // Pick each field by name: whatever else the caller sent (a name, a phone number) stays behind.
  const { petitionId, channel, category, summary, content } = input;
  const sealing: Sealing = input.realName ? { realName: true, reporterRef: input.reporterRef } : { realName: false };
  const accused = { name: input.accused.name, position: input.accused.position, unitId: input.accused.unitId };
  return [{ type: 'PetitionRegistered', data: { petitionId, channel, ...sealing, accused, category, summary, content } }];
}

function notAccepted(petitionId: string, { reason, note }: RejectPetitionRequest): PetitionNotAccepted['data'] {
  return { petitionId, reason, ...(note === undefined ? {} : { note }) };
}

/** What 案管 receives: the accused and the summary, never the reporter, the content or the lookup code. */
function transferOf(state: Registered, now: Date): PetitionTransferred['data'] {
  const { petitionId, accused, category, summary, channel, realName } = state;
  return { petitionId, accused: { ...accused }, category, summary, channel, realName, transferredAt: now.toISOString() };
}

function conclude(input: ConcludePetition['data'], state: Petition): PetitionEvent[] | DomainError {
  if (state.status === 'Initial') return notFound();
  // The same result arriving again concludes nothing more.
  if ('conclusion' in state && state.conclusion.source === input.source && state.conclusion.ref === input.ref) return [];
  if (state.status !== 'Transferred') return wrongState(state, { zh: '办结', en: 'concluded' });
  return [{ type: 'PetitionConcluded', data: { ...conclusionOf(input), petitionId: state.petitionId } }];
}

/** The conclusion alone, picked by name. */
function conclusionOf({ source, outcome, ref, concludedOn }: Conclusion): Conclusion {
  return source === 'inquiry' ? { source, outcome, ref, concludedOn } : { source, outcome, ref, concludedOn };
}

// ── evolve
export function evolve(state: Petition, event: PetitionEvent): Petition {
  switch (event.type) {
    case 'PetitionRegistered': {
      const { petitionId, channel, realName, reporterRef, accused, category, summary } = event.data;
      const facts: Facts = { petitionId, channel, realName, accused, category, summary };
      return { status: 'Received', ...facts, ...(reporterRef === undefined ? {} : { reporterRef }) };
    }
    case 'PetitionAccepted':
      return state.status === 'Received' ? { ...state, status: 'Accepted' } : state;
    case 'PetitionNotAccepted':
      return state.status === 'Received' ? { ...state, status: 'NotAccepted', reason: event.data.reason } : state;
    case 'PetitionTransferred':
      return state.status === 'Accepted' ? { ...state, status: 'Transferred', transferredAt: event.data.transferredAt } : state;
    case 'PetitionConcluded':
      return state.status === 'Transferred' ? { ...state, status: 'Concluded', conclusion: conclusionOf(event.data) } : state;
    case 'FeedbackDelivered':
      return state.status === 'Concluded'
        ? { ...state, status: 'FeedbackDelivered', deliveredOn: event.data.deliveredOn }
        : state;
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
