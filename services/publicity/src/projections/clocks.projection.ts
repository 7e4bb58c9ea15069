// The publicity clocks (libs/deadlines), started and stopped in the same transaction as the events:
// the reply to an opinion request (10 working days by default) and the assessment of a 舆情 item
// (PUBLIC_OPINION_ASSESS_WORKING_DAYS): an item not assessed in time is on the clock board.
import type { PoolClient } from 'pg';
import { ruleText, startClock, stopClock, type ClockEvents } from '@jiandu/deadlines';
import type { OpinionEvent } from '../domain/opinion-request.js';
import type { PublicOpinionEvent } from '../domain/public-opinion.js';
import type { PublicityServiceConfig } from '../config.js';

export const opinionClockId = (requestId: string): string => `opinion-reply-${requestId}`;
export const assessmentClockId = (itemId: string): string => `public-opinion-assessment-${itemId}`;
const OFFICE = 'publicity-dept';

export async function projectClockEvent(
  tx: PoolClient,
  store: ClockEvents,
  event: OpinionEvent | PublicOpinionEvent,
  config: PublicityServiceConfig,
): Promise<void> {
  switch (event.type) {
    case 'OpinionRequested': {
      const limit = { workingDays: config.opinion.replyWorkingDays };
      const { requestId, receivedOn } = event.data;
      await startClock(tx, store, {
        id: opinionClockId(requestId),
        measures: 'opinion-reply',
        rule: ruleText('廉政意见回复', limit),
        limit,
        startedOn: receivedOn,
        subject: requestId,
        office: OFFICE,
      });
      return;
    }
    case 'OpinionReplied':
      // one per candidate: the first stops the clock, the others find it stopped
      await stopClock(tx, store, opinionClockId(event.data.requestId), event.data.repliedOn);
      return;
    case 'PublicOpinionCollected': {
      const limit = { workingDays: config.publicOpinion.assessWorkingDays };
      const { itemId, collectedOn, unitId } = event.data;
      await startClock(tx, store, {
        id: assessmentClockId(itemId),
        measures: 'public-opinion-assessment',
        rule: ruleText('舆情研判', limit),
        limit,
        startedOn: collectedOn,
        subject: itemId,
        office: OFFICE,
        unitId,
      });
      return;
    }
    case 'PublicOpinionAssessed':
      await stopClock(tx, store, assessmentClockId(event.data.itemId), event.data.assessedOn);
      return;
    default:
      return; // the event starts and stops no clock
  }
}
