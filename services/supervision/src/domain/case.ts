// Case 审查调查: opened by the system on a verification decided `file-case`, on the same clue;
// filed (立案) once leadership approves (the secretary when the subject heads a lower-level party
// committee, as for the verification's plan); investigated within its limit; reported (the facts
// found and the proposed sanction); transferred to review (移送审理). A case the review sends back
// returns to investigating, with a supplementary limit, and is reported and transferred again.
// Leadership may instead refuse the filing (不予立案), with a reason: the case ends there, before any
// clock ran, and the clue is closed in the register (case-management reacts to CaseFilingRejected).
// The review office ends a case under review: a sanction decided (review's SanctionDecided) or a
// conclusion without one (ReviewConcludedWithoutSanction, 免予处分 / 不予处分); the system concludes it.
// The subject's name stays in a private event; public events reference the subject and its position.
import type { CaseOutcome, DomainError, SanctionChoice } from '@jiandu/contracts';
import { HANDLING_OFFICE, deciderOf, invalidInput, localDate, matches, refusal, text, wrongStateRefusal } from '@jiandu/decision';
import {
  LEADERSHIP,
  MAX,
  calendarOf,
  forbiddenOffice,
  isSystem,
  originChecks,
  subjectChecks,
  systemOnly,
  withOptional,
  type CalendarConfig,
  type DecisionContext,
  type Origin,
  type Subject,
} from './decision.js';
import { SECRETARY } from './verification.js';

/** The stream of one case. */
export const caseStream = (caseId: string): string => `case-${caseId}`;
/** One case per clue: the verification's clue. */
export const caseIdFor = (clueId: string): string => `case-${clueId}`;
/** Until cadres are registered (integrity files), a subject is referenced by the clue that named them. */
export const subjectRefFor = (clueId: string): string => clueId;

export const DEFAULT_CASE_MONTHS = 3;
export const DEFAULT_SUPPLEMENTARY_MONTHS = 1;
export const DEFAULT_CASE_EXTENSION_MONTHS = 3;
export interface CaseConfig extends CalendarConfig {
  /** Months from 立案 to the investigation report (default 3). */
  months?: number;
  /** Months of a supplementary investigation after the review sent the case back (default 1). */
  supplementaryMonths?: number;
  /** Months the one extension of a round adds (default 3). */
  extensionMonths?: number;
}

// ── commands
type Opening = Origin & {
  caseId: string;
  verificationId: string;
  unitId: string;
  office: string;
  subjectHeadsLowerCommittee: boolean;
};
export type OpenCase = { type: 'OpenCase'; data: Opening & { subject: Subject } };
/**
 * `cadreId` (here, on the refusal and on the transfer): the cadre the clue is linked to, if any (the
 * handler reads it from ClueLinkedToCadre), so the public event carries it (issue 12).
 */
export type ApproveCaseFiling = { type: 'ApproveCaseFiling'; data: { caseId: string; cadreId?: string } };
export type RejectCaseFiling = { type: 'RejectCaseFiling'; data: { caseId: string; reason: string; cadreId?: string } };
export type SubmitCaseReport = {
  type: 'SubmitCaseReport';
  data: { caseId: string; findings: string; proposedSanction: SanctionChoice };
};
export type ExtendCase = { type: 'ExtendCase'; data: { caseId: string; reason: string } };
export type TransferCaseToReview = { type: 'TransferCaseToReview'; data: { caseId: string; note?: string; cadreId?: string } };
export type ReturnCaseFromReview = { type: 'ReturnCaseFromReview'; data: { caseId: string; round: number; reason: string } };
/** The review office ended the case (its decision's day): only the system, on review's public event. */
export type ConcludeCase = { type: 'ConcludeCase'; data: { caseId: string; outcome: CaseOutcome; decidedOn: string } };
export type CaseCommand =
  | OpenCase
  | ApproveCaseFiling
  | RejectCaseFiling
  | ExtendCase
  | SubmitCaseReport
  | TransferCaseToReview
  | ReturnCaseFromReview
  | ConcludeCase;

