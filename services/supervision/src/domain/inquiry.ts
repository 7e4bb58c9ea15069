// Inquiry 谈话函询: opened by the system once leadership approved the disposition (that approval is
// the inquiry's approval), then a talk or a letter, an assessment and a conclusion.
// The subject's name and the written conclusion live in private events beside the public ones.
import type { AssessInquiryRequest, InquiryOutcome, LightMeasure } from '@jiandu/contracts';
import type { DomainError } from '@jiandu/contracts';
import {
  HANDLING_OFFICE,
  absent,
  deciderOf,
  integer,
  invalidInput,
  localDate,
  matches,
  refusal,
  text,
  wrongStateRefusal,
} from '@jiandu/decision';
import {
  MAX,
  calendarOf,
  forbiddenOffice,
  isSystem,
  notBefore,
  notInFuture,
  originChecks,
  subjectChecks,
  systemOnly,
  withOptional,
  type CalendarConfig,
  type DecisionContext,
  type Origin,
  type Subject,
} from './decision.js';
import { verificationIdFor, type OpenVerification } from './verification.js';

export { INQUIRY_OUTCOMES, LIGHT_MEASURES, type InquiryOutcome, type LightMeasure } from '@jiandu/contracts';

/** The stream of one inquiry. */
export const inquiryStream = (inquiryId: string): string => `inquiry-${inquiryId}`;
/** One form for every inquiry: the clue's, and its second round. */
export const inquiryIdFor = (clueId: string, round: 1 | 2 = 1): string => (round === 1 ? `i-${clueId}` : `i-${clueId}-2`);

export const DEFAULT_REPLY_WORKING_DAYS = 15;
export const DEFAULT_CONCLUSION_DAYS = 30;
export interface InquiryConfig extends CalendarConfig {
  /** Working days from the letter to the reply (default 15). */
  replyWorkingDays?: number;
  /** Calendar days from the assessment to the conclusion (default 30). */
  conclusionDays?: number;
}

// ── commands
type Opening = Origin & { inquiryId: string; unitId: string; office: string; round: 1 | 2; previousInquiryId?: string };
export type OpenInquiry = { type: 'OpenInquiry'; data: Opening & { subject: Subject } };
export type ConductTalk = { type: 'ConductTalk'; data: { inquiryId: string; conductedOn: string; summary: string } };
export type SendLetter = { type: 'SendLetter'; data: { inquiryId: string; issueSummary: string } };
export type ReceiveReply = { type: 'ReceiveReply'; data: { inquiryId: string; receivedOn: string; summary: string } };
export type AssessInquiry = { type: 'AssessInquiry'; data: AssessInquiryRequest };
/** What follows (a second round, a verification) is named after the clue: inquiryIdFor, verificationIdFor. */
/** `cadreId`: the cadre the clue is linked to, if any (the handler reads it from ClueLinkedToCadre). */
export type ConcludeInquiry = {
  type: 'ConcludeInquiry';
  data: { inquiryId: string; conclusion: string; cadreId?: string };
};
export type InquiryCommand = OpenInquiry | ConductTalk | SendLetter | ReceiveReply | AssessInquiry | ConcludeInquiry;

// ── events (who and when live in the event metadata)
export type InquiryOpened = { type: 'InquiryOpened'; data: Opening & { openedOn: string } };
export type InquirySubjectRecorded = { type: 'InquirySubjectRecorded'; data: { inquiryId: string; subject: Subject } };
export type TalkConducted = { type: 'TalkConducted'; data: { inquiryId: string; conductedOn: string; summary: string } };
export type InquiryLetterSent = {
  type: 'InquiryLetterSent';
  data: { inquiryId: string; issueSummary: string; sentOn: string; replyDueOn: string; provisional: boolean };
};
export type InquiryReplyReceived = {
  type: 'InquiryReplyReceived';
  data: { inquiryId: string; receivedOn: string; summary: string; late: boolean };
};
export type InquiryAssessed = {
  type: 'InquiryAssessed';
  data: {
    inquiryId: string;
    outcome: InquiryOutcome;
    measure?: LightMeasure;
    note: string;
    assessedOn: string;
    conclusionDueOn: string;
  };
};
export type InquiryConcluded = {
  type: 'InquiryConcluded';
  data: Origin & {
    inquiryId: string;
    unitId: string;
    office: string;
    round: 1 | 2;
    outcome: InquiryOutcome;
    measure?: LightMeasure;
    concludedOn: string;
    /** The cadre the clue is linked to, when known (v2, issue 12). */
    cadreId?: string;
    nextInquiryId?: string;
    verificationId?: string;
  };
};
/** Public: talk or letter, and when (what was said or asked stays in TalkConducted / InquiryLetterSent). */
export type InquiryConducted = {
  type: 'InquiryConducted';
  data: Origin & {
    inquiryId: string;
    unitId: string;
    office: string;
    round: 1 | 2;
    mode: 'talk' | 'letter';
    conductedOn: string;
    replyDueOn?: string;
  };
};
export type InquiryConclusionRecorded = { type: 'InquiryConclusionRecorded'; data: { inquiryId: string; conclusion: string } };
export type InquiryEvent =
  | InquiryOpened
  | InquirySubjectRecorded
  | TalkConducted
  | InquiryLetterSent
  | InquiryConducted
  | InquiryReplyReceived
  | InquiryAssessed
  | InquiryConcluded
  | InquiryConclusionRecorded;

