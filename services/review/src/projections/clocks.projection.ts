// The review's clock (libs/deadlines), started, extended and stopped in the same transaction as
// the events: one per round of review (a case received again after a return runs a fresh one).
import type { PoolClient } from 'pg';
import { extendClock, ruleText, startClock, stopClock, type ClockEvents } from '@jiandu/deadlines';
import type { ReviewEvent } from '../domain/review.js';
import type { ReviewServiceConfig } from '../config.js';

export const reviewClockId = (caseId: string, round: number): string =>
  round === 1 ? `review-${caseId}` : `review-${caseId}-r${round}`;

export async function projectClockEvent(
  tx: PoolClient,
  store: ClockEvents,
  event: ReviewEvent,
  round: number,
  config: ReviewServiceConfig,
): Promise<void> {
  switch (event.type) {
    case 'CaseReceivedForReview': {
      const { caseId, receivedOn, unitId } = event.data;
      const limit = { months: config.review.months };
      await startClock(tx, store, {
        id: reviewClockId(caseId, round),
        measures: 'review',
        rule: ruleText('审理', limit),
        limit,
        startedOn: receivedOn,
        subject: caseId,
        office: 'review-office',
        unitId,
      });
      return;
    }
    case 'ReviewExtended': {
      const { reviewId, dueOn } = event.data;
      await extendClock(tx, store, reviewClockId(reviewId, round), dueOn, `审理（延长）（至 ${dueOn}）`);
      return;
    }
    case 'CaseReturnedForInvestigation':
      await stopClock(tx, store, reviewClockId(event.data.caseId, round), event.data.returnedOn);
      return;
    case 'SanctionDecided':
      await stopClock(tx, store, reviewClockId(event.data.caseId, round), event.data.decidedOn);
      return;
    case 'ReviewConcludedWithoutSanction':
      await stopClock(tx, store, reviewClockId(event.data.caseId, round), event.data.concludedOn);
      return;
    default:
      return; // the event starts, stops and extends no clock
  }
}