// ── events
type Public = Origin & {
  caseId: string;
  verificationId: string;
  unitId: string;
  office: string;
  subjectRef: string;
  subjectPosition: string;
};
export type CaseOpened = {
  type: 'CaseOpened';
  data: Public & { subjectHeadsLowerCommittee: boolean; openedOn: string };
};
export type CaseSubjectRecorded = { type: 'CaseSubjectRecorded'; data: { caseId: string; subject: Subject } };
/** The cadre the clue is linked to, when known when the event is decided (v2, issue 12). */
type Linked = { cadreId?: string };
export type CaseFiled = { type: 'CaseFiled'; data: Public & Linked & { escalated: boolean; filedOn: string; dueOn: string } };
/** 不予立案: the public fact; the reason stays in CaseFilingRejectionRecorded. */
export type CaseFilingRejected = {
  type: 'CaseFilingRejected';
  data: Public & Linked & { escalated: boolean; rejectedOn: string };
};
export type CaseFilingRejectionRecorded = { type: 'CaseFilingRejectionRecorded'; data: { caseId: string; reason: string } };
export type CaseReportSubmitted = {
  type: 'CaseReportSubmitted';
  data: {
    caseId: string;
    round: number;
    findings: string;
    proposedSanction: SanctionChoice;
    submittedOn: string;
    late: boolean;
  };
};
export type CaseTransferredToReview = {
  type: 'CaseTransferredToReview';
  data: Public &
    Linked & {
      subjectHeadsLowerCommittee: boolean;
      round: number;
      findings: string;
      proposedSanction: SanctionChoice;
      transferredOn: string;
    };
};
export type CaseExtended = {
  type: 'CaseExtended';
  data: { caseId: string; round: number; reason: string; dueOn: string };
};
export type CaseTransferNoted = { type: 'CaseTransferNoted'; data: { caseId: string; note: string } };
export type CaseReturnedFromReview = {
  type: 'CaseReturnedFromReview';
  data: { caseId: string; round: number; reason: string; returnedOn: string; dueOn: string };
};
/** Private: the fact is review's public event; this is the case's own end, from it. */
export type CaseConcluded = {
  type: 'CaseConcluded';
  data: { caseId: string; round: number; outcome: CaseOutcome; concludedOn: string };
};
export type CaseEvent =
  | CaseOpened
  | CaseSubjectRecorded
  | CaseFiled
  | CaseFilingRejected
  | CaseFilingRejectionRecorded
  | CaseExtended
  | CaseReportSubmitted
  | CaseTransferredToReview
  | CaseTransferNoted
  | CaseReturnedFromReview
  | CaseConcluded;

// ── state
type Facts = CaseOpened['data'] & { subject: Subject | null };
type Running = { filedOn: string; dueOn: string; round: number; extended?: boolean; returnReason?: string };
type Report = { findings: string; proposedSanction: SanctionChoice };
export type Case =
  | { status: 'Initial' }
  | ({ status: 'PendingFiling' } & Facts)
  | ({ status: 'FilingRejected'; rejectedOn: string; rejection?: string } & Facts)
  | ({ status: 'Investigating' } & Running & Facts)
  | ({ status: 'ReportSubmitted' } & Report & Running & Facts)
  | ({ status: 'InReview'; transferredOn: string } & Report & Running & Facts)
  | ({ status: 'Concluded'; transferredOn: string; outcome: CaseOutcome; concludedOn: string } & Report & Running & Facts);
export type CaseStatus = Case['status'];

export const initialState = (): Case => ({ status: 'Initial' });

// ── refusals
const notFound = (): DomainError => refusal('CASE_NOT_FOUND', 404, '未找到案件', 'case not found');
const wrongState = wrongStateRefusal('CASE_WRONG_STATE', { zh: '案件', en: 'a case' });

