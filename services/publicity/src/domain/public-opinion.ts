// Public opinion 舆情 (组宣部): an item is collected (source, its reference, a summary, the unit it
// concerns), assessed within a configurable limit (the clock board shows it otherwise), then
// forwarded to 案管 as a clue (PublicOpinionForwarded: 案管 registers it with source
// `public-opinion`, numbered and routed as a petition's clue) or closed with a reason.
// Collected → Assessed → Forwarded | Closed.
import { defaultCalendar, type WorkingCalendar } from '@jiandu/calendar';
import type { DomainError, PublicOpinionSource } from '@jiandu/contracts';
import { deciderOf, localDate, refusal, wrongStateRefusal, type DecisionContext } from '@jiandu/decision';
import { PUBLICITY_DEPT } from './opinion-request.js';

export const publicOpinionStream = (itemId: string): string => `public-opinion-${itemId}`;
export const DEFAULT_ASSESS_WORKING_DAYS = 5;

export interface PublicOpinionConfig {
  calendar?: WorkingCalendar;
  /** Working days from collection to the assessment (default 5). */
  assessWorkingDays?: number;
}

// ── commands
export type CollectPublicOpinion = {
  type: 'CollectPublicOpinion';
  data: { itemId: string; source: PublicOpinionSource; reference: string; summary: string; unitId: string };
};
export type AssessPublicOpinion = {
  type: 'AssessPublicOpinion';
  data: { itemId: string; assessment: string; categories: string[] };
};
export type ForwardPublicOpinion = { type: 'ForwardPublicOpinion'; data: { itemId: string; note?: string } };
export type ClosePublicOpinion = { type: 'ClosePublicOpinion'; data: { itemId: string; reason: string } };
export type PublicOpinionCommand = CollectPublicOpinion | AssessPublicOpinion | ForwardPublicOpinion | ClosePublicOpinion;

// ── events (PublicOpinionForwarded is public)
export type PublicOpinionCollected = {
  type: 'PublicOpinionCollected';
  data: CollectPublicOpinion['data'] & { collectedOn: string; assessBy: string };
};
export type PublicOpinionAssessed = {
  type: 'PublicOpinionAssessed';
  data: { itemId: string; assessment: string; categories: string[]; assessedOn: string };
};
export type PublicOpinionForwarded = {
  type: 'PublicOpinionForwarded';
  data: {
    itemId: string;
    source: PublicOpinionSource;
    unitId: string;
    categories: string[];
    summary: string;
    forwardedOn: string;
  };
};
export type PublicOpinionClosed = { type: 'PublicOpinionClosed'; data: { itemId: string; reason: string; closedOn: string } };
export type PublicOpinionEvent = PublicOpinionCollected | PublicOpinionAssessed | PublicOpinionForwarded | PublicOpinionClosed;

// ── state
type Facts = PublicOpinionCollected['data'];
export type PublicOpinionItem =
  | { status: 'Initial' }
  | ({ status: 'Collected' } & Facts)
  | ({ status: 'Assessed'; assessment: string; categories: string[] } & Facts)
  | ({ status: 'Forwarded'; assessment: string; categories: string[] } & Facts)
  | ({ status: 'Closed'; reason: string } & Facts);

export const initialState = (): PublicOpinionItem => ({ status: 'Initial' });

const notFound = (): DomainError => refusal('PUBLIC_OPINION_NOT_FOUND', 404, '未找到舆情', 'public opinion item not found');
const wrongState = wrongStateRefusal('PUBLIC_OPINION_WRONG_STATE', { zh: '舆情', en: 'a public opinion item' });

export function decide(
  command: PublicOpinionCommand,
  state: PublicOpinionItem,
  { actor, now, config }: DecisionContext<PublicOpinionConfig>,
): PublicOpinionEvent[] | DomainError {
  if (actor.office !== PUBLICITY_DEPT)
    return refusal('FORBIDDEN_OFFICE', 403, '舆情由组宣部办理', 'the publicity department handles public opinion');
  const today = localDate(now);
  switch (command.type) {
    case 'CollectPublicOpinion': {
      if (state.status !== 'Initial')
        return refusal('PUBLIC_OPINION_EXISTS', 409, '该舆情已登记', 'this item is already collected');
      const { itemId, source, reference, summary, unitId } = command.data;
      const calendar = config?.calendar ?? defaultCalendar();
      const assessBy = calendar.addWorkingDays(today, config?.assessWorkingDays ?? DEFAULT_ASSESS_WORKING_DAYS).date;
      return [
        { type: 'PublicOpinionCollected', data: { itemId, source, reference, summary, unitId, collectedOn: today, assessBy } },
      ];
    }
    case 'AssessPublicOpinion': {
      if (state.status === 'Initial') return notFound();
      if (state.status !== 'Collected') return wrongState(state, '研判', 'be assessed');
      const { assessment, categories } = command.data;
      return [
        {
          type: 'PublicOpinionAssessed',
          data: { itemId: state.itemId, assessment, categories: [...categories], assessedOn: today },
        },
      ];
    }
    case 'ForwardPublicOpinion': {
      if (state.status === 'Initial') return notFound();
      if (state.status !== 'Assessed') return wrongState(state, '作为问题线索移送', 'be forwarded before it is assessed');
      const { itemId, source, unitId, summary } = state;
      return [
        {
          type: 'PublicOpinionForwarded',
          data: { itemId, source, unitId, categories: state.categories, summary, forwardedOn: today },
        },
      ];
    }
    case 'ClosePublicOpinion': {
      if (state.status === 'Initial') return notFound();
      if (state.status !== 'Assessed') return wrongState(state, '了结', 'be closed before it is assessed');
      return [{ type: 'PublicOpinionClosed', data: { itemId: state.itemId, reason: command.data.reason, closedOn: today } }];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

export function evolve(state: PublicOpinionItem, event: PublicOpinionEvent): PublicOpinionItem {
  switch (event.type) {
    case 'PublicOpinionCollected':
      return state.status === 'Initial' ? { status: 'Collected', ...event.data } : state;
    case 'PublicOpinionAssessed':
      return state.status === 'Collected'
        ? { ...state, status: 'Assessed', assessment: event.data.assessment, categories: event.data.categories }
        : state;
    case 'PublicOpinionForwarded':
      return state.status === 'Assessed' ? { ...state, status: 'Forwarded' } : state;
    case 'PublicOpinionClosed': {
      if (state.status !== 'Assessed') return state;
      const { assessment: _a, categories: _c, ...facts } = state;
      return { ...facts, status: 'Closed', reason: event.data.reason };
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

export const publicOpinionDecider = deciderOf({ decide, evolve, initialState });
