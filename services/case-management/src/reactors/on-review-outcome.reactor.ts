// The end of the case the clue went to: review's SanctionDecided (`to-investigation` → `sanctioned`),
// review's ReviewConcludedWithoutSanction (免予处分 / 不予处分: → `closed`), or supervision's
// CaseFilingRejected (不予立案: → `closed`). The clue follows as
// RecordOutcome, in the consumer's transaction; one durable consumer per subject, so one per published
// version of each event (ADR 0012: v1 keeps the durable it had, v2 is suffixed `-v2`).
import type { PoolClient } from 'pg';
import {
  DomainException,
  reviewPublicEvents,
  supervisionPublicEvents,
  type CaseFilingRejectedV2,
  type ReviewConcludedWithoutSanctionV2,
  type SanctionDecidedV2,
} from '@jiandu/contracts';
import type { PostgresEventStore } from '@jiandu/event-store';
import { PoisonMessageError, type ConsumerSpec, type IncomingEvent } from '@jiandu/messaging';
import { issuedOnEvent, recordOutcome } from '../commands/clue.commands.js';
import type { RecordOutcome } from '../domain/problem-clue.js';
import { OUTCOME_RECORDER, perVersion } from './on-supervision-outcome.reactor.js';

/** The verification's file-case (on another consumer) may not have moved the clue yet: retried, then parked. */
const RETRIED = new Set(['CLUE_WRONG_STATE', 'CLUE_NOT_FOUND']);

export const caseOutcomeFrom = {
  sanctionDecided: ({ clueId, caseId }: SanctionDecidedV2): RecordOutcome['data'] => ({
    clueId,
    ref: caseId,
    source: 'case',
    outcome: 'sanctioned',
  }),
  reviewConcludedWithoutSanction: ({ clueId, caseId }: ReviewConcludedWithoutSanctionV2): RecordOutcome['data'] => ({
    clueId,
    ref: caseId,
    source: 'case',
    outcome: 'no-sanction',
  }),
  caseFilingRejected: ({ clueId, caseId }: CaseFilingRejectedV2): RecordOutcome['data'] => ({
    clueId,
    ref: caseId,
    source: 'case',
    outcome: 'filing-rejected',
  }),
};

type Reactor = Omit<ConsumerSpec, 'stream'>;

export function onReviewOutcomes(store: PostgresEventStore, now: () => Date = () => new Date()): Reactor[] {
  async function record(event: IncomingEvent, tx: PoolClient, data: RecordOutcome['data']): Promise<void> {
    try {
      await recordOutcome(store, tx, data, issuedOnEvent(OUTCOME_RECORDER, event, now()));
    } catch (error) {
      if (error instanceof DomainException && !RETRIED.has(error.error.code)) throw new PoisonMessageError(error.message);
      throw error;
    }
  }
  return [
    ...perVersion('case-management--sanction-decided', reviewPublicEvents.SanctionDecided, (event, tx) =>
      record(event, tx, caseOutcomeFrom.sanctionDecided(event.data as SanctionDecidedV2)),
    ),
    ...perVersion(
      'case-management--review-concluded-without-sanction',
      reviewPublicEvents.ReviewConcludedWithoutSanction,
      (event, tx) =>
        record(event, tx, caseOutcomeFrom.reviewConcludedWithoutSanction(event.data as ReviewConcludedWithoutSanctionV2)),
    ),
    ...perVersion('case-management--case-filing-rejected', supervisionPublicEvents.CaseFilingRejected, (event, tx) =>
      record(event, tx, caseOutcomeFrom.caseFilingRejected(event.data as CaseFilingRejectedV2)),
    ),
  ];
}
