// Petition 检举控告, handled by 信访室. The reporter's identity lives in the vault: commands,
// events and state carry at most `reporterRef`, an opaque reference into it.
import type { DomainError } from '@jiandu/contracts';
import { date, filled, flag, invalidInput, localDate, oneOf, optionalText, refusal, text, type DecisionContext } from '@jiandu/decision';
import { CONCLUDING_OUTCOMES, CONCLUDING_SOURCES, type Conclusion } from './conclusion.js';
import { MAX } from './decision.js';

export const PETITION_OFFICE = 'petition-office';
export const CHANNELS = ['letter', 'visit', 'phone', 'online', 'referred'] as const;
export const NOT_ACCEPTED_REASONS = ['litigation', 'other-body', 'no-substance'] as const;

export type Channel = (typeof CHANNELS)[number];
export type NotAcceptedReason = (typeof NOT_ACCEPTED_REASONS)[number];
export interface Accused {
  name: string;
  position: string;
  unitId: string;
}

// ── commands
export type RegisterPetition = {
  type: 'RegisterPetition';
  data: {
    petitionId: string;
    channel: Channel;
    realName: boolean;
    reporterRef?: string;
    accused: Accused;
    category: string;
    summary: string;
    content: string;
  };
};
export type AcceptPetition = { type: 'AcceptPetition'; data: { petitionId: string } };
export type RejectPetition = { type: 'RejectPetition'; data: { petitionId: string; reason: NotAcceptedReason; note?: string } };
export type TransferPetition = { type: 'TransferPetition'; data: { petitionId: string } };
export type ReadReporterIdentity = { type: 'ReadReporterIdentity'; data: { petitionId: string; reason: string } };
/** Issued by the service when the inquiry or verification of the petition's clue ends. */
export type ConcludePetition = { type: 'ConcludePetition'; data: { petitionId: string } & Conclusion };
export type DeliverFeedback = { type: 'DeliverFeedback'; data: { petitionId: string; note: string } };
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
    channel: Channel;
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
  channel: Channel;
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

export const initialState = (): Petition => ({ status: 'Initial' });

// ── refusals
const notFound = (): DomainError => refusal('PETITION_NOT_FOUND', 404, '未找到信访件', 'petition not found');
const wrongState = (state: Petition, action: { zh: string; en: string }): DomainError =>
  refusal(
    'PETITION_WRONG_STATE',
    409,
    `信访件当前状态（${state.status}）不能${action.zh}`,
    `a petition in state ${state.status} cannot be ${action.en}`,
  );

