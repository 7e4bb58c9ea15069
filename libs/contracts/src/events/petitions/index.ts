import type { EventContract } from '../../registry.js';
import { PetitionTransferredV1 } from './petition-transferred.v1.js';

export * from './petition-transferred.v1.js';

/** Internal event type → its public contract. An event is public iff it is listed here. */
export const petitionsPublicEvents = {
  PetitionTransferred: PetitionTransferredV1,
} as const satisfies Record<string, EventContract>;
