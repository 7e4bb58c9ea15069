// PetitionTransferred (信访室) becomes RegisterClue here: the clue is numbered, routed to the office
// of the accused unit's zone, and put in the ledger, in the consumer's transaction together with
// the inbox row (the runner's), so the message is acked only once the clue is registered.
// PetitionTransferred v4 names no one (ADR 0018): the accused's name, for 案管's private record, is
// asked of 信访室 (petition-accused.ts) before the transaction opens. If it does not answer in time,
// the message is nak'd and asked again with a growing delay (PETITIONS_WAIT): the clue is never
// registered without the name.
//
// One durable consumer per published version (ADR 0012): v1 keeps the consumer it always had, so
// a v1 message still in the stream is handled after the upgrade; v2 gets its own. nats-server 2.9
// takes one filter subject per consumer, and changing a consumer's filter skips what is pending.
import { petitionsPublicEvents, publishedVersions, type EventContract, type PetitionTransferredV4 } from '@jiandu/contracts';
import type { PostgresEventStore } from '@jiandu/event-store';
import { PoisonMessageError, type ConsumerSpec, type DependencyWait } from '@jiandu/messaging';
import type { ClueClockConfig } from '../domain/deadlines.js';
import { hasClueId, issuedOnEvent, registerClue, type SystemActor } from '../commands/clue.commands.js';
import type { AccusedNames } from './petition-accused.js';

/** 案管 registers a transferred petition itself; the transfer's own actor is in the petitions store. */
export const REGISTRAR = {
  sub: 'system:case-management',
  name: '案管室自动登记',
  office: 'case-management',
} satisfies SystemActor;

/**
 * 信访室 away: asked again after 1 s, doubling to 10 min, for up to 1,000 deliveries (about 7 days:
 * 17 min to reach the cap, then 989 waits of 10 min) before the transfer is parked; other failures
 * (a unit not registered) are parked after the consumer's 8 deliveries.
 */
export const PETITIONS_WAIT: DependencyWait = { baseMs: 1_000, capMs: 600_000, maxDeliver: 1_000 };

/** v1's durable keeps its name (and so its place in the stream); a later version's is suffixed. */
export const petitionTransferredDurable = ({ version }: Pick<EventContract, 'version'>) =>
  version === 1 ? 'case-management--petition-transferred' : `case-management--petition-transferred-v${version}`;

export function onPetitionTransferred(
  store: PostgresEventStore,
  clock: ClueClockConfig,
  accusedNames: AccusedNames,
  now: () => Date = () => new Date(),
): Omit<ConsumerSpec<string>, 'stream'>[] {
  return publishedVersions(petitionsPublicEvents.PetitionTransferred).map((contract) => ({
    durable: petitionTransferredDurable(contract),
    filterSubjects: [contract.subject],
    maxDeliver: 8,
    dependency: PETITIONS_WAIT,
    // Before the transaction: no pooled connection waits on 信访室 (up to PETITIONS_RPC_TIMEOUT_MS).
    async prepare(event) {
      // Decoded, validated against its own version and upcast to the latest (v4: coded categories,
      // the text as written when there was one, no name) by the consumer runner.
      const transferred = event.data as PetitionTransferredV4;
      // No delivery can ever register it: parked at once, for 案管 to see.
      if (!hasClueId(transferred.petitionId))
        throw new PoisonMessageError(`petition ${transferred.petitionId} makes no addressable clue id`);
      // AccusedNameUnavailable when 信访室 does not answer: nak'd, asked again later (PETITIONS_WAIT).
      return accusedNames(transferred.petitionId, event.metadata.correlationId);
    },
    async handle(event, tx, name) {
      const transferred = event.data as PetitionTransferredV4;
      const accused = { name, position: transferred.accused.position, unitId: transferred.accused.unitId };
      await registerClue(store, tx, { ...transferred, accused }, issuedOnEvent(REGISTRAR, event, now()), clock);
    },
  }));
}
