// PreliminaryVerification 初步核实: a plan and a team of at least two, approved by leadership (by the
// secretary when the subject heads a lower-level party committee), a time limit that can be extended
// once, a report, and a decision. The subject and the decision's reasoning stay in private events.
import type { DomainError, VerificationDecision } from '@jiandu/contracts';
import {
  HANDLING_OFFICE,
  deciderOf,
  invalidInput,
  localDate,
  matches,
  optionalText,
  refusal,
  text,
  wrongStateRefusal,
} from '@jiandu/decision';
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

export { VERIFICATION_DECISIONS, type VerificationDecision } from '@jiandu/contracts';

/** The stream of one verification. */
export const verificationStream = (verificationId: string): string => `verification-${verificationId}`;
/** One form for every verification, opened on a disposition or converted from an inquiry: a clue has one. */
export const verificationIdFor = (clueId: string): string => `v-${clueId}`;
/** The role that approves a verification of someone heading a lower-level party committee. */
export const SECRETARY = 'secretary';

export const DEFAULT_VERIFICATION_MONTHS = 2;
export const DEFAULT_EXTENSION_MONTHS = 1;
export interface VerificationConfig extends CalendarConfig {
  /** Months from approval to the report (default 2). */
  months?: number;
  /** Months the one extension adds (default 1). */
  extensionMonths?: number;
}

// ── commands
type Opening = Origin & { verificationId: string; unitId: string; office: string; fromInquiryId?: string };
type Plan = { plan: string; team: string[]; subjectHeadsLowerCommittee: boolean };
export type OpenVerification = { type: 'OpenVerification'; data: Opening & { subject: Subject } };
export type SubmitVerificationPlan = { type: 'SubmitVerificationPlan'; data: { verificationId: string } & Plan };
export type ApproveVerification = { type: 'ApproveVerification'; data: { verificationId: string; note?: string } };
export type RejectVerificationPlan = { type: 'RejectVerificationPlan'; data: { verificationId: string; note: string } };
export type ExtendVerification = { type: 'ExtendVerification'; data: { verificationId: string; reason: string } };
export type SubmitVerificationReport = { type: 'SubmitVerificationReport'; data: { verificationId: string; findings: string } };
export type DecideVerification = {
  type: 'DecideVerification';
  /** `cadreId`: the cadre the clue is linked to, if any (the handler reads it from ClueLinkedToCadre). */
  data: { verificationId: string; decision: VerificationDecision; note: string; cadreId?: string };
};
export type VerificationCommand =
  | OpenVerification
  | SubmitVerificationPlan
  | ApproveVerification
  | RejectVerificationPlan
  | ExtendVerification
  | SubmitVerificationReport
  | DecideVerification;

// ── events
type Public = Origin & { verificationId: string; unitId: string; office: string };
export type VerificationOpened = { type: 'VerificationOpened'; data: Opening & { openedOn: string } };
export type VerificationSubjectRecorded = {
  type: 'VerificationSubjectRecorded';
  data: { verificationId: string; subject: Subject };
};
export type VerificationPlanSubmitted = { type: 'VerificationPlanSubmitted'; data: { verificationId: string } & Plan };
export type VerificationPlanRejected = { type: 'VerificationPlanRejected'; data: { verificationId: string; note: string } };
export type VerificationApproved = {
  type: 'VerificationApproved';
  data: Public & { approvedOn: string; dueOn: string; provisional: boolean; escalated: boolean; note?: string };
};
/**
 * Public (v2): the facts without the reason. A v1 event (stored before v2) carried the reason and
 * only the id besides; it stays private, and evolve reads only dueOn.
 */
export type VerificationExtended = {
  type: 'VerificationExtended';
  data: Public & { extendedOn: string; dueOn: string; provisional: boolean };
};
/** Private: why the verification was extended, recorded with VerificationExtended (v2). */
export type VerificationExtensionReasonRecorded = {
  type: 'VerificationExtensionReasonRecorded';
  data: { verificationId: string; reason: string };
};
export type VerificationReportSubmitted = {
  type: 'VerificationReportSubmitted';
  data: { verificationId: string; findings: string; submittedOn: string; late: boolean };
};
export type VerificationDecided = {
  type: 'VerificationDecided';
  /** `cadreId`: the cadre the clue is linked to, when known (v2, issue 12). */
  data: Public & { decision: VerificationDecision; decidedOn: string; cadreId?: string };
};
export type VerificationDecisionRecorded = {
  type: 'VerificationDecisionRecorded';
  data: { verificationId: string; note: string };
};
export type VerificationEvent =
  | VerificationOpened
  | VerificationSubjectRecorded
  | VerificationPlanSubmitted
  | VerificationPlanRejected
  | VerificationApproved
  | VerificationExtended
  | VerificationExtensionReasonRecorded
  | VerificationReportSubmitted
  | VerificationDecided
  | VerificationDecisionRecorded;

