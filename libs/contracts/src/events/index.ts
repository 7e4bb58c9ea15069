// Public events, one file per event version. A published version is never edited: add v2 and an upcaster.
import type { EventContract } from '../registry.js';
import { caseManagementPublicEvents } from './case-management/index.js';
import { petitionsPublicEvents } from './petitions/index.js';
import { supervisionPublicEvents } from './supervision/index.js';

export * from './case-management/index.js';
export * from './petitions/index.js';
export * from './supervision/index.js';

/** Every public event contract, for registering with a ContractRegistry. */
export const publicEventContracts: readonly EventContract[] = [
  ...Object.values(petitionsPublicEvents),
  ...Object.values(caseManagementPublicEvents),
  ...Object.values(supervisionPublicEvents),
];