export function decide(command: CaseCommand, state: Case, context: DecisionContext<CaseConfig>): CaseEvent[] | DomainError {
  switch (command.type) {
    case 'OpenCase':
      return open(command.data, state, context);
    case 'ApproveCaseFiling':
      return approveFiling(command.data, state, context);
    case 'RejectCaseFiling':
      return rejectFiling(command.data, state, context);
    case 'ReturnCaseFromReview':
      return returnFromReview(command.data, state, context);
    case 'ConcludeCase':
      return conclude(command.data, state, context);
    default:
      return decideByHandlingOffice(command, state, context);
  }
}

function open(input: OpenCase['data'], state: Case, { actor, now }: DecisionContext<CaseConfig>): CaseEvent[] | DomainError {
  if (!isSystem(actor))
    return systemOnly(
      '案件只能在初步核实决定立案后由系统开启',
      'a case is opened only by the system, on a verification decided file-case',
    );
  const invalid = invalidInput([
    text('caseId', input.caseId, MAX.id),
    text('verificationId', input.verificationId, MAX.id),
    ...originChecks(input),
    text('unitId', input.unitId, MAX.id),
    matches('office', input.office, HANDLING_OFFICE),
    ...subjectChecks(input.subject),
  ]);
  if (invalid) return invalid;
  if (state.status !== 'Initial') return refusal('CASE_ALREADY_OPENED', 409, '该案件已开启', 'this case is already open');
  const { caseId, verificationId, clueId, clueNumber, sourceRef, unitId, office, subject, subjectHeadsLowerCommittee } = input;
  return [
    {
      type: 'CaseOpened',
      data: {
        caseId,
        verificationId,
        clueId,
        clueNumber,
        ...withOptional('sourceRef', sourceRef),
        unitId,
        office,
        subjectRef: subjectRefFor(clueId),
        subjectPosition: subject.position,
        subjectHeadsLowerCommittee,
        openedOn: localDate(now),
      },
    },
    { type: 'CaseSubjectRecorded', data: { caseId, subject: { name: subject.name, position: subject.position } } },
  ];
}

/** 立案: leadership approves; the secretary when the subject heads a lower-level party committee. */
function approveFiling(
  input: ApproveCaseFiling['data'],
  state: Case,
  { actor, now, config }: DecisionContext<CaseConfig>,
): CaseEvent[] | DomainError {
  if (actor.office !== LEADERSHIP)
    return forbiddenOffice('立案只能由委领导审批', 'only leadership approves the filing of a case');
  if (state.status === 'Initial') return notFound();
  if (state.status !== 'PendingFiling') return wrongState(state, '立案', 'be filed');
  const escalated = state.subjectHeadsLowerCommittee;
  if (escalated && !actor.roles.includes(SECRETARY))
    return refusal(
      'ESCALATED_APPROVAL_REQUIRED',
      403,
      '审查调查对象为下级党委主要负责人，须由书记审批立案',
      'the subject heads a lower-level party committee: the secretary must approve the filing',
    );
  const today = localDate(now);
  const due = calendarOf(config).addMonths(today, config?.months ?? DEFAULT_CASE_MONTHS);
  return [
    {
      type: 'CaseFiled',
      data: { ...publicFacts(state), escalated, filedOn: today, dueOn: due.date, ...withOptional('cadreId', input.cadreId) },
    },
  ];
}