// ── state
type Facts = VerificationOpened['data'] & { subject: Subject | null };
type Running = { plan: Plan; approvedOn: string; dueOn: string; extended: boolean };
export type Verification =
  | { status: 'Initial' }
  | ({ status: 'Planning'; rejection?: string } & Facts)
  | ({ status: 'PlanSubmitted'; plan: Plan } & Facts)
  | ({ status: 'Approved' } & Running & Facts)
  | ({ status: 'ReportSubmitted'; submittedOn: string } & Running & Facts)
  | ({ status: 'Decided'; decision: VerificationDecision; decidedOn: string; note: string | null } & Running & Facts);
export type VerificationStatus = Verification['status'];

export const initialState = (): Verification => ({ status: 'Initial' });

// ── refusals
const notFound = (): DomainError =>
  refusal('VERIFICATION_NOT_FOUND', 404, '未找到初步核实', 'preliminary verification not found');
const wrongState = wrongStateRefusal('VERIFICATION_WRONG_STATE', { zh: '初步核实', en: 'a verification' });
const onlyLeadership = (): DomainError =>
  forbiddenOffice('初步核实方案只能由委领导审批', 'only leadership approves verification plans');

// ── decide. The contract checked every field's shape; the decider owns who, when and in which state.
export function decide(
  command: VerificationCommand,
  state: Verification,
  context: DecisionContext<VerificationConfig>,
): VerificationEvent[] | DomainError {
  switch (command.type) {
    case 'OpenVerification':
      return open(command.data, state, context);
    case 'ApproveVerification':
    case 'RejectVerificationPlan':
      return decideByLeadership(command, state, context);
    default:
      return decideByHandlingOffice(command, state, context);
  }
}

/** Leadership approves or rejects a submitted plan. */
function decideByLeadership(
  command: ApproveVerification | RejectVerificationPlan,
  state: Verification,
  { actor, now, config }: DecisionContext<VerificationConfig>,
): VerificationEvent[] | DomainError {
  if (actor.office !== LEADERSHIP) return onlyLeadership();
  if (state.status === 'Initial') return notFound();
  if (command.type === 'RejectVerificationPlan') {
    if (state.status !== 'PlanSubmitted') return wrongState(state, '退回方案', 'have its plan rejected');
    return [{ type: 'VerificationPlanRejected', data: { verificationId: state.verificationId, note: command.data.note } }];
  }
  if (state.status !== 'PlanSubmitted') return wrongState(state, '批准', 'be approved');
  const escalated = state.plan.subjectHeadsLowerCommittee;
  if (escalated && !actor.roles.includes(SECRETARY)) {
    return refusal(
      'ESCALATED_APPROVAL_REQUIRED',
      403,
      '核实对象为下级党委主要负责人，须由书记审批',
      'the subject heads a lower-level party committee: the secretary must approve',
    );
  }
  const today = localDate(now);
  const due = calendarOf(config).addMonths(today, config?.months ?? DEFAULT_VERIFICATION_MONTHS);
  const data = { ...publicFacts(state), approvedOn: today, dueOn: due.date, provisional: due.provisional, escalated };
  return [{ type: 'VerificationApproved', data: { ...data, ...withOptional('note', command.data.note) } }];
}

