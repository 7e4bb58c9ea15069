import type { EventContract, Upcaster } from '../../registry.js';
import { AcceptanceNotifiedV1 } from './acceptance-notified.v1.js';
import { DuplicatePetitionFiledV1 } from './duplicate-petition-filed.v1.js';
import { PetitionAcceptedV2 } from './petition-accepted.v2.js';
import { PetitionForwardedToSubordinateV1 } from './petition-forwarded-to-subordinate.v1.js';
import { PetitionForwardedToSuperiorV1 } from './petition-forwarded-to-superior.v1.js';
import { PetitionNotAcceptedV2 } from './petition-not-accepted.v2.js';
import { PetitionRegisteredV2 } from './petition-registered.v2.js';
import { PetitionScreenedV1 } from './petition-screened.v1.js';
import { PetitionTransferredV1 } from './petition-transferred.v1.js';
import { PetitionTransferredV1ToV2, PetitionTransferredV2 } from './petition-transferred.v2.js';
import { PetitionTransferredV2ToV3, PetitionTransferredV3 } from './petition-transferred.v3.js';
import { PetitionTransferredV3ToV4, PetitionTransferredV4 } from './petition-transferred.v4.js';

export * from './acceptance-notified.v1.js';
export * from './announced-facts.v1.js';
export * from './duplicate-petition-filed.v1.js';
export * from './petition-accepted.v2.js';
export * from './petition-forwarded-to-subordinate.v1.js';
export * from './petition-forwarded-to-superior.v1.js';
export * from './petition-not-accepted.v2.js';
export * from './petition-registered.v2.js';
export * from './petition-screened.v1.js';
export * from './petition-transferred.v1.js';
export * from './petition-transferred.v2.js';
export * from './petition-transferred.v3.js';
export * from './petition-transferred.v4.js';

/**
 * Internal event type → its public contract, in the version the service writes and publishes (the
 * latest). An event is public iff it is listed here, and its data is the public data as it is: the
 * petition service's private facts (the accused, the content, notes) are events of other types.
 *
 * PetitionRegistered, PetitionAccepted and PetitionNotAccepted start at v2: their v1 was the
 * service's private record of before the public contracts (with the accused and the content), still
 * in the store and never published. No v1 contract exists, so the relay never publishes one
 * (libs/messaging relay: a listed type is public only at a version its registry knows).
 */
export const petitionsPublicEvents = {
  PetitionRegistered: PetitionRegisteredV2,
  PetitionScreened: PetitionScreenedV1,
  PetitionAccepted: PetitionAcceptedV2,
  PetitionNotAccepted: PetitionNotAcceptedV2,
  PetitionForwardedToSuperior: PetitionForwardedToSuperiorV1,
  PetitionForwardedToSubordinate: PetitionForwardedToSubordinateV1,
  DuplicatePetitionFiled: DuplicatePetitionFiledV1,
  AcceptanceNotified: AcceptanceNotifiedV1,
  PetitionTransferred: PetitionTransferredV4,
} as const satisfies Record<string, EventContract>;

/** Earlier versions, still in the stream and in the store, and their upcasters to the latest. */
export const petitionsEarlierEvents: readonly EventContract[] = [
  PetitionTransferredV1,
  PetitionTransferredV2,
  PetitionTransferredV3,
];
export const petitionsUpcasters: readonly Upcaster[] = [
  PetitionTransferredV1ToV2,
  PetitionTransferredV2ToV3,
  PetitionTransferredV3ToV4,
];
