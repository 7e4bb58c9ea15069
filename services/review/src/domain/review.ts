// Review 审理 (审理室): a case transferred by supervision is received (as the system) and reviewed
// within its limit (default 1 month, one extension). 审理室 sends it back for further investigation
// with the reason (the review then waits until the case returns), or approves the facts and
// proposes the sanction; leadership decides it (the secretary when the subject heads a lower-level
// party committee, as escalated verification plans). Each decided sanction carries its effect
// period, which ends by itself (the system's EndSanctionEffect, on the service's clock). Leadership
// may instead conclude the review without a sanction (免予处分 or 不予处分), with the reason: the
// clue is closed and the petition concluded (ReviewConcludedWithoutSanction); the reason stays here.
import { defaultCalendar, type WorkingCalendar } from '@jiandu/calendar';
import type { DomainError, NoSanctionOutcome, SanctionChoice, SanctionSide } from '@jiandu/contracts';
import { deciderOf, localDate, refusal, wrongStateRefusal, type DecisionContext } from '@jiandu/decision';
import {
  DEFAULT_SANCTION_PERIODS,
  governmentalEffect,
  partyEffect,
  type Effect,
  type SanctionPeriods,
} from './sanction-periods.js';

/** The stream of one case's review; a review's id is the case's. */
export const reviewStream = (reviewId: string): string => `review-${reviewId}`;
/** The n-th (from 1) common issue identified on a case. */
export const commonIssueId = (caseId: string, n: number): string => `${caseId}-issue-${n}`;
export const REVIEW_OFFICE = 'review-office';
export const LEADERSHIP = 'leadership';
export const SECRETARY = 'secretary';

export const DEFAULT_REVIEW_MONTHS = 1;
export const DEFAULT_REVIEW_EXTENSION_MONTHS = 1;
export interface ReviewConfig {
  calendar?: WorkingCalendar;
  /** Months from receipt to the review's outcome (default 1). */
  months?: number;
  /** Months the one extension adds (default 1). */
  extensionMonths?: number;
  periods?: SanctionPeriods;
}

// ── what the case brings (CaseTransferredToReview), nothing retyped
export interface Transferred {
  caseId: string;
  verificationId: string;
  clueId: string;
  clueNumber: string;
  sourceRef?: string;
  unitId: string;
  office: string;
  subjectRef: string;
  subjectPosition: string;
  subjectHeadsLowerCommittee: boolean;
  round: number;
  findings: string;
  proposedSanction: SanctionChoice;
  /** The cadre the case's clue is linked to, when the transfer carried it (v2, issue 12). */
  cadreId?: string;
}

// ── commands
export type ReceiveCase = { type: 'ReceiveCase'; data: Transferred };
export type ExtendReview = { type: 'ExtendReview'; data: { reviewId: string; reason: string } };
export type SendCaseBack = { type: 'SendCaseBack'; data: { reviewId: string; reason: string } };
export type ProposeSanction = { type: 'ProposeSanction'; data: { reviewId: string; sanction: SanctionChoice; note: string } };
export type ApproveSanction = { type: 'ApproveSanction'; data: { reviewId: string; note?: string } };
export type RejectSanction = { type: 'RejectSanction'; data: { reviewId: string; note: string } };
/** 免予处分 / 不予处分: leadership ends the review without a sanction, with the reason. */
export type ConcludeWithoutSanction = {
  type: 'ConcludeWithoutSanction';
  data: { reviewId: string; outcome: NoSanctionOutcome; reason: string };
};
export type EndSanctionEffect = { type: 'EndSanctionEffect'; data: { reviewId: string; side: SanctionSide } };
/** 普遍性问题 (实施办法 第三条(五)): a common issue the decided case shows at its unit. */
export type IdentifyCommonIssue = { type: 'IdentifyCommonIssue'; data: { reviewId: string; issue: string } };
export type ReviewCommand =
  | ReceiveCase
  | ExtendReview
  | SendCaseBack
  | ProposeSanction
  | ApproveSanction
  | RejectSanction
  | ConcludeWithoutSanction
  | EndSanctionEffect
  | IdentifyCommonIssue;

