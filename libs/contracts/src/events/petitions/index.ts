import type { EventContract, Upcaster } from '../../registry.js';
import { PetitionTransferredV1 } from './petition-transferred.v1.js';
import { PetitionTransferredV1ToV2, PetitionTransferredV2 } from './petition-transferred.v2.js';

export * from './petition-transferred.v1.js';
export * from './petition-transferred.v2.js';

/**
 * Internal event type → its public contract, in the version the service writes and publishes (the
 * latest). An event is public iff it is listed here.
 */
export const petitionsPublicEvents = {
  PetitionTransferred: PetitionTransferredV2,
} as const satisfies Record<string, EventContract>;

/** Earlier versions, still in the stream and in the store, and their upcasters to the latest. */
export const petitionsEarlierEvents: readonly EventContract[] = [PetitionTransferredV1];
export const petitionsUpcasters: readonly Upcaster[] = [PetitionTransferredV1ToV2];
