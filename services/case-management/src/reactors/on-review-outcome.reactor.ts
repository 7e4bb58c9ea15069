// Review's SanctionDecided ends the case the clue went to: the clue follows (`to-investigation` →
// `sanctioned`) as RecordOutcome, in the consumer's transaction. A case that ends without a sanction
// has no public event yet; when review publishes one, it is one more outcome here.
import type { PoolClient } from 'pg';
import { DomainException, reviewPublicEvents, type SanctionDecidedV1 } from '@jiandu/contracts';
import type { PostgresEventStore } from '@jiandu/event-store';
import { PoisonMessageError, type ConsumerSpec } from '@jiandu/messaging';
import { issuedOnEvent, recordOutcome } from '../commands/clue.commands.js';
import type { RecordOutcome } from '../domain/problem-clue.js';
import { OUTCOME_RECORDER } from './on-supervision-outcome.reactor.js';

/** The verification's file-case (on another consumer) may not have moved the clue yet: retried, then parked. */
const RETRIED = new Set(['CLUE_WRONG_STATE', 'CLUE_NOT_FOUND']);

export const caseOutcomeFrom = {
  sanctionDecided: ({ clueId, caseId }: SanctionDecidedV1): RecordOutcome['data'] => ({
    clueId,
    ref: caseId,
    source: 'case',
    outcome: 'sanctioned',
  }),
};

type Reactor = Omit<ConsumerSpec, 'stream'>;

export function onReviewOutcomes(store: PostgresEventStore, now: () => Date = () => new Date()): Reactor[] {
  return [
    {
      durable: 'case-management--sanction-decided',
      filterSubjects: [reviewPublicEvents.SanctionDecided.subject],
      handle: async (event, tx: PoolClient) => {
        const data = caseOutcomeFrom.sanctionDecided(event.data as SanctionDecidedV1);
        try {
          await recordOutcome(store, tx, data, issuedOnEvent(OUTCOME_RECORDER, event, now()));
        } catch (error) {
          if (error instanceof DomainException && !RETRIED.has(error.error.code)) throw new PoisonMessageError(error.message);
          throw error;
        }
      },
    },
  ];
}
