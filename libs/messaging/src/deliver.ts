// Hands an event to a consumer's handler as the consumer runner does: encoded in its envelope,
// decoded and validated by the service's own registry, handled in one transaction. For tests of
// reactors without a broker (the runner itself is tested against real NATS).
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { encodeEnvelope, toEnvelope, type ContractRegistry, type EventContract } from '@jiandu/contracts';
import { withTransaction } from '@jiandu/event-store';
import type { ConsumerSpec, IncomingEvent } from './types.js';

export interface Delivery {
  registry: ContractRegistry;
  pool: Pool;
  /** The service's consumers, found by the subject they filter on. */
  consumers: ReadonlyArray<Pick<ConsumerSpec, 'filterSubjects' | 'handle' | 'prepare'>>;
  actor?: { sub: string; name: string; office: string };
}

export async function deliverEvent<T>(
  { registry, pool, consumers, actor }: Delivery,
  contract: EventContract<T>,
  data: T,
): Promise<void> {
  const envelope = toEnvelope(contract, data, {
    eventId: randomUUID(),
    occurredAt: new Date().toISOString(),
    actor: actor ?? { sub: 'u-test', name: '测试干部', office: 'supervision-office-1' },
    correlationId: randomUUID(),
    streamId: `${contract.type}-test`,
    streamVersion: 1,
  });
  const decoded = registry.decode(contract.subject, encodeEnvelope(envelope));
  if (!decoded.ok) throw new Error(`${decoded.reason}: ${decoded.detail}`);
  const event: IncomingEvent = {
    eventId: envelope.eventId,
    subject: contract.subject,
    service: envelope.service,
    type: envelope.type,
    version: decoded.contract.version,
    data: decoded.data as Record<string, unknown>,
    metadata: { actor: envelope.actor, correlationId: envelope.correlationId, occurredAt: envelope.occurredAt },
    streamId: envelope.streamId,
    streamVersion: envelope.streamVersion,
  };
  const consumer = consumers.find((c) => c.filterSubjects.includes(contract.subject));
  if (!consumer) throw new Error(`no consumer for ${contract.subject}`);
  const prepared = consumer.prepare ? await consumer.prepare(event) : undefined;
  await withTransaction(pool, (tx) => consumer.handle(event, tx, prepared));
}
