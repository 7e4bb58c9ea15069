// DisciplineRecommendation 纪律检查建议 / 监察建议: issued to a unit by the handling office with a
// response deadline, answered, checked again (回头看) and closed; a unit that refuses is ordered to
// correct it and criticised in a 通报 (Escalated).
import type { DomainError, RecommendationKind } from '@jiandu/contracts';
import { HANDLING_OFFICE, deciderOf, localDate, refusal, wrongStateRefusal } from '@jiandu/decision';
import { calendarOf, forbiddenOffice, withOptional, type CalendarConfig, type DecisionContext, type Origin } from './decision.js';

export { RECOMMENDATION_KINDS, type RecommendationKind } from '@jiandu/contracts';

/** The stream of one recommendation. */
export const recommendationStream = (recommendationId: string): string => `recommendation-${recommendationId}`;

export const DEFAULT_RESPONSE_DAYS = 30;
export interface RecommendationConfig extends CalendarConfig {
  /** Calendar days a unit has to respond, when the recommendation does not say (default 30). */
  responseDays?: number;
}

// ── commands
type Issue = Partial<Origin> & {
  recommendationId: string;
  kind: RecommendationKind;
  unitId: string;
  office: string;
  content: string;
};
export type IssueRecommendation = { type: 'IssueRecommendation'; data: Issue & { responseDays?: number } };
export type RecordResponse = { type: 'RecordResponse'; data: { recommendationId: string; response: string } };
export type VerifyRecommendation = { type: 'VerifyRecommendation'; data: { recommendationId: string; finding: string } };
export type CloseRecommendation = { type: 'CloseRecommendation'; data: { recommendationId: string } };
export type RecordRefusal = { type: 'RecordRefusal'; data: { recommendationId: string; note: string } };
export type RecommendationCommand =
  IssueRecommendation | RecordResponse | VerifyRecommendation | CloseRecommendation | RecordRefusal;

// ── events
export type RecommendationIssued = { type: 'RecommendationIssued'; data: Issue & { issuedOn: string; responseDueOn: string } };
/**
 * Public (v2): the facts without the text. A v1 event (stored before v2) carried the response's text
 * and no kind, unit, office or due day; it stays private, and evolve reads only respondedOn and late.
 */
export type RecommendationResponded = {
  type: 'RecommendationResponded';
  data: {
    recommendationId: string;
    kind: RecommendationKind;
    unitId: string;
    office: string;
    responseDueOn: string;
    respondedOn: string;
    late: boolean;
  };
};
/** Private: the response's text, recorded with RecommendationResponded (v2). */
export type RecommendationResponseRecorded = {
  type: 'RecommendationResponseRecorded';
  data: { recommendationId: string; response: string };
};
export type RecommendationVerified = {
  type: 'RecommendationVerified';
  data: { recommendationId: string; finding: string; verifiedOn: string };
};
export type RecommendationClosed = { type: 'RecommendationClosed'; data: { recommendationId: string; closedOn: string } };
export type RecommendationRefused = {
  type: 'RecommendationRefused';
  data: { recommendationId: string; kind: RecommendationKind; unitId: string; office: string; note: string; refusedOn: string };
};
export type RecommendationEvent =
  | RecommendationIssued
  | RecommendationResponded
  | RecommendationResponseRecorded
  | RecommendationVerified
  | RecommendationClosed
  | RecommendationRefused;

// ── state. Drafted and Approved (DOMAIN.md) happen on paper before issuing.
type Facts = RecommendationIssued['data'];
export type Recommendation =
  | { status: 'Initial' }
  | ({ status: 'Issued' } & Facts)
  | ({ status: 'Responded'; respondedOn: string; late: boolean } & Facts)
  | ({ status: 'Verified'; respondedOn: string; late: boolean; verifiedOn: string } & Facts)
  | ({ status: 'Closed'; respondedOn: string; late: boolean; verifiedOn: string; closedOn: string } & Facts)
  | ({ status: 'Escalated'; refusedOn: string } & Facts);
export type RecommendationStatus = Recommendation['status'];

export const initialState = (): Recommendation => ({ status: 'Initial' });

