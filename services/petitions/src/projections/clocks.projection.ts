// The petition clocks (libs/deadlines) the petition's events start and stop, in the same
// transaction as the events (the result-feedback clock is started where the petition is concluded,
// commands/petition.commands.ts):
// - 受理或转送: accepted, refused, forwarded up or down, or filed as a duplicate within 5 working
//   days of registration;
// - 实名举报受理告知: a real-name reporter told how the petition was taken up within 15 working days
//   of registration. No notice is owed for a duplicate or a confirmed repeat: filing or confirming
//   it stops the clock on that day.
import type { PoolClient } from 'pg';
import { getClock, ruleText, startClock, stopClock, type ClockEvents } from '@jiandu/deadlines';
import { PETITION_OFFICE, petitionStream, type PetitionEvent, type Registered } from '../domain/petition.js';

export interface PetitionClockRules {
  /** PETITION_DECISION_WORKING_DAYS: accept or forward within these working days of registration. */
  decisionWorkingDays: number;
  /** PETITION_NOTICE_WORKING_DAYS: the real-name reporter's acceptance notice. */
  noticeWorkingDays: number;
}

export const DEFAULT_CLOCK_RULES: PetitionClockRules = { decisionWorkingDays: 5, noticeWorkingDays: 15 };

export const decisionClockId = (petitionId: string) => `petition-decision-${petitionId}`;
export const noticeClockId = (petitionId: string) => `petition-notice-${petitionId}`;

/** Stops a running clock; a petition of before the clocks has none. */
async function stop(tx: PoolClient, store: ClockEvents, id: string, on: string): Promise<void> {
  const clock = await getClock(tx, store.schema, id);
  if (clock?.state === 'running') await stopClock(tx, store, id, on);
}

export async function projectPetitionClocks(
  tx: PoolClient,
  store: ClockEvents,
  event: PetitionEvent,
  state: Registered,
  today: string,
  rules: PetitionClockRules,
): Promise<void> {
  const owner = { subject: petitionStream(state.petitionId), office: PETITION_OFFICE, unitId: state.accused.unitId };
  switch (event.type) {
    case 'PetitionRecorded': {
      const decision = { workingDays: rules.decisionWorkingDays };
      await startClock(tx, store, {
        id: decisionClockId(state.petitionId),
        measures: 'petition-decision',
        rule: ruleText('信访件受理或转送', decision),
        limit: decision,
        startedOn: today,
        ...owner,
      });
      if (!event.data.realName) return;
      const notice = { workingDays: rules.noticeWorkingDays };
      await startClock(tx, store, {
        id: noticeClockId(state.petitionId),
        measures: 'petition-acceptance-notice',
        rule: ruleText('实名举报受理告知', notice),
        limit: notice,
        startedOn: today,
        ...owner,
      });
      return;
    }
    case 'PetitionAccepted':
    case 'PetitionNotAccepted':
    case 'PetitionForwardedToSuperior':
    case 'PetitionForwardedToSubordinate':
      await stop(tx, store, decisionClockId(state.petitionId), today);
      return;
    case 'DuplicatePetitionFiled':
      await stop(tx, store, decisionClockId(state.petitionId), today);
      await stop(tx, store, noticeClockId(state.petitionId), today);
      return;
    case 'RepeatConfirmed':
    case 'AcceptanceNotified':
      await stop(tx, store, noticeClockId(state.petitionId), today);
      return;
    default:
      return;
  }
}
