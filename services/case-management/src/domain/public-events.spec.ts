import { caseManagementPublicEvents, type EventContract } from '@jiandu/contracts';
import type { CadreEvent } from './integrity-file.js';
import type { ClueEvent } from './problem-clue.js';
import type { RegistryEvent } from './registry.js';

// Compile-time: each public contract names an event of this service, and that event's data is
// what the contract accepts, so the relay can publish the data as it is.
type DomainEvent = ClueEvent | RegistryEvent | CadreEvent;
type Published = typeof caseManagementPublicEvents;
type DataOf<K> = Extract<DomainEvent, { type: K }>['data'];
type ContractOf<K extends keyof Published> = Published[K] extends EventContract<infer T> ? T : never;
type Conforms = {
  [K in keyof Published]: K extends DomainEvent['type'] ? (DataOf<K> extends ContractOf<K> ? true : false) : false;
};

const conforms: Conforms = {
  ClueRegistered: true,
  ClueAssigned: true,
  ClueReactivated: true,
  DispositionProposed: true,
  DispositionApproved: true,
  DispositionRejected: true,
  ZoneRegistered: true,
  UnitRegistered: true,
  UnitAssignedToZone: true,
  IntegrityFileOpened: true,
  IntegrityEntryAppended: true,
  IntegrityFileCompleted: true,
  ClueLinkedToCadre: true,
  ClueOutcomeRecorded: true,
};

describe('Public events of case-management', () => {
  it('are events of this service whose data the contract accepts', () => {
    expect(Object.keys(conforms).sort()).toEqual(Object.keys(caseManagementPublicEvents).sort());
  });

  it("publish the outcome of the clue's handling as it is stored: ids, the number and codes, no text", () => {
    const outcome = {
      clueId: 'c-1',
      number: 'XS-2026-000001',
      ref: 'INQ-1',
      source: 'inquiry',
      outcome: 'accepted',
      status: 'Closed',
    } satisfies DataOf<'ClueOutcomeRecorded'>;
    expect(caseManagementPublicEvents.ClueOutcomeRecorded.errors(outcome)).toEqual([]);
    expect(caseManagementPublicEvents.ClueOutcomeRecorded.version).toBe(1);
    expect(caseManagementPublicEvents.ClueOutcomeRecorded.errors({ ...outcome, note: '谈话内容' })).not.toEqual([]);
  });

  it("keep the shelving and closing markers and the accused's name private", () => {
    expect(caseManagementPublicEvents).not.toHaveProperty('ClueSubjectRecorded');
    expect(caseManagementPublicEvents).not.toHaveProperty('ClueShelved');
    expect(caseManagementPublicEvents).not.toHaveProperty('ClueClosed');
  });

  it("keep the cadre's particulars (the name, the staff accounts) and every access to a file private", () => {
    for (const type of [
      'CadreRegistered',
      'IntegrityFileAccessRequested',
      'IntegrityFileAccessApproved',
      'IntegrityFileAccessRejected',
      'IntegrityFileAccessed',
      'IntegrityFileAccessRefused',
    ])
      expect(caseManagementPublicEvents).not.toHaveProperty(type);
  });
});