/** 不予立案: whoever may approve the filing may refuse it, with the reason; the case ends. */
function rejectFiling(
  input: RejectCaseFiling['data'],
  state: Case,
  { actor, now }: DecisionContext<CaseConfig>,
): CaseEvent[] | DomainError {
  if (actor.office !== LEADERSHIP)
    return forbiddenOffice('不予立案只能由委领导决定', 'only leadership refuses the filing of a case');
  if (state.status === 'Initial') return notFound();
  if (state.status !== 'PendingFiling') return wrongState(state, '不予立案', 'have its filing refused');
  const escalated = state.subjectHeadsLowerCommittee;
  if (escalated && !actor.roles.includes(SECRETARY))
    return refusal(
      'ESCALATED_APPROVAL_REQUIRED',
      403,
      '审查调查对象为下级党委主要负责人，须由书记决定是否立案',
      'the subject heads a lower-level party committee: the secretary decides on the filing',
    );
  const { caseId } = state;
  return [
    {
      type: 'CaseFilingRejected',
      data: { ...publicFacts(state), escalated, rejectedOn: localDate(now), ...withOptional('cadreId', input.cadreId) },
    },
    { type: 'CaseFilingRejectionRecorded', data: { caseId, reason: input.reason } },
  ];
}

function returnFromReview(
  input: ReturnCaseFromReview['data'],
  state: Case,
  { actor, now, config }: DecisionContext<CaseConfig>,
): CaseEvent[] | DomainError {
  if (!isSystem(actor))
    return systemOnly(
      '案件只能在审理室退回后由系统退回调查',
      'a case returns to investigating only when the review sends it back',
    );
  if (state.status === 'Initial') return notFound();
  if (state.status !== 'InReview' || state.round !== input.round)
    return wrongState(state, '退回补充调查', 'be returned for investigation');
  const today = localDate(now);
  const due = calendarOf(config).addMonths(today, config?.supplementaryMonths ?? DEFAULT_SUPPLEMENTARY_MONTHS);
  return [
    {
      type: 'CaseReturnedFromReview',
      data: { caseId: state.caseId, round: state.round + 1, reason: input.reason, returnedOn: today, dueOn: due.date },
    },
  ];
}

function conclude(input: ConcludeCase['data'], state: Case, { actor }: DecisionContext<CaseConfig>): CaseEvent[] | DomainError {
  if (!isSystem(actor))
    return systemOnly(
      '案件只能在审理室作出处分决定或不予处分后由系统办结',
      'a case is concluded only by the system, when the review decides a sanction or concludes without one',
    );
  if (state.status === 'Initial') return notFound();
  if (state.status !== 'InReview') return wrongState(state, '办结', 'be concluded');
  const { caseId, round } = state;
  return [{ type: 'CaseConcluded', data: { caseId, round, outcome: input.outcome, concludedOn: input.decidedOn } }];
}

