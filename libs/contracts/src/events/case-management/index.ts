import type { EventContract, Upcaster } from '../../registry.js';
import { ClueAssignedV1 } from './clue-assigned.v1.js';
import { ClueLinkedToCadreV2 } from './clue-linked-to-cadre.v2.js';
import { ClueOutcomeRecordedV1 } from './clue-outcome-recorded.v1.js';
import { ClueRegisteredV1 } from './clue-registered.v1.js';
import { ClueRegisteredV1ToV2, ClueRegisteredV2 } from './clue-registered.v2.js';
import { ClueReactivatedV1 } from './clue-reactivated.v1.js';
import { ClueRegisteredV2ToV3, ClueRegisteredV3 } from './clue-registered.v3.js';
import { ClueRegisteredV3ToV4, ClueRegisteredV4 } from './clue-registered.v4.js';
import { DispositionApprovedV1 } from './disposition-approved.v1.js';
import { DispositionProposedV1 } from './disposition-proposed.v1.js';
import { DispositionRejectedV1 } from './disposition-rejected.v1.js';
import { IntegrityEntryAppendedV1 } from './integrity-entry-appended.v1.js';
import { IntegrityEntryAppendedV1ToV2, IntegrityEntryAppendedV2 } from './integrity-entry-appended.v2.js';
import { IntegrityFileCompletedV1 } from './integrity-file-completed.v1.js';
import { IntegrityFileOpenedV1 } from './integrity-file-opened.v1.js';
import { UnitAssignedToZoneV1 } from './unit-assigned-to-zone.v1.js';
import { UnitRegisteredV1 } from './unit-registered.v1.js';
import { ZoneRegisteredV1 } from './zone-registered.v1.js';

export * from './clue-assigned.v1.js';
export * from './clue-linked-to-cadre.v2.js';
export * from './clue-outcome-recorded.v1.js';
export * from './clue-registered.v1.js';
export * from './clue-registered.v2.js';
export * from './clue-reactivated.v1.js';
export * from './clue-registered.v3.js';
export * from './clue-registered.v4.js';
export * from './disposition-approved.v1.js';
export * from './disposition-proposed.v1.js';
export * from './disposition-rejected.v1.js';
export * from './integrity-entry-appended.v1.js';
export * from './integrity-entry-appended.v2.js';
export * from './integrity-file-completed.v1.js';
export * from './integrity-file-opened.v1.js';
export * from './unit-assigned-to-zone.v1.js';
export * from './unit-registered.v1.js';
export * from './zone-registered.v1.js';

/**
 * Internal event type → its public contract, in the version the service writes and publishes (the
 * latest). An event is public iff it is listed here.
 */
export const caseManagementPublicEvents = {
  ClueRegistered: ClueRegisteredV4,
  ClueAssigned: ClueAssignedV1,
  ClueReactivated: ClueReactivatedV1,
  DispositionProposed: DispositionProposedV1,
  DispositionApproved: DispositionApprovedV1,
  DispositionRejected: DispositionRejectedV1,
  ZoneRegistered: ZoneRegisteredV1,
  UnitRegistered: UnitRegisteredV1,
  UnitAssignedToZone: UnitAssignedToZoneV1,
  IntegrityFileOpened: IntegrityFileOpenedV1,
  IntegrityEntryAppended: IntegrityEntryAppendedV2,
  IntegrityFileCompleted: IntegrityFileCompletedV1,
  ClueLinkedToCadre: ClueLinkedToCadreV2,
  ClueOutcomeRecorded: ClueOutcomeRecordedV1,
} as const satisfies Record<string, EventContract>;

/** Earlier versions, still in the stream and in the store, and their upcasters to the latest. */
export const caseManagementEarlierEvents: readonly EventContract[] = [
  ClueRegisteredV1,
  ClueRegisteredV2,
  ClueRegisteredV3,
  IntegrityEntryAppendedV1,
];
export const caseManagementUpcasters: readonly Upcaster[] = [
  ClueRegisteredV1ToV2,
  ClueRegisteredV2ToV3,
  ClueRegisteredV3ToV4,
  IntegrityEntryAppendedV1ToV2,
];
