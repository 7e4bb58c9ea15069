import type { EventContract } from '../../registry.js';
import { ClueAssignedV1 } from './clue-assigned.v1.js';
import { ClueRegisteredV1 } from './clue-registered.v1.js';
import { DispositionApprovedV1 } from './disposition-approved.v1.js';
import { DispositionProposedV1 } from './disposition-proposed.v1.js';
import { DispositionRejectedV1 } from './disposition-rejected.v1.js';
import { UnitAssignedToZoneV1 } from './unit-assigned-to-zone.v1.js';
import { UnitRegisteredV1 } from './unit-registered.v1.js';
import { ZoneRegisteredV1 } from './zone-registered.v1.js';

export * from './clue-assigned.v1.js';
export * from './clue-registered.v1.js';
export * from './disposition-approved.v1.js';
export * from './disposition-proposed.v1.js';
export * from './disposition-rejected.v1.js';
export * from './unit-assigned-to-zone.v1.js';
export * from './unit-registered.v1.js';
export * from './zone-registered.v1.js';

/** Internal event type → its public contract. An event is public iff it is listed here. */
export const caseManagementPublicEvents = {
  ClueRegistered: ClueRegisteredV1,
  ClueAssigned: ClueAssignedV1,
  DispositionProposed: DispositionProposedV1,
  DispositionApproved: DispositionApprovedV1,
  DispositionRejected: DispositionRejectedV1,
  ZoneRegistered: ZoneRegisteredV1,
  UnitRegistered: UnitRegisteredV1,
  UnitAssignedToZone: UnitAssignedToZoneV1,
} as const satisfies Record<string, EventContract>;