function decideByHandlingOffice(
  command: ExtendCase | SubmitCaseReport | TransferCaseToReview,
  state: Case,
  { actor, now, config }: DecisionContext<CaseConfig>,
): CaseEvent[] | DomainError {
  if (state.status === 'Initial') return notFound();
  if (actor.office !== state.office)
    return forbiddenOffice('只有承办部门可以办理该案件', 'only the handling office acts on this case');
  const today = localDate(now);
  const { caseId } = state;
  switch (command.type) {
    case 'ExtendCase': {
      if (state.status !== 'Investigating') return wrongState(state, '延期', 'be extended');
      if (state.extended)
        return refusal('ALREADY_EXTENDED', 409, '审查调查每轮只能延期一次', 'a case is extended once per round');
      const due = calendarOf(config).addMonths(state.dueOn, config?.extensionMonths ?? DEFAULT_CASE_EXTENSION_MONTHS);
      return [{ type: 'CaseExtended', data: { caseId, round: state.round, reason: command.data.reason, dueOn: due.date } }];
    }
    case 'SubmitCaseReport': {
      if (state.status !== 'Investigating') return wrongState(state, '提交审查调查报告', 'take a report');
      const { findings, proposedSanction } = command.data;
      return [
        {
          type: 'CaseReportSubmitted',
          data: { caseId, round: state.round, findings, proposedSanction, submittedOn: today, late: today > state.dueOn },
        },
      ];
    }
    case 'TransferCaseToReview': {
      if (state.status === 'Investigating' || state.status === 'PendingFiling')
        return refusal(
          'CASE_REPORT_REQUIRED',
          409,
          '案件须先立案并提交审查调查报告，才能移送审理',
          'a case is transferred to review only once filed and reported',
        );
      if (state.status !== 'ReportSubmitted') return wrongState(state, '移送审理', 'be transferred to review');
      const { findings, proposedSanction, round, subjectHeadsLowerCommittee } = state;
      const events: CaseEvent[] = [
        {
          type: 'CaseTransferredToReview',
          data: {
            ...publicFacts(state),
            subjectHeadsLowerCommittee,
            round,
            findings,
            proposedSanction,
            transferredOn: today,
            ...withOptional('cadreId', command.data.cadreId),
          },
        },
      ];
      if (command.data.note !== undefined) events.push({ type: 'CaseTransferNoted', data: { caseId, note: command.data.note } });
      return events;
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

function publicFacts(state: Exclude<Case, { status: 'Initial' }>): Public {
  const { caseId, verificationId, clueId, clueNumber, sourceRef, unitId, office, subjectRef, subjectPosition } = state;
  return {
    caseId,
    verificationId,
    clueId,
    clueNumber,
    ...withOptional('sourceRef', sourceRef),
    unitId,
    office,
    subjectRef,
    subjectPosition,
  };
}

function facts(state: Exclude<Case, { status: 'Initial' }>): Facts {
  const { subjectHeadsLowerCommittee, openedOn, subject } = state;
  return { ...publicFacts(state), subjectHeadsLowerCommittee, openedOn, subject };
}

function running(state: Extract<Case, Running>): Running {
  const { filedOn, dueOn, round, extended, returnReason } = state;
  return { filedOn, dueOn, round, ...withOptional('extended', extended), ...withOptional('returnReason', returnReason) };
}

// ── evolve
export function evolve(state: Case, event: CaseEvent): Case {
  switch (event.type) {
    case 'CaseOpened':
      return state.status === 'Initial' ? { status: 'PendingFiling', ...event.data, subject: null } : state;
    case 'CaseSubjectRecorded':
      return state.status === 'Initial' ? state : { ...state, subject: event.data.subject };
    case 'CaseFiled':
      return state.status === 'PendingFiling'
        ? { ...facts(state), status: 'Investigating', filedOn: event.data.filedOn, dueOn: event.data.dueOn, round: 1 }
        : state;
    case 'CaseFilingRejected':
      return state.status === 'PendingFiling'
        ? { ...facts(state), status: 'FilingRejected', rejectedOn: event.data.rejectedOn }
        : state;
    case 'CaseFilingRejectionRecorded':
      return state.status === 'FilingRejected' ? { ...state, rejection: event.data.reason } : state;
    case 'CaseExtended':
      return state.status === 'Investigating' ? { ...state, dueOn: event.data.dueOn, extended: true } : state;
    case 'CaseReportSubmitted':
      return state.status === 'Investigating'
        ? {
            ...facts(state),
            ...running(state),
            status: 'ReportSubmitted',
            findings: event.data.findings,
            proposedSanction: event.data.proposedSanction,
          }
        : state;
    case 'CaseTransferredToReview':
      return state.status === 'ReportSubmitted'
        ? { ...state, status: 'InReview', transferredOn: event.data.transferredOn }
        : state;
    case 'CaseTransferNoted':
      return state;
    case 'CaseReturnedFromReview': {
      if (state.status !== 'InReview') return state;
      const { round, reason, dueOn } = event.data;
      return { ...facts(state), status: 'Investigating', filedOn: state.filedOn, dueOn, round, returnReason: reason };
    }
    case 'CaseConcluded': {
      if (state.status !== 'InReview') return state;
      const { outcome, concludedOn } = event.data;
      return { ...state, status: 'Concluded', outcome, concludedOn };
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** The case's decider, as the command handlers and the specifications run it. */
export const caseDecider = deciderOf({ decide, evolve, initialState });