// ── decide
export function decide(command: PetitionCommand, state: Petition, { now, actor }: DecisionContext): PetitionEvent[] | DomainError {
  if (actor.office !== PETITION_OFFICE) {
    return refusal('FORBIDDEN_OFFICE', 403, '只有信访室可以办理信访件', 'only the petition office handles petitions');
  }
  switch (command.type) {
    case 'RegisterPetition':
      return register(command.data, state);
    case 'AcceptPetition': {
      if (state.status === 'Initial') return notFound();
      if (state.status !== 'Received') return wrongState(state, { zh: '受理', en: 'accepted' });
      return [{ type: 'PetitionAccepted', data: { petitionId: state.petitionId } }];
    }
    case 'RejectPetition': {
      const { reason, note } = command.data;
      if (oneOf('reason', reason, NOT_ACCEPTED_REASONS)) return reasonRequired('不予受理', 'not accepting');
      const invalid = invalidInput([optionalText('note', note, MAX.note)]);
      if (invalid) return invalid;
      if (state.status === 'Initial') return notFound();
      if (state.status !== 'Received') return wrongState(state, { zh: '不予受理', en: 'refused' });
      return [{ type: 'PetitionNotAccepted', data: { petitionId: state.petitionId, reason, ...(note === undefined ? {} : { note }) } }];
    }
    case 'TransferPetition': {
      if (state.status === 'Initial') return notFound();
      if (state.status !== 'Accepted') return wrongState(state, { zh: '移送', en: 'transferred' });
      const { petitionId, accused, category, summary, channel, realName } = state;
      const data = { petitionId, accused: { ...accused }, category, summary, channel, realName, transferredAt: now.toISOString() };
      return [{ type: 'PetitionTransferred', data }];
    }
    case 'ReadReporterIdentity': {
      const { reason } = command.data;
      if (!filled(reason)) return reasonRequired('查阅举报人身份', 'reading reporter identity');
      const invalid = invalidInput([text('reason', reason, MAX.note)]);
      if (invalid) return invalid;
      if (state.status === 'Initial') return notFound();
      if (!state.realName) {
        return refusal('PETITION_ANONYMOUS', 422, '匿名信访件没有可查阅的举报人身份', 'an anonymous petition has no reporter identity to read');
      }
      return [{ type: 'ReporterIdentityRead', data: { petitionId: state.petitionId, reason } }];
    }
    case 'ConcludePetition':
      return conclude(command.data, state);
    case 'DeliverFeedback': {
      const invalid = invalidInput([text('note', command.data.note, MAX.note)]);
      if (invalid) return invalid;
      if (state.status === 'Initial') return notFound();
      if (!state.realName) {
        return refusal('PETITION_ANONYMOUS', 422, '匿名信访件无需向举报人反馈结果', 'an anonymous petition has no reporter to give feedback to');
      }
      if (state.status !== 'Concluded') return wrongState(state, { zh: '反馈办理结果', en: 'given feedback' });
      return [{ type: 'FeedbackDelivered', data: { petitionId: state.petitionId, note: command.data.note, deliveredOn: localDate(now) } }];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

function register(input: RegisterPetition['data'], state: Petition): PetitionEvent[] | DomainError {
  const accused: Partial<Accused> = typeof input.accused === 'object' && input.accused !== null ? input.accused : {};
  const invalid = invalidInput([
    text('petitionId', input.petitionId, MAX.id),
    oneOf('channel', input.channel, CHANNELS),
    flag('realName', input.realName),
    optionalText('reporterRef', input.reporterRef, MAX.id),
    text('accused.name', accused.name, MAX.name),
    text('accused.position', accused.position, MAX.position),
    text('accused.unitId', accused.unitId, MAX.id),
    text('category', input.category, MAX.category),
    text('summary', input.summary, MAX.summary),
    text('content', input.content, MAX.content),
  ]);
  if (invalid) return invalid;
  if (input.realName && input.reporterRef === undefined) {
    return refusal('REPORTER_REF_REQUIRED', 400, '实名信访件必须关联举报人身份档案', 'a real-name petition needs a reporter vault reference', [
      { path: 'reporterRef', message: { zh: '实名举报必填', en: 'required for a real-name petition' } },
    ]);
  }
  if (!input.realName && input.reporterRef !== undefined) {
    return refusal('ANONYMOUS_WITH_REPORTER', 400, '匿名信访件不能关联举报人身份', 'an anonymous petition cannot reference a reporter', [
      { path: 'reporterRef', message: { zh: '匿名举报不得填写', en: 'must be absent for an anonymous petition' } },
    ]);
  }
  if (state.status !== 'Initial') {
    return refusal('PETITION_ALREADY_REGISTERED', 409, '该信访件已登记', 'this petition is already registered');
  }
  // Pick each field by name: whatever else the caller sent (a name, a phone number) stays behind.
  const { petitionId, channel, realName, reporterRef, category, summary, content } = input;
  const data: PetitionRegistered['data'] = {
    petitionId,
    channel,
    realName,
    ...(reporterRef === undefined ? {} : { reporterRef }),
    accused: { name: input.accused.name, position: input.accused.position, unitId: input.accused.unitId },
    category,
    summary,
    content,
  };
  return [{ type: 'PetitionRegistered', data }];
}

function conclude(input: ConcludePetition['data'], state: Petition): PetitionEvent[] | DomainError {
  const { outcome, source, ref, concludedOn } = input;
  const knownSource = CONCLUDING_SOURCES.includes(source);
  const invalid = invalidInput([
    oneOf('source', source, CONCLUDING_SOURCES),
    knownSource ? oneOf('outcome', outcome, CONCLUDING_OUTCOMES[source]) : undefined,
    text('ref', ref, MAX.id),
    date('concludedOn', concludedOn),
  ]);
  if (invalid) return invalid;
  if (state.status === 'Initial') return notFound();
  // The same result arriving again concludes nothing more.
  if ('conclusion' in state && state.conclusion.source === source && state.conclusion.ref === ref) return [];
  if (state.status !== 'Transferred') return wrongState(state, { zh: '办结', en: 'concluded' });
  return [{ type: 'PetitionConcluded', data: { petitionId: state.petitionId, outcome, source, ref, concludedOn } }];
}

function reasonRequired(zh: string, en: string): DomainError {
  return refusal('REASON_REQUIRED', 400, `${zh}必须说明理由`, `${en} requires a reason`, [
    { path: 'reason', message: { zh: '必须填写理由', en: 'a reason is required' } },
  ]);
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
    case 'PetitionConcluded': {
      if (state.status !== 'Transferred') return state;
      const { petitionId: _id, ...conclusion } = event.data;
      return { ...state, status: 'Concluded', conclusion };
    }
    case 'FeedbackDelivered':
      return state.status === 'Concluded' ? { ...state, status: 'FeedbackDelivered', deliveredOn: event.data.deliveredOn } : state;
    case 'ReporterIdentityRead':
      return state;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
