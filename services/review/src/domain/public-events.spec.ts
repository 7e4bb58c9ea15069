import { reviewPublicEvents, type EventContract } from '@jiandu/contracts';
import type { ReviewEvent } from './review.js';

// Compile-time: each public contract names an event of this service, and that event's data is
// what the contract accepts (its latest version, e.g. SanctionDecided v2 with the cadre id), so the
// relay can publish the data as it is.
type Published = typeof reviewPublicEvents;
type DataOf<K> = Extract<ReviewEvent, { type: K }>['data'];
type ContractOf<K extends keyof Published> = Published[K] extends EventContract<infer T> ? T : never;
type Conforms = {
  [K in keyof Published]: K extends ReviewEvent['type'] ? (DataOf<K> extends ContractOf<K> ? true : false) : false;
};

const conforms: Conforms = {
  CaseReturnedForInvestigation: true,
  SanctionDecided: true,
  ReviewConcludedWithoutSanction: true,
  SanctionEffectEnded: true,
  CommonIssueIdentified: true,
};

describe('Public events of review', () => {
  it('are events of this service whose data the contract accepts', () => {
    expect(Object.keys(conforms).sort()).toEqual(Object.keys(reviewPublicEvents).sort());
  });
});
