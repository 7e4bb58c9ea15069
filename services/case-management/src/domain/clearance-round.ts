// ClearanceRound 定期清理 (实施办法 六(四): 问题线索…定期清理; DOMAIN.md: shelved clues re-reviewed at
// each periodic clearance, quarterly by default). 案管 opens a round for a quarter with every clue
// then shelved (暂存待查) or overdue (no disposition proposed by its deadline), each listed for its
// office; each office records its review of each of its clues (keep, reactivate a shelved clue, or
// propose to close); 案管 closes the round once every clue is reviewed. What a review does to the
// clue itself is the clue's decider's (ReactivateClue, ProposeClosureOnReview); this one keeps the
// round. The request shapes are the contract's; this decider checks who acts and the round's state.
import type { ClearanceDecision, DomainError } from '@jiandu/contracts';
import { deciderOf, localDate, refusal, type DecisionContext } from '@jiandu/decision';
import { CASE_MANAGEMENT } from './problem-clue.js';

export type ClearanceReason = 'shelved' | 'overdue';
export interface ClearanceItem {
  clueId: string;
  number: string;
  office: string;
  reason: ClearanceReason;
}
export interface Review {
  decision: ClearanceDecision;
  note: string;
  reviewedAt: string;
  reviewedBy: string;
}

/** One round per quarter: its id says which. */
export const clearanceRoundId = (year: number, quarter: number) => `cr-${year}-q${quarter}`;
export const clearanceRoundStream = (roundId: string) => `clearance-round-${roundId}`;
/** The first day of a quarter, YYYY-MM-DD. */
export const quarterStart = (year: number, quarter: number) => `${year}-${String((quarter - 1) * 3 + 1).padStart(2, '0')}-01`;

// ── commands
export type OpenClearanceRound = {
  type: 'OpenClearanceRound';
  data: { roundId: string; year: number; quarter: number; dueOn: string; items: readonly ClearanceItem[] };
};
export type ReviewClearanceItem = {
  type: 'ReviewClearanceItem';
  data: { roundId: string; clueId: string; decision: ClearanceDecision; note: string };
};
export type CloseClearanceRound = { type: 'CloseClearanceRound'; data: { roundId: string } };
export type ClearanceCommand = OpenClearanceRound | ReviewClearanceItem | CloseClearanceRound;

// ── events
export type ClearanceRoundOpened = {
  type: 'ClearanceRoundOpened';
  data: { roundId: string; year: number; quarter: number; dueOn: string; openedAt: string; items: ClearanceItem[] };
};
/** 定期清理 复核: the office's review of one clue in the round. */
export type ClueSweepReviewed = {
  type: 'ClueSweepReviewed';
  data: { roundId: string; clueId: string; number: string; office: string; decision: ClearanceDecision; note: string };
};
export type ClearanceRoundClosed = { type: 'ClearanceRoundClosed'; data: { roundId: string; reviewed: number } };
export type ClearanceEvent = ClearanceRoundOpened | ClueSweepReviewed | ClearanceRoundClosed;

// ── state
type Round = { roundId: string; year: number; quarter: number; dueOn: string; items: readonly ClearanceItem[] };
export type ClearanceRound =
  | { status: 'Initial' }
  | ({ status: 'Open'; reviewed: Readonly<Record<string, ClearanceDecision>> } & Round)
  | ({ status: 'Closed'; reviewed: Readonly<Record<string, ClearanceDecision>> } & Round);

export const initialState = (): ClearanceRound => ({ status: 'Initial' });

/** How many items of the round nobody has reviewed yet. */
export const unreviewedCount = (round: Exclude<ClearanceRound, { status: 'Initial' }>) =>
  round.items.filter((item) => round.reviewed[item.clueId] === undefined).length;

// ── refusals
const notFound = (): DomainError => refusal('CLEARANCE_ROUND_NOT_FOUND', 404, '未找到清理批次', 'clearance round not found');
const onlyCaseManagement = (zh: string, en: string): DomainError => refusal('FORBIDDEN_OFFICE', 403, zh, en);
const closed = (): DomainError => refusal('CLEARANCE_ROUND_CLOSED', 409, '清理批次已结束', 'the clearance round is closed');

