// Public events, one file per event version. A published version is never edited: add v2 and an upcaster.
import type { ContractRegistry, EventContract, Upcaster } from '../registry.js';
import { caseManagementEarlierEvents, caseManagementPublicEvents, caseManagementUpcasters } from './case-management/index.js';
import { petitionsEarlierEvents, petitionsPublicEvents, petitionsUpcasters } from './petitions/index.js';
import { supervisionEarlierEvents, supervisionPublicEvents, supervisionUpcasters } from './supervision/index.js';
import { reviewEarlierEvents, reviewPublicEvents, reviewUpcasters } from './review/index.js';
import { publicityPublicEvents } from './publicity/index.js';

export * from './case-management/index.js';
export * from './petitions/index.js';
export * from './widening.js';
export * from './supervision/index.js';
export * from './review/index.js';
export * from './publicity/index.js';

/** Every public event contract in its latest version: what the services write and publish today. */
export const latestPublicEvents: readonly EventContract[] = [
  ...Object.values(petitionsPublicEvents),
  ...Object.values(caseManagementPublicEvents),
  ...Object.values(supervisionPublicEvents),
  ...Object.values(reviewPublicEvents),
  ...Object.values(publicityPublicEvents),
];

/** Earlier versions of public events: still in the stream and in the stores, decoded and upcast. */
const earlierPublicEvents: readonly EventContract[] = [
  ...petitionsEarlierEvents,
  ...caseManagementEarlierEvents,
  ...supervisionEarlierEvents,
  ...reviewEarlierEvents,
];

/** Every public event contract in every published version, for registering with a ContractRegistry. */
export const publicEventContracts: readonly EventContract[] = [...latestPublicEvents, ...earlierPublicEvents];

/** Every upcaster between published versions (vN → vN+1). */
export const publicEventUpcasters: readonly Upcaster[] = [
  ...petitionsUpcasters,
  ...caseManagementUpcasters,
  ...supervisionUpcasters,
  ...reviewUpcasters,
];

const sameEvent = (a: { service: string; type: string }, b: { service: string; type: string }) =>
  a.service === b.service && a.type === b.type;

/**
 * Lets `registry` decode every published version of the public events registered with it: their
 * earlier versions (each checked against its own contract) and the upcasters to the latest. A
 * service registers the latest contracts it writes or reads, then calls this.
 */
export function withEarlierVersions(registry: ContractRegistry): ContractRegistry {
  const known = (event: { service: string; type: string }) => registry.contract(event.service, event.type) !== undefined;
  registry.register(...earlierPublicEvents.filter(known));
  for (const upcaster of publicEventUpcasters.filter(known)) registry.registerUpcaster(upcaster);
  return registry;
}

/**
 * Every published version of a public event, oldest first. A consumer takes each one on its own
 * durable consumer (nats-server 2.9: one filter subject per consumer, and a changed filter skips
 * what is pending), and the registry hands every version to its handler upcast to the latest.
 */
export function publishedVersions(latest: EventContract): EventContract[] {
  return publicEventContracts.filter((c) => sameEvent(c, latest)).sort((a, b) => a.version - b.version);
}