// ── refusals
const notFound = (): DomainError => refusal('RECOMMENDATION_NOT_FOUND', 404, '未找到建议', 'recommendation not found');
const wrongState = wrongStateRefusal('RECOMMENDATION_WRONG_STATE', { zh: '建议', en: 'a recommendation' });

// ── decide
export function decide(
  command: RecommendationCommand,
  state: Recommendation,
  { actor, now, config }: DecisionContext<RecommendationConfig>,
): RecommendationEvent[] | DomainError {
  const today = localDate(now);
  if (command.type === 'IssueRecommendation') {
    const input = command.data;
    if (actor.office !== input.office || !HANDLING_OFFICE.test(actor.office)) {
      return forbiddenOffice(
        '建议只能由纪检监察室或派驻机构以本部门名义发出',
        'a recommendation is issued by a supervision office or dispatched agency in its own name',
      );
    }
    if (state.status !== 'Initial')
      return refusal('RECOMMENDATION_ALREADY_ISSUED', 409, '该建议已发出', 'this recommendation is already issued');
    const { recommendationId, kind, unitId, office, content, clueId, clueNumber, sourceRef } = input;
    const days = input.responseDays ?? config?.responseDays ?? DEFAULT_RESPONSE_DAYS;
    const responseDueOn = calendarOf(config).addCalendarDays(today, days).date;
    const origin = {
      ...withOptional('clueId', clueId),
      ...withOptional('clueNumber', clueNumber),
      ...withOptional('sourceRef', sourceRef),
    };
    return [
      {
        type: 'RecommendationIssued',
        data: { recommendationId, kind, unitId, office, content, ...origin, issuedOn: today, responseDueOn },
      },
    ];
  }
  if (state.status === 'Initial') return notFound();
  if (actor.office !== state.office)
    return forbiddenOffice('只有发出建议的部门可以办理该建议', 'only the issuing office acts on this recommendation');
  const { recommendationId } = state;
  switch (command.type) {
    case 'RecordResponse': {
      const { response } = command.data;
      if (state.status !== 'Issued') return wrongState(state, '登记反馈', 'take a response');
      const { kind, unitId, office, responseDueOn } = state;
      return [
        {
          type: 'RecommendationResponded',
          data: { recommendationId, kind, unitId, office, responseDueOn, respondedOn: today, late: today > responseDueOn },
        },
        { type: 'RecommendationResponseRecorded', data: { recommendationId, response } },
      ];
    }
    case 'VerifyRecommendation': {
      const { finding } = command.data;
      if (state.status !== 'Responded') return wrongState(state, '回头看', 'be checked again');
      return [{ type: 'RecommendationVerified', data: { recommendationId, finding, verifiedOn: today } }];
    }
    case 'CloseRecommendation':
      if (state.status !== 'Verified') return wrongState(state, '办结', 'be closed');
      return [{ type: 'RecommendationClosed', data: { recommendationId, closedOn: today } }];
    case 'RecordRefusal': {
      const { note } = command.data;
      if (state.status !== 'Issued') return wrongState(state, '登记拒不整改', 'be refused');
      const { kind, unitId, office } = state;
      return [{ type: 'RecommendationRefused', data: { recommendationId, kind, unitId, office, note, refusedOn: today } }];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

// ── evolve
export function evolve(state: Recommendation, event: RecommendationEvent): Recommendation {
  switch (event.type) {
    case 'RecommendationIssued':
      return state.status === 'Initial' ? { status: 'Issued', ...event.data } : state;
    case 'RecommendationResponded':
      return state.status === 'Issued'
        ? { ...state, status: 'Responded', respondedOn: event.data.respondedOn, late: event.data.late }
        : state;
    case 'RecommendationResponseRecorded':
      return state;
    case 'RecommendationVerified':
      return state.status === 'Responded' ? { ...state, status: 'Verified', verifiedOn: event.data.verifiedOn } : state;
    case 'RecommendationClosed':
      return state.status === 'Verified' ? { ...state, status: 'Closed', closedOn: event.data.closedOn } : state;
    case 'RecommendationRefused':
      return state.status === 'Issued' ? { ...state, status: 'Escalated', refusedOn: event.data.refusedOn } : state;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** The recommendation's decider, as the command handlers and the specifications run it. */
export const recommendationDecider = deciderOf({ decide, evolve, initialState });
