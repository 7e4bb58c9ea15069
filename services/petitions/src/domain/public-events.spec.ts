import { petitionsPublicEvents, type EventContract } from '@jiandu/contracts';
import type { PetitionEvent } from './petition.js';

// Compile-time: each public contract names an event of this service, and that event's data is
// what the contract accepts, so the relay can publish the data as it is.
type Published = typeof petitionsPublicEvents;
type DataOf<K> = Extract<PetitionEvent, { type: K }>['data'];
type ContractOf<K extends keyof Published> = Published[K] extends EventContract<infer T> ? T : never;
type Conforms = {
  [K in keyof Published]: K extends PetitionEvent['type'] ? (DataOf<K> extends ContractOf<K> ? true : false) : false;
};

const conforms: Conforms = { PetitionTransferred: true };

describe('Public events of petitions', () => {
  it('are events of this service whose data the contract accepts', () => {
    expect(Object.keys(conforms)).toEqual(Object.keys(petitionsPublicEvents));
  });

  it('never include the registration, which holds the content and the vault reference, or identity reads', () => {
    expect(petitionsPublicEvents).not.toHaveProperty('PetitionRegistered');
    expect(petitionsPublicEvents).not.toHaveProperty('ReporterIdentityRead');
  });
});
