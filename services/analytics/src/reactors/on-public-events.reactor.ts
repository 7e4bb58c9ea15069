// Analytics reads every service's public events: one durable consumer per service, filtered on the
// service's whole subject space (`jiandu.evt.<service>.>`), so the events of one service arrive in
// the order its relay published them (commit order), every type and every version on one consumer
// (ADR 0013). The registry validates each and upcasts it to the latest version; the handler copies
// only ids, codes, dates and counts (domain/ledgers.ts) into the ledgers, with its inbox row.
import type { PoolClient } from 'pg';
import type { ConsumerSpec, IncomingEvent } from '@jiandu/messaging';
import { projectLedgerEvent } from '../projections/ledgers.projection.js';
import { projectRegistryEvent, REGISTRY_TYPES, type RegistryEvent } from '../projections/registry.projection.js';

/** The services whose public events analytics reads. */
export const SOURCE_SERVICES = ['petitions', 'case-management', 'supervision', 'review', 'publicity'] as const;

export const durableFor = (service: string) => `analytics--${service}`;

export async function projectPublicEvent(tx: PoolClient, schema: string, event: IncomingEvent): Promise<void> {
  if (event.service === 'case-management' && REGISTRY_TYPES.includes(event.type)) {
    await projectRegistryEvent(tx, schema, { type: event.type, data: event.data } as RegistryEvent);
    return;
  }
  await projectLedgerEvent(tx, schema, {
    service: event.service,
    type: event.type,
    data: event.data,
    occurredAt: event.metadata.occurredAt,
  });
}

export function onPublicEvents(schema: string, maxDeliver: number): Omit<ConsumerSpec, 'stream'>[] {
  return SOURCE_SERVICES.map((service) => ({
    durable: durableFor(service),
    filterSubjects: [`jiandu.evt.${service}.>`],
    maxDeliver,
    // A version newer than this build knows waits for the upgraded analytics rather than being parked at once.
    unknownVersion: { nakDelayMs: 30_000 },
    // A parked event keeps no body (ClueRegistered carries the accused's name): the stream keeps
    // every public event, and a retry re-publishes the stream's copy.
    parkPayload: 'reference' as const,
    handle: (event: IncomingEvent, tx: PoolClient) => projectPublicEvent(tx, schema, event),
  }));
}