// ── decide
export function decide(
  command: ClearanceCommand,
  state: ClearanceRound,
  { now, actor }: DecisionContext,
): ClearanceEvent[] | DomainError {
  switch (command.type) {
    case 'OpenClearanceRound': {
      if (actor.office !== CASE_MANAGEMENT)
        return onlyCaseManagement('定期清理只能由案管室发起', 'only case management opens a clearance round');
      const { roundId, year, quarter, dueOn, items } = command.data;
      if (state.status !== 'Initial')
        return refusal(
          'CLEARANCE_ROUND_EXISTS',
          409,
          '该季度的清理批次已发起',
          'the clearance round of this quarter exists already',
        );
      if (quarterStart(year, quarter) > localDate(now))
        return refusal('CLEARANCE_QUARTER_NOT_STARTED', 422, '该季度尚未开始', 'the quarter has not begun', [
          { path: 'quarter', message: { zh: '该季度尚未开始', en: 'the quarter has not begun' } },
        ]);
      if (dueOn < localDate(now))
        return refusal('DEADLINE_IN_PAST', 422, '复核期限不能早于今日', 'the review deadline cannot precede today');
      // Copied field by field.
      const listed = items.map(({ clueId, number, office, reason }) => ({ clueId, number, office, reason }));
      return [
        { type: 'ClearanceRoundOpened', data: { roundId, year, quarter, dueOn, openedAt: now.toISOString(), items: listed } },
      ];
    }
    case 'ReviewClearanceItem': {
      if (state.status === 'Initial') return notFound();
      if (state.status === 'Closed') return closed();
      const { clueId, decision, note } = command.data;
      const item = state.items.find((i) => i.clueId === clueId);
      // Another office's item answers "not found", as another office's clue does.
      if (!item || item.office !== actor.office)
        return refusal(
          'CLEARANCE_ITEM_NOT_FOUND',
          404,
          '该问题线索不在本次清理之列',
          'the clue is not listed for you in this round',
        );
      if (state.reviewed[clueId] !== undefined)
        return refusal('CLEARANCE_ITEM_ALREADY_REVIEWED', 409, '该问题线索已复核', 'the clue is reviewed already in this round');
      if (decision === 'reactivate' && item.reason !== 'shelved')
        return refusal(
          'CLEARANCE_DECISION_NOT_APPLICABLE',
          422,
          '只有暂存待查的问题线索可以重新启用',
          'only a shelved clue can be reactivated',
          [
            {
              path: 'decision',
              message: { zh: '只有暂存待查的问题线索可以重新启用', en: 'only a shelved clue can be reactivated' },
            },
          ],
        );
      const { number, office } = item;
      return [{ type: 'ClueSweepReviewed', data: { roundId: state.roundId, clueId, number, office, decision, note } }];
    }
    case 'CloseClearanceRound': {
      if (actor.office !== CASE_MANAGEMENT)
        return onlyCaseManagement('定期清理只能由案管室结束', 'only case management closes a clearance round');
      if (state.status === 'Initial') return notFound();
      if (state.status === 'Closed') return closed();
      const left = unreviewedCount(state);
      if (left > 0)
        return refusal(
          'CLEARANCE_ITEMS_UNREVIEWED',
          409,
          `尚有 ${left} 条问题线索未复核`,
          `${left} clue(s) of the round are not reviewed yet`,
        );
      return [{ type: 'ClearanceRoundClosed', data: { roundId: state.roundId, reviewed: state.items.length } }];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

// ── evolve
export function evolve(state: ClearanceRound, event: ClearanceEvent): ClearanceRound {
  switch (event.type) {
    case 'ClearanceRoundOpened': {
      if (state.status !== 'Initial') return state;
      const { roundId, year, quarter, dueOn, items } = event.data;
      return { status: 'Open', roundId, year, quarter, dueOn, items, reviewed: {} };
    }
    case 'ClueSweepReviewed':
      if (state.status !== 'Open') return state;
      return { ...state, reviewed: { ...state.reviewed, [event.data.clueId]: event.data.decision } };
    case 'ClearanceRoundClosed':
      return state.status === 'Open' ? { ...state, status: 'Closed' } : state;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

export const clearanceDecider = deciderOf({ decide, evolve, initialState });