// ── events
export type DecidedParty = NonNullable<SanctionChoice['party']> & Effect;
export type DecidedGovernmental = NonNullable<SanctionChoice['governmental']> & Effect;
export type CaseReceivedForReview = { type: 'CaseReceivedForReview'; data: Transferred & { receivedOn: string; dueOn: string } };
export type ReviewExtended = { type: 'ReviewExtended'; data: { reviewId: string; reason: string; dueOn: string } };
export type CaseReturnedForInvestigation = {
  type: 'CaseReturnedForInvestigation';
  data: { caseId: string; clueId: string; office: string; round: number; reason: string; returnedOn: string };
};
export type SanctionProposed = {
  type: 'SanctionProposed';
  data: { reviewId: string; sanction: SanctionChoice; note: string; proposedOn: string };
};
export type SanctionProposalRejected = { type: 'SanctionProposalRejected'; data: { reviewId: string; note: string } };
/** The case a review ends, as both of its public endings carry it. */
type ReviewedCase = {
  caseId: string;
  clueId: string;
  clueNumber: string;
  sourceRef?: string;
  unitId: string;
  office: string;
  subjectRef: string;
  subjectPosition: string;
  /** The cadre the case's clue is linked to, as the transfer carried it (v2, issue 12). */
  cadreId?: string;
};
export type SanctionDecided = {
  type: 'SanctionDecided';
  data: ReviewedCase & {
    party?: DecidedParty;
    governmental?: DecidedGovernmental;
    escalated: boolean;
    decidedOn: string;
  };
};
export type ReviewConcludedWithoutSanction = {
  type: 'ReviewConcludedWithoutSanction';
  data: ReviewedCase & {
    outcome: NoSanctionOutcome;
    escalated: boolean;
    concludedOn: string;
  };
};
export type ReviewConclusionRecorded = { type: 'ReviewConclusionRecorded'; data: { reviewId: string; reason: string } };
export type SanctionEffectEnded = {
  type: 'SanctionEffectEnded';
  data: {
    caseId: string;
    subjectRef: string;
    side: SanctionSide;
    effectiveUntil: string;
    endedOn: string;
    /** The cadre the case's clue is linked to, as the sanction decided carried it (v2, issue 12). */
    cadreId?: string;
  };
};
/** Supervision issues the 加强监督建议书 on it to `office`, the office that handled the case at the unit. */
export type CommonIssueIdentified = {
  type: 'CommonIssueIdentified';
  data: {
    issueId: string;
    caseId: string;
    clueId: string;
    clueNumber: string;
    unitId: string;
    office: string;
    issue: string;
    identifiedOn: string;
  };
};
export type ReviewEvent =
  | CaseReceivedForReview
  | ReviewExtended
  | CaseReturnedForInvestigation
  | SanctionProposed
  | SanctionProposalRejected
  | SanctionDecided
  | ReviewConcludedWithoutSanction
  | ReviewConclusionRecorded
  | SanctionEffectEnded
  | CommonIssueIdentified;

// ── state
type Facts = Transferred & { receivedOn: string; dueOn: string; extended: boolean };
export type Decided = { party?: DecidedParty; governmental?: DecidedGovernmental };
export type Review =
  | { status: 'Initial' }
  | ({ status: 'Reviewing'; rejection?: string } & Facts)
  | ({ status: 'SentBack'; reason: string } & Facts)
  | ({ status: 'SanctionProposed'; sanction: SanctionChoice } & Facts)
  | ({ status: 'Concluded'; outcome: NoSanctionOutcome; concludedOn: string; reason?: string } & Facts)
  | ({
      status: 'Decided';
      sanction: SanctionChoice;
      decided: Decided;
      decidedOn: string;
      ended: SanctionSide[];
      /** The common issues identified on the case, in order (each once). */
      commonIssues: string[];
    } & Facts);
