import { caseManagementPublicEvents, type EventContract } from '@jiandu/contracts';
import type { ClueEvent } from './problem-clue.js';
import type { RegistryEvent } from './registry.js';

// Compile-time: each public contract names an event of this service, and that event's data is
// what the contract accepts, so the relay can publish the data as it is.
type DomainEvent = ClueEvent | RegistryEvent;
type Published = typeof caseManagementPublicEvents;
type DataOf<K> = Extract<DomainEvent, { type: K }>['data'];
type ContractOf<K extends keyof Published> = Published[K] extends EventContract<infer T> ? T : never;
type Conforms = {
  [K in keyof Published]: K extends DomainEvent['type'] ? (DataOf<K> extends ContractOf<K> ? true : false) : false;
};

const conforms: Conforms = {
  ClueRegistered: true,
  ClueAssigned: true,
  DispositionProposed: true,
  DispositionApproved: true,
  DispositionRejected: true,
  ZoneRegistered: true,
  UnitRegistered: true,
  UnitAssignedToZone: true,
};

describe('Public events of case-management', () => {
  it('are events of this service whose data the contract accepts', () => {
    expect(Object.keys(conforms).sort()).toEqual(Object.keys(caseManagementPublicEvents).sort());
  });

  it('keep the shelving and closing markers private', () => {
    expect(caseManagementPublicEvents).not.toHaveProperty('ClueShelved');
    expect(caseManagementPublicEvents).not.toHaveProperty('ClueClosed');
  });
});
