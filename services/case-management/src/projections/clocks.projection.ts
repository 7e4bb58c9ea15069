// The clocks the clue register's events start and stop (libs/deadlines), written in the command's
// transaction beside the events. The 30-day disposition clock (实施办法 六(四); DOMAIN.md: a
// disposition proposed within 30 days of receipt) starts when the clue is assigned, starts anew when
// a clearance round reactivates a shelved clue, and stops when a disposition is proposed (the
// measured act; a late proposal leaves it breached). A clearance round's item is reviewed by its
// office by the round's due date: one clock per item, stopped by the review.
import type { PoolClient } from 'pg';
import { localDate } from '@jiandu/decision';
import { ruleText, startClock, stopClock, type ClockEvents } from '@jiandu/deadlines';
import type { ClearanceEvent } from '../domain/clearance-round.js';
import type { ClueEvent, ProblemClue } from '../domain/problem-clue.js';

export const DISPOSITION_CLOCK = 'clue-disposition';
export const CLEARANCE_CLOCK = 'clearance-review';

/** The first disposition clock of a clue, and the one each reactivation starts. */
export const dispositionClockId = (clueId: string, roundId?: string) =>
  roundId === undefined ? `${DISPOSITION_CLOCK}:${clueId}` : `${DISPOSITION_CLOCK}:${clueId}:${roundId}`;
export const clearanceClockId = (roundId: string, clueId: string) => `${CLEARANCE_CLOCK}:${roundId}:${clueId}`;

export interface ClockLimits {
  /** CLUE_DISPOSITION_DAYS: the rule's text, the due date itself is the event's. */
  dispositionDays: number;
  /** CLEARANCE_REVIEW_DAYS. */
  clearanceReviewDays: number;
}

/** Starts and stops the clue's clocks its new `events` call for; `state`: the clue after them. */
export async function projectClueClocks(
  tx: PoolClient,
  store: ClockEvents,
  events: readonly ClueEvent[],
  state: ProblemClue,
  at: Date,
  limits: Pick<ClockLimits, 'dispositionDays'>,
): Promise<void> {
  const today = localDate(at);
  const disposition = (clueId: string, dueOn: string, office: string, unitId: string, roundId?: string) =>
    startClock(tx, store, {
      id: dispositionClockId(clueId, roundId),
      measures: DISPOSITION_CLOCK,
      rule: ruleText('线索提出处置意见', { days: limits.dispositionDays }),
      limit: { days: limits.dispositionDays },
      startedOn: today,
      dueOn,
      subject: clueId,
      office,
      unitId,
    });
  for (const event of events) {
    switch (event.type) {
      case 'ClueAssigned':
        await disposition(event.data.clueId, event.data.dispositionDeadline, event.data.assignedOffice, event.data.unitId);
        break;
      case 'ClueReactivated': {
        if (state.status !== 'Reactivated') break;
        const { clueId, dispositionDeadline, roundId } = event.data;
        await disposition(clueId, dispositionDeadline, state.assignedOffice, state.unitId, roundId);
        break;
      }
      case 'DispositionProposed': {
        const { rows } = await tx.query<{ id: string }>(
          `SELECT id FROM ${store.schema}.clocks WHERE subject = $1 AND measures = $2 AND stopped_on IS NULL AND state <> 'met'`,
          [event.data.clueId, DISPOSITION_CLOCK],
        );
        for (const { id } of rows) await stopClock(tx, store, id, today);
        break;
      }
      default:
        break;
    }
  }
}

/** Starts a clock per item when a round opens; stops an item's when it is reviewed. */
export async function projectClearanceClocks(
  tx: PoolClient,
  store: ClockEvents,
  events: readonly ClearanceEvent[],
  at: Date,
  limits: Pick<ClockLimits, 'clearanceReviewDays'>,
): Promise<void> {
  const today = localDate(at);
  for (const event of events) {
    switch (event.type) {
      case 'ClearanceRoundOpened':
        for (const item of event.data.items) {
          await startClock(tx, store, {
            id: clearanceClockId(event.data.roundId, item.clueId),
            measures: CLEARANCE_CLOCK,
            rule: ruleText('定期清理复核', { days: limits.clearanceReviewDays }),
            limit: { days: limits.clearanceReviewDays },
            startedOn: today,
            dueOn: event.data.dueOn,
            subject: item.clueId,
            office: item.office,
          });
        }
        break;
      case 'ClueSweepReviewed':
        await stopClock(tx, store, clearanceClockId(event.data.roundId, event.data.clueId), today);
        break;
      default:
        break;
    }
  }
}