// ── state. Planned (DOMAIN.md) is the clue's DispositionProposed: an inquiry exists once approved.
type Facts = InquiryOpened['data'] & { subject: Subject | null };
type Letter = { sentOn: string; replyDueOn: string };
type Assessment = Omit<InquiryAssessed['data'], 'inquiryId'>;
type Follow = { nextInquiryId?: string; verificationId?: string };
export type Inquiry =
  | { status: 'Initial' }
  | ({ status: 'Approved' } & Facts)
  | ({ status: 'TalkConducted'; conductedOn: string } & Facts)
  | ({ status: 'LetterSent'; letter: Letter } & Facts)
  | ({ status: 'Replied'; letter: Letter; receivedOn: string; late: boolean } & Facts)
  | ({ status: 'Assessed'; assessment: Assessment } & Facts)
  | ({ status: 'Concluded'; assessment: Assessment; concludedOn: string; conclusion: string | null } & Follow & Facts);
export type InquiryStatus = Inquiry['status'];

export const initialState = (): Inquiry => ({ status: 'Initial' });

// ── refusals
const notFound = (): DomainError => refusal('INQUIRY_NOT_FOUND', 404, '未找到谈话函询', 'inquiry not found');
const wrongState = wrongStateRefusal('INQUIRY_WRONG_STATE', { zh: '谈话函询', en: 'an inquiry' });