export type ReviewStatus = Review['status'];

export const initialState = (): Review => ({ status: 'Initial' });

// ── refusals
const notFound = (): DomainError => refusal('REVIEW_NOT_FOUND', 404, '未找到审理', 'review not found');
const wrongState = wrongStateRefusal('REVIEW_WRONG_STATE', { zh: '审理', en: 'a review' });
const forbiddenOffice = (zh: string, en: string): DomainError => refusal('FORBIDDEN_OFFICE', 403, zh, en);
const systemOnly = (zh: string, en: string): DomainError => refusal('SYSTEM_ONLY', 403, zh, en);
const isSystem = (sub: string) => sub.startsWith('system:');

export function decide(
  command: ReviewCommand,
  state: Review,
  context: DecisionContext<ReviewConfig>,
): ReviewEvent[] | DomainError {
  const { actor, now, config } = context;
  const today = localDate(now);
  const calendar = config?.calendar ?? defaultCalendar();
  switch (command.type) {
    case 'ReceiveCase': {
      if (!isSystem(actor.sub))
        return systemOnly(
          '审理只能在案件移送后由系统受理',
          'a review is opened only by the system, on a case transferred to review',
        );
      const again = state.status === 'SentBack' && command.data.round === state.round + 1;
      if (state.status !== 'Initial' && !again)
        return refusal('REVIEW_ALREADY_RECEIVED', 409, '该案件已在审理中', 'this case is already under review');
      const due = calendar.addMonths(today, config?.months ?? DEFAULT_REVIEW_MONTHS);
      return [{ type: 'CaseReceivedForReview', data: { ...command.data, receivedOn: today, dueOn: due.date } }];
    }
    case 'EndSanctionEffect': {
      if (!isSystem(actor.sub))
        return systemOnly('影响期只能由系统按期结束', 'an effect period ends only by the system, on its date');
      if (state.status === 'Initial') return notFound();
      if (state.status !== 'Decided') return wrongState(state, '结束影响期', 'end an effect period');
      const effect = state.decided[command.data.side];
      if (
        !effect ||
        effect.effectiveUntil === undefined ||
        state.ended.includes(command.data.side) ||
        today <= effect.effectiveUntil
      )
        return refusal('EFFECT_NOT_ENDED', 409, '该处分的影响期尚未届满', 'the effect period of this sanction has not ended');
      const { caseId, subjectRef, cadreId } = state;
      return [
        {
          type: 'SanctionEffectEnded',
          data: {
            caseId,
            subjectRef,
            side: command.data.side,
            effectiveUntil: effect.effectiveUntil,
            endedOn: today,
            ...(cadreId === undefined ? {} : { cadreId }),
          },
        },
      ];
    }
    case 'IdentifyCommonIssue': {
      if (actor.office !== REVIEW_OFFICE)
        return forbiddenOffice('只有审理室可以分析提出普遍性问题', 'only the review office identifies a common issue');
      if (state.status === 'Initial') return notFound();
      if (state.status !== 'Decided')
        return wrongState(state, '提出普遍性问题', 'have a common issue identified before its sanction is decided');
      const { issue } = command.data;
      if (state.commonIssues.includes(issue))
        return refusal(
          'COMMON_ISSUE_ALREADY_IDENTIFIED',
          409,
          '该普遍性问题已就本案提出',
          'this common issue is already identified on this case',
        );
      const { caseId, clueId, clueNumber, unitId, office } = state;
      return [
        {
          type: 'CommonIssueIdentified',
          data: {
            issueId: commonIssueId(caseId, state.commonIssues.length + 1),
            caseId,
            clueId,
            clueNumber,
            unitId,
            office,
            issue,
            identifiedOn: today,
          },
        },
      ];
    }
    case 'ConcludeWithoutSanction': {
      if (actor.office !== LEADERSHIP)
        return forbiddenOffice('免予处分或不予处分只能由委领导决定', 'only leadership concludes a review without a sanction');
      if (state.status === 'Initial') return notFound();
      if (state.status !== 'Reviewing') return wrongState(state, '作出不予处分的审理结论', 'be concluded without a sanction');
      const escalated = state.subjectHeadsLowerCommittee;
      if (escalated && !actor.roles.includes(SECRETARY))
        return refusal(
          'ESCALATED_APPROVAL_REQUIRED',
          403,
          '被审理人为下级党委主要负责人，须由书记决定',
          'the subject heads a lower-level party committee: the secretary must decide',
        );
      const { caseId, clueId, clueNumber, sourceRef, unitId, office, subjectRef, subjectPosition, cadreId } = state;
      const { outcome, reason } = command.data;
      return [
        {
          type: 'ReviewConcludedWithoutSanction',
          data: {
            caseId,
            clueId,
            clueNumber,
            ...(sourceRef === undefined ? {} : { sourceRef }),
            unitId,
            office,
            subjectRef,
            subjectPosition,
            outcome,
            escalated,
            concludedOn: today,
            ...(cadreId === undefined ? {} : { cadreId }),
          },
        },
        { type: 'ReviewConclusionRecorded', data: { reviewId: caseId, reason } },
      ];
    }
    case 'ApproveSanction':
    case 'RejectSanction': {
      if (actor.office !== LEADERSHIP) return forbiddenOffice('处分决定只能由委领导审批', 'only leadership decides a sanction');
      if (state.status === 'Initial') return notFound();
      if (state.status !== 'SanctionProposed')
        return wrongState(
          state,
          command.type === 'ApproveSanction' ? '作出处分决定' : '退回处分意见',
          'have its sanction decided',
        );
      if (command.type === 'RejectSanction')
        return [{ type: 'SanctionProposalRejected', data: { reviewId: state.caseId, note: command.data.note } }];
      const escalated = state.subjectHeadsLowerCommittee;
      if (escalated && !actor.roles.includes(SECRETARY))
        return refusal(
          'ESCALATED_APPROVAL_REQUIRED',
          403,
          '被处分人为下级党委主要负责人，须由书记审批处分决定',
          'the subject heads a lower-level party committee: the secretary must approve the sanction',
        );
      const periods = config?.periods ?? DEFAULT_SANCTION_PERIODS;
      const { party, governmental } = state.sanction;
      const { caseId, clueId, clueNumber, sourceRef, unitId, office, subjectRef, subjectPosition, cadreId } = state;
      return [
        {
          type: 'SanctionDecided',
          data: {
            caseId,
            clueId,
            clueNumber,
            ...(sourceRef === undefined ? {} : { sourceRef }),
            unitId,
            office,
            subjectRef,
            subjectPosition,
            ...(party ? { party: { ...party, ...partyEffect(party, today, periods) } } : {}),
            ...(governmental
              ? { governmental: { ...governmental, ...governmentalEffect(governmental.kind, today, periods) } }
              : {}),
            escalated,
            decidedOn: today,
            ...(cadreId === undefined ? {} : { cadreId }),
          },
        },
      ];
    }
    default: {
      if (actor.office !== REVIEW_OFFICE)
        return forbiddenOffice('只有审理室可以办理审理', 'only the review office acts on a review');
      if (state.status === 'Initial') return notFound();
      if (state.status !== 'Reviewing') {
        const what = { ExtendReview: '延期', SendCaseBack: '退回补充调查', ProposeSanction: '提出处分意见' }[command.type];
        return wrongState(state, what, 'take this step until the case is back under review');
      }
      switch (command.type) {
        case 'ExtendReview': {
          if (state.extended) return refusal('ALREADY_EXTENDED', 409, '审理只能延期一次', 'a review is extended once only');
          const due = calendar.addMonths(state.dueOn, config?.extensionMonths ?? DEFAULT_REVIEW_EXTENSION_MONTHS);
          return [{ type: 'ReviewExtended', data: { reviewId: state.caseId, reason: command.data.reason, dueOn: due.date } }];
        }
        case 'SendCaseBack': {
          const { caseId, clueId, office, round } = state;
          return [
            {
              type: 'CaseReturnedForInvestigation',
              data: { caseId, clueId, office, round, reason: command.data.reason, returnedOn: today },
            },
          ];
        }
        case 'ProposeSanction': {
          const { sanction, note } = command.data;
          return [{ type: 'SanctionProposed', data: { reviewId: state.caseId, sanction, note, proposedOn: today } }];
        }
        default: {
          const unknown: never = command;
          return unknown;
        }
      }
    }
  }
}

