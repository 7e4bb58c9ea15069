// PetitionTransferred (信访室) becomes RegisterClue here: the clue is numbered, routed to the office
// of the accused unit's zone, and put in the ledger, in the consumer's transaction together with
// the inbox row (the runner's), so the message is acked only once the clue is registered.
import { petitionsPublicEvents, type PetitionTransferredV1 } from '@jiandu/contracts';
import type { PostgresEventStore } from '@jiandu/event-store';
import { PoisonMessageError, type ConsumerSpec } from '@jiandu/messaging';
import type { ClueClockConfig } from '../domain/deadlines.js';
import { hasClueId, issuedOnEvent, registerClue, type SystemActor } from '../commands/clue.commands.js';

/** 案管 registers a transferred petition itself; the transfer's own actor is in the petitions store. */
export const REGISTRAR = { sub: 'system:case-management', name: '案管室自动登记', office: 'case-management' } satisfies SystemActor;

export function onPetitionTransferred(store: PostgresEventStore, clock: ClueClockConfig, now: () => Date = () => new Date()): Omit<ConsumerSpec, 'stream'> {
  return {
    durable: 'case-management--petition-transferred',
    filterSubjects: [petitionsPublicEvents.PetitionTransferred.subject],
    maxDeliver: 8,
    async handle(event, tx) {
      // Decoded and validated against PetitionTransferredV1 by the consumer runner.
      const transferred = event.data as PetitionTransferredV1;
      // No delivery can ever register it: parked at once, for 案管 to see.
      if (!hasClueId(transferred.petitionId)) throw new PoisonMessageError(`petition ${transferred.petitionId} makes no addressable clue id`);
      await registerClue(store, tx, transferred, issuedOnEvent(REGISTRAR, event, now()), clock);
    },
  };
}