// ── decide. The contract checked every field's shape; the decider owns who, when and in which state.
export function decide(
  command: InquiryCommand,
  state: Inquiry,
  context: DecisionContext<InquiryConfig>,
): InquiryEvent[] | DomainError {
  if (command.type === 'OpenInquiry') return open(command.data, state, context);
  if (state.status === 'Initial') return notFound();
  if (context.actor.office !== state.office)
    return forbiddenOffice('只有承办部门可以办理该谈话函询', 'only the handling office acts on this inquiry');
  switch (command.type) {
    case 'ConductTalk':
      return conductTalk(command.data, state, context);
    case 'SendLetter':
      return sendLetter(command.data, state, context);
    case 'ReceiveReply':
      return receiveReply(command.data, state, context);
    case 'AssessInquiry':
      return assess(command.data, state, context);
    case 'ConcludeInquiry':
      return conclude(command.data, state, context);
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

type Open = Exclude<Inquiry, { status: 'Initial' }>;

function conductTalk(
  { conductedOn, summary }: ConductTalk['data'],
  state: Open,
  { now }: DecisionContext,
): InquiryEvent[] | DomainError {
  if (state.status !== 'Approved') return wrongState(state, '记录谈话', 'record a talk');
  const early = notInFuture('conductedOn', conductedOn, localDate(now)) ?? notBefore('conductedOn', conductedOn, state.openedOn);
  if (early) return early;
  return [
    { type: 'TalkConducted', data: { inquiryId: state.inquiryId, conductedOn, summary } },
    conducted(state, 'talk', conductedOn),
  ];
}

function sendLetter(
  { issueSummary }: SendLetter['data'],
  state: Open,
  { now, config }: DecisionContext<InquiryConfig>,
): InquiryEvent[] | DomainError {
  if (state.status !== 'Approved') return wrongState(state, '发函', 'send a letter');
  const today = localDate(now);
  const due = calendarOf(config).addWorkingDays(today, config?.replyWorkingDays ?? DEFAULT_REPLY_WORKING_DAYS);
  return [
    {
      type: 'InquiryLetterSent',
      data: { inquiryId: state.inquiryId, issueSummary, sentOn: today, replyDueOn: due.date, provisional: due.provisional },
    },
    conducted(state, 'letter', today, due.date),
  ];
}

/** The public fact of a talk or a letter: the mode and the day, none of the text. */
function conducted(state: Open, mode: 'talk' | 'letter', conductedOn: string, replyDueOn?: string): InquiryConducted {
  const { inquiryId, clueId, clueNumber, sourceRef, unitId, office, round } = state;
  return {
    type: 'InquiryConducted',
    data: {
      inquiryId,
      clueId,
      clueNumber,
      ...withOptional('sourceRef', sourceRef),
      unitId,
      office,
      round,
      mode,
      conductedOn,
      ...withOptional('replyDueOn', replyDueOn),
    },
  };
}

function receiveReply(
  { receivedOn, summary }: ReceiveReply['data'],
  state: Open,
  { now }: DecisionContext,
): InquiryEvent[] | DomainError {
  if (state.status !== 'LetterSent') return wrongState(state, '登记回复', 'record a reply');
  const early = notInFuture('receivedOn', receivedOn, localDate(now)) ?? notBefore('receivedOn', receivedOn, state.letter.sentOn);
  if (early) return early;
  return [
    {
      type: 'InquiryReplyReceived',
      data: { inquiryId: state.inquiryId, receivedOn, summary, late: receivedOn > state.letter.replyDueOn },
    },
  ];
}

function assess(
  { outcome, measure, note }: AssessInquiry['data'],
  state: Open,
  { now, config }: DecisionContext<InquiryConfig>,
): InquiryEvent[] | DomainError {
  if (state.status !== 'TalkConducted' && state.status !== 'Replied') return wrongState(state, '作出评估', 'be assessed');
  if (outcome === 'second-round' && state.round === 2) {
    return refusal(
      'NO_THIRD_ROUND',
      422,
      '二次谈话函询后不能再次谈话函询',
      'a second-round inquiry cannot lead to a third round',
    );
  }
  const today = localDate(now);
  const conclusionDueOn = calendarOf(config).addCalendarDays(today, config?.conclusionDays ?? DEFAULT_CONCLUSION_DAYS).date;
  return [
    {
      type: 'InquiryAssessed',
      data: {
        inquiryId: state.inquiryId,
        outcome,
        ...withOptional('measure', measure),
        note,
        assessedOn: today,
        conclusionDueOn,
      },
    },
  ];
}

function open(input: OpenInquiry['data'], state: Inquiry, { actor, now }: DecisionContext): InquiryEvent[] | DomainError {
  if (!isSystem(actor))
    return systemOnly(
      '谈话函询只能在处置意见批准后由系统开启',
      'an inquiry is opened only by the system, on an approved disposition',
    );
  const invalid = invalidInput([
    text('inquiryId', input.inquiryId, MAX.id),
    ...originChecks(input),
    text('unitId', input.unitId, MAX.id),
    matches('office', input.office, HANDLING_OFFICE),
    ...subjectChecks(input.subject),
    integer('round', input.round, 1, 2),
    input.round === 2
      ? text('previousInquiryId', input.previousInquiryId, MAX.id)
      : absent('previousInquiryId', input.previousInquiryId),
  ]);
  if (invalid) return invalid;
  if (state.status !== 'Initial')
    return refusal('INQUIRY_ALREADY_OPENED', 409, '该谈话函询已开启', 'this inquiry is already open');
  const { inquiryId, clueId, clueNumber, sourceRef, unitId, office, round, previousInquiryId, subject } = input;
  return [
    {
      type: 'InquiryOpened',
      data: {
        inquiryId,
        clueId,
        clueNumber,
        ...withOptional('sourceRef', sourceRef),
        unitId,
        office,
        round,
        ...withOptional('previousInquiryId', previousInquiryId),
        openedOn: localDate(now),
      },
    },
    { type: 'InquirySubjectRecorded', data: { inquiryId, subject: { name: subject.name, position: subject.position } } },
  ];
}

function conclude(input: ConcludeInquiry['data'], state: Open, { now }: DecisionContext): InquiryEvent[] | DomainError {
  if (state.status !== 'Assessed') return wrongState(state, '办结', 'be concluded');
  const { inquiryId, clueId, clueNumber, sourceRef, unitId, office, round, assessment } = state;
  // What follows is named after the clue, so a retried conclusion can never start it twice.
  const nextInquiryId = assessment.outcome === 'second-round' ? inquiryIdFor(clueId, 2) : undefined;
  const verificationId = assessment.outcome === 'convert-to-verification' ? verificationIdFor(clueId) : undefined;
  return [
    {
      type: 'InquiryConcluded',
      data: {
        inquiryId,
        clueId,
        clueNumber,
        ...withOptional('sourceRef', sourceRef),
        unitId,
        office,
        round,
        outcome: assessment.outcome,
        ...withOptional('measure', assessment.measure),
        concludedOn: localDate(now),
        ...withOptional('nextInquiryId', nextInquiryId),
        ...withOptional('verificationId', verificationId),
        ...withOptional('cadreId', input.cadreId),
      },
    },
    { type: 'InquiryConclusionRecorded', data: { inquiryId, conclusion: input.conclusion } },
  ];
}

// ── evolve
export function evolve(state: Inquiry, event: InquiryEvent): Inquiry {
  switch (event.type) {
    case 'InquiryOpened':
      return state.status === 'Initial' ? { status: 'Approved', ...event.data, subject: null } : state;
    case 'InquirySubjectRecorded':
      return state.status === 'Initial' ? state : { ...state, subject: event.data.subject };
    case 'TalkConducted':
      return state.status === 'Approved' ? { ...state, status: 'TalkConducted', conductedOn: event.data.conductedOn } : state;
    case 'InquiryLetterSent': {
      if (state.status !== 'Approved') return state;
      return { ...state, status: 'LetterSent', letter: { sentOn: event.data.sentOn, replyDueOn: event.data.replyDueOn } };
    }
    case 'InquiryConducted':
      return state; // the public copy of TalkConducted / InquiryLetterSent
    case 'InquiryReplyReceived': {
      if (state.status !== 'LetterSent') return state;
      return { ...state, status: 'Replied', receivedOn: event.data.receivedOn, late: event.data.late };
    }
    case 'InquiryAssessed': {
      if (state.status !== 'TalkConducted' && state.status !== 'Replied') return state;
      const { inquiryId: _id, ...assessment } = event.data;
      return { ...facts(state), status: 'Assessed', assessment };
    }
    case 'InquiryConcluded': {
      if (state.status !== 'Assessed') return state;
      const { concludedOn, nextInquiryId, verificationId } = event.data;
      const follow = { ...withOptional('nextInquiryId', nextInquiryId), ...withOptional('verificationId', verificationId) };
      return { ...state, status: 'Concluded', concludedOn, conclusion: null, ...follow };
    }
    case 'InquiryConclusionRecorded':
      return state.status === 'Concluded' ? { ...state, conclusion: event.data.conclusion } : state;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

function facts(state: Exclude<Inquiry, { status: 'Initial' }>): Facts {
  const { inquiryId, clueId, clueNumber, sourceRef, unitId, office, round, previousInquiryId, openedOn, subject } = state;
  return {
    inquiryId,
    clueId,
    clueNumber,
    ...withOptional('sourceRef', sourceRef),
    unitId,
    office,
    round,
    ...withOptional('previousInquiryId', previousInquiryId),
    openedOn,
    subject,
  };
}

// ── what a conclusion starts: the service sends these commands (as the system) to the new streams
export function followUp(state: Inquiry): OpenInquiry | OpenVerification | undefined {
  if (state.status !== 'Concluded' || state.subject === null) return undefined;
  const { inquiryId, clueId, clueNumber, sourceRef, unitId, office, subject } = state;
  const origin = { clueId, clueNumber, ...withOptional('sourceRef', sourceRef), unitId, office, subject };
  if (state.nextInquiryId !== undefined) {
    return { type: 'OpenInquiry', data: { inquiryId: state.nextInquiryId, ...origin, round: 2, previousInquiryId: inquiryId } };
  }
  if (state.verificationId !== undefined) {
    return { type: 'OpenVerification', data: { verificationId: state.verificationId, ...origin, fromInquiryId: inquiryId } };
  }
  return undefined;
}

/** The inquiry's decider, as the command handlers and the specifications run it. */
export const inquiryDecider = deciderOf({ decide, evolve, initialState });
