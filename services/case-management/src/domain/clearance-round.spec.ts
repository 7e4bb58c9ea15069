import type { DecisionContext, OfficeCode } from '@jiandu/decision';
import { specification } from '@jiandu/testing';
import {
  decide,
  evolve,
  initialState,
  quarterStart,
  type ClearanceCommand,
  type ClearanceEvent,
  type ClearanceItem,
} from './clearance-round.js';

const NOW = new Date('2026-11-10T02:00:00.000Z');
const actorOf = (office: string): DecisionContext => ({
  now: NOW,
  actor: { sub: `u-${office}`, name: 'Test User', office: office as OfficeCode, roles: [], zones: [] },
});
const caseManagement = actorOf('case-management');
const office1 = actorOf('supervision-office-1');
const office2 = actorOf('supervision-office-2');

const { given } = specification({ decide, evolve, initialState });

const roundId = 'cr-2026-q4';
const items: ClearanceItem[] = [
  { clueId: 'c-1', number: 'XS-2026-000001', office: 'supervision-office-1', reason: 'shelved' },
  { clueId: 'c-2', number: 'XS-2026-000002', office: 'supervision-office-1', reason: 'overdue' },
  { clueId: 'c-3', number: 'XS-2026-000003', office: 'supervision-office-2', reason: 'overdue' },
];
const open: ClearanceCommand = {
  type: 'OpenClearanceRound',
  data: { roundId, year: 2026, quarter: 4, dueOn: '2026-11-25', items },
};
const opened: ClearanceEvent = {
  type: 'ClearanceRoundOpened',
  data: { roundId, year: 2026, quarter: 4, dueOn: '2026-11-25', openedAt: NOW.toISOString(), items },
};
const review = (clueId: string, decision: 'keep' | 'reactivate' | 'propose-close'): ClearanceCommand => ({
  type: 'ReviewClearanceItem',
  data: { roundId, clueId, decision, note: '复核意见' },
});
const reviewed = (clueId: string, decision: 'keep' | 'reactivate' | 'propose-close'): ClearanceEvent => {
  const item = items.find((i) => i.clueId === clueId)!;
  return {
    type: 'ClueSweepReviewed',
    data: { roundId, clueId, number: item.number, office: item.office, decision, note: '复核意见' },
  };
};
const close: ClearanceCommand = { type: 'CloseClearanceRound', data: { roundId } };

describe('ClearanceRound (定期清理)', () => {
  it('is opened by 案管 for a quarter that has begun, with its clues listed', () => {
    given().when(open, caseManagement).then([opened]);
    expect(given([opened]).state).toMatchObject({ status: 'Open', items, reviewed: {} });
  });

  it('is opened only by 案管, once per quarter, and not before the quarter', () => {
    given().when(open, office1).thenError('FORBIDDEN_OFFICE', 403);
    given([opened]).when(open, caseManagement).thenError('CLEARANCE_ROUND_EXISTS', 409);
    given()
      .when(
        { type: 'OpenClearanceRound', data: { ...open.data, roundId: 'cr-2027-q1', year: 2027, quarter: 1 } } as ClearanceCommand,
        caseManagement,
      )
      .thenError('CLEARANCE_QUARTER_NOT_STARTED', 422, 'quarter');
    given()
      .when({ type: 'OpenClearanceRound', data: { ...open.data, dueOn: '2026-11-09' } } as ClearanceCommand, caseManagement)
      .thenError('DEADLINE_IN_PAST', 422);
    expect(quarterStart(2026, 4)).toBe('2026-10-01');
  });

  it('takes each office’s review of its own clues, once each', () => {
    given([opened])
      .when(review('c-1', 'reactivate'), office1)
      .then([reviewed('c-1', 'reactivate')]);
    given([opened])
      .when(review('c-3', 'keep'), office2)
      .then([reviewed('c-3', 'keep')]);
    given([opened, reviewed('c-1', 'keep')])
      .when(review('c-1', 'propose-close'), office1)
      .thenError('CLEARANCE_ITEM_ALREADY_REVIEWED', 409);
  });

  it('hides another office’s clue and refuses a clue not listed', () => {
    given([opened]).when(review('c-3', 'keep'), office1).thenError('CLEARANCE_ITEM_NOT_FOUND', 404);
    given([opened]).when(review('c-9', 'keep'), office1).thenError('CLEARANCE_ITEM_NOT_FOUND', 404);
    given().when(review('c-1', 'keep'), office1).thenError('CLEARANCE_ROUND_NOT_FOUND', 404);
  });

  it('reactivates only a shelved clue', () => {
    given([opened]).when(review('c-2', 'reactivate'), office1).thenError('CLEARANCE_DECISION_NOT_APPLICABLE', 422, 'decision');
    given([opened])
      .when(review('c-2', 'propose-close'), office1)
      .then([reviewed('c-2', 'propose-close')]);
  });

  it('cannot close with clues unreviewed, and says how many', () => {
    const error = given([opened, reviewed('c-1', 'keep')])
      .when(close, caseManagement)
      .thenError('CLEARANCE_ITEMS_UNREVIEWED', 409);
    expect(error.message.en).toContain('2 clue(s)');
  });

  it('closes once every clue is reviewed, by 案管 only, and then takes nothing more', () => {
    const all = [opened, reviewed('c-1', 'reactivate'), reviewed('c-2', 'keep'), reviewed('c-3', 'propose-close')];
    given(all).when(close, office1).thenError('FORBIDDEN_OFFICE', 403);
    given(all)
      .when(close, caseManagement)
      .then([{ type: 'ClearanceRoundClosed', data: { roundId, reviewed: 3 } }]);
    const closed = [...all, { type: 'ClearanceRoundClosed', data: { roundId, reviewed: 3 } } as ClearanceEvent];
    given(closed).when(close, caseManagement).thenError('CLEARANCE_ROUND_CLOSED', 409);
    given(closed).when(review('c-1', 'keep'), office1).thenError('CLEARANCE_ROUND_CLOSED', 409);
  });

  it('closes at once when nothing was due for clearance', () => {
    const empty: ClearanceEvent = {
      type: 'ClearanceRoundOpened',
      data: { roundId, year: 2026, quarter: 4, dueOn: '2026-11-25', openedAt: NOW.toISOString(), items: [] },
    };
    given([empty])
      .when(close, caseManagement)
      .then([{ type: 'ClearanceRoundClosed', data: { roundId, reviewed: 0 } }]);
  });
});