/** The handling office plans, extends, reports and decides. */
function decideByHandlingOffice(
  command: Exclude<VerificationCommand, OpenVerification | ApproveVerification | RejectVerificationPlan>,
  state: Verification,
  { actor, now, config }: DecisionContext<VerificationConfig>,
): VerificationEvent[] | DomainError {
  if (state.status === 'Initial') return notFound();
  if (actor.office !== state.office)
    return forbiddenOffice('只有承办部门可以办理该初步核实', 'only the handling office acts on this verification');
  const { verificationId } = state;
  const today = localDate(now);
  switch (command.type) {
    case 'SubmitVerificationPlan': {
      if (state.status !== 'Planning') return wrongState(state, '提交核实方案', 'take a plan');
      const { plan, team, subjectHeadsLowerCommittee } = command.data;
      return [{ type: 'VerificationPlanSubmitted', data: { verificationId, plan, team, subjectHeadsLowerCommittee } }];
    }
    case 'ExtendVerification': {
      if (state.status !== 'Approved') return wrongState(state, '延期', 'be extended');
      if (state.extended) return refusal('ALREADY_EXTENDED', 409, '初步核实只能延期一次', 'a verification is extended once only');
      const due = calendarOf(config).addMonths(state.dueOn, config?.extensionMonths ?? DEFAULT_EXTENSION_MONTHS);
      return [
        {
          type: 'VerificationExtended',
          data: { ...publicFacts(state), extendedOn: today, dueOn: due.date, provisional: due.provisional },
        },
        { type: 'VerificationExtensionReasonRecorded', data: { verificationId, reason: command.data.reason } },
      ];
    }
    case 'SubmitVerificationReport':
      if (state.status !== 'Approved') return wrongState(state, '提交核实报告', 'take a report');
      return [
        {
          type: 'VerificationReportSubmitted',
          data: { verificationId, findings: command.data.findings, submittedOn: today, late: today > state.dueOn },
        },
      ];
    case 'DecideVerification': {
      if (state.status !== 'ReportSubmitted') return wrongState(state, '作出处理决定', 'be decided');
      const { decision, note, cadreId } = command.data;
      return [
        {
          type: 'VerificationDecided',
          data: { ...publicFacts(state), decision, decidedOn: today, ...withOptional('cadreId', cadreId) },
        },
        { type: 'VerificationDecisionRecorded', data: { verificationId, note } },
      ];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

function open(
  input: OpenVerification['data'],
  state: Verification,
  { actor, now }: DecisionContext,
): VerificationEvent[] | DomainError {
  if (!isSystem(actor)) {
    return systemOnly(
      '初步核实只能在处置意见批准或谈话函询转初核后由系统开启',
      'a verification is opened only by the system, on an approved disposition or a converted inquiry',
    );
  }
  const invalid = invalidInput([
    text('verificationId', input.verificationId, MAX.id),
    ...originChecks(input),
    text('unitId', input.unitId, MAX.id),
    matches('office', input.office, HANDLING_OFFICE),
    ...subjectChecks(input.subject),
    optionalText('fromInquiryId', input.fromInquiryId, MAX.id),
  ]);
  if (invalid) return invalid;
  if (state.status !== 'Initial')
    return refusal('VERIFICATION_ALREADY_OPENED', 409, '该初步核实已开启', 'this verification is already open');
  const { verificationId, clueId, clueNumber, sourceRef, unitId, office, fromInquiryId, subject } = input;
  return [
    {
      type: 'VerificationOpened',
      data: {
        verificationId,
        clueId,
        clueNumber,
        ...withOptional('sourceRef', sourceRef),
        unitId,
        office,
        ...withOptional('fromInquiryId', fromInquiryId),
        openedOn: localDate(now),
      },
    },
    {
      type: 'VerificationSubjectRecorded',
      data: { verificationId, subject: { name: subject.name, position: subject.position } },
    },
  ];
}

function publicFacts(state: Exclude<Verification, { status: 'Initial' }>): Public {
  const { verificationId, clueId, clueNumber, sourceRef, unitId, office } = state;
  return { verificationId, clueId, clueNumber, ...withOptional('sourceRef', sourceRef), unitId, office };
}

function facts(state: Exclude<Verification, { status: 'Initial' }>): Facts {
  const { fromInquiryId, openedOn, subject } = state;
  return { ...publicFacts(state), ...withOptional('fromInquiryId', fromInquiryId), openedOn, subject };
}

// ── evolve
export function evolve(state: Verification, event: VerificationEvent): Verification {
  switch (event.type) {
    case 'VerificationOpened':
      return state.status === 'Initial' ? { status: 'Planning', ...event.data, subject: null } : state;
    case 'VerificationSubjectRecorded':
      return state.status === 'Initial' ? state : { ...state, subject: event.data.subject };
    case 'VerificationPlanSubmitted': {
      if (state.status !== 'Planning') return state;
      const { verificationId: _id, ...plan } = event.data;
      return { ...facts(state), status: 'PlanSubmitted', plan };
    }
    case 'VerificationPlanRejected':
      return state.status === 'PlanSubmitted' ? { ...facts(state), status: 'Planning', rejection: event.data.note } : state;
    case 'VerificationApproved': {
      if (state.status !== 'PlanSubmitted') return state;
      const { approvedOn, dueOn } = event.data;
      return { ...facts(state), status: 'Approved', plan: state.plan, approvedOn, dueOn, extended: false };
    }
    case 'VerificationExtended':
      return state.status === 'Approved' ? { ...state, dueOn: event.data.dueOn, extended: true } : state;
    case 'VerificationExtensionReasonRecorded':
      return state;
    case 'VerificationReportSubmitted':
      return state.status === 'Approved' ? { ...state, status: 'ReportSubmitted', submittedOn: event.data.submittedOn } : state;
    case 'VerificationDecided': {
      if (state.status !== 'ReportSubmitted') return state;
      const { submittedOn: _submitted, ...rest } = state;
      return { ...rest, status: 'Decided', decision: event.data.decision, decidedOn: event.data.decidedOn, note: null };
    }
    case 'VerificationDecisionRecorded':
      return state.status === 'Decided' ? { ...state, note: event.data.note } : state;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** The verification's decider, as the command handlers and the specifications run it. */
export const verificationDecider = deciderOf({ decide, evolve, initialState });