function facts(state: Exclude<Review, { status: 'Initial' }>): Facts {
  const { status: _s, ...rest } = state as Facts & { status: string };
  const {
    caseId,
    verificationId,
    clueId,
    clueNumber,
    sourceRef,
    unitId,
    office,
    subjectRef,
    subjectPosition,
    subjectHeadsLowerCommittee,
    round,
    findings,
    proposedSanction,
    receivedOn,
    dueOn,
    extended,
    cadreId,
  } = rest;
  return {
    caseId,
    verificationId,
    clueId,
    clueNumber,
    ...(sourceRef === undefined ? {} : { sourceRef }),
    unitId,
    office,
    subjectRef,
    subjectPosition,
    subjectHeadsLowerCommittee,
    round,
    findings,
    proposedSanction,
    receivedOn,
    dueOn,
    extended,
    ...(cadreId === undefined ? {} : { cadreId }),
  };
}

export function evolve(state: Review, event: ReviewEvent): Review {
  switch (event.type) {
    case 'CaseReceivedForReview':
      return state.status === 'Initial' || state.status === 'SentBack'
        ? { status: 'Reviewing', ...event.data, extended: false }
        : state;
    case 'ReviewExtended':
      return state.status === 'Reviewing' ? { ...state, dueOn: event.data.dueOn, extended: true } : state;
    case 'CaseReturnedForInvestigation':
      return state.status === 'Reviewing' ? { ...facts(state), status: 'SentBack', reason: event.data.reason } : state;
    case 'SanctionProposed':
      return state.status === 'Reviewing'
        ? { ...facts(state), status: 'SanctionProposed', sanction: event.data.sanction }
        : state;
    case 'SanctionProposalRejected':
      return state.status === 'SanctionProposed' ? { ...facts(state), status: 'Reviewing', rejection: event.data.note } : state;
    case 'SanctionDecided': {
      if (state.status !== 'SanctionProposed') return state;
      const { party, governmental, decidedOn } = event.data;
      const decided: Decided = { ...(party ? { party } : {}), ...(governmental ? { governmental } : {}) };
      return { ...facts(state), status: 'Decided', sanction: state.sanction, decided, decidedOn, ended: [], commonIssues: [] };
    }
    case 'ReviewConcludedWithoutSanction':
      return state.status === 'Reviewing'
        ? { ...facts(state), status: 'Concluded', outcome: event.data.outcome, concludedOn: event.data.concludedOn }
        : state;
    case 'ReviewConclusionRecorded':
      return state.status === 'Concluded' ? { ...state, reason: event.data.reason } : state;
    case 'CommonIssueIdentified':
      return state.status === 'Decided' ? { ...state, commonIssues: [...state.commonIssues, event.data.issue] } : state;
    case 'SanctionEffectEnded':
      return state.status === 'Decided' ? { ...state, ended: [...state.ended, event.data.side] } : state;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** The review's decider, as the command handlers and the specifications run it. */
export const reviewDecider = deciderOf({ decide, evolve, initialState });
