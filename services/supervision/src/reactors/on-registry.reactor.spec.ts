// ClueRegistered v1 and v2 (ADR 0012): both are taken, each on its own durable consumer, decoded
// by the service's own registry (v1 upcast to v2), and the clue's subject is learnt from either.
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { ClueRegisteredV1, ClueRegisteredV2, encodeEnvelope, toEnvelope, type EventContract } from '@jiandu/contracts';
import type { IncomingEvent } from '@jiandu/messaging';
import { supervisionService } from '../main.js';
import { clueRegisteredDurable, onRegistry } from './on-registry.reactor.js';

const registry = supervisionService({}).registry;
const consumers = onRegistry('supervision');

const registered = (position: string, category: string) => ({
  clueId: 'c-p-1',
  number: 'XS-2026-000001',
  source: 'petition' as const,
  sourceRef: 'p-1',
  unitId: 'u-street',
  zoneId: 'z1',
  accused: { name: '张三', position, unitId: 'u-street' },
  category,
  summary: '公款吃喝',
  registeredAt: '2026-09-25T02:00:00.000Z',
});

/** The message as the case-management relay publishes it, decoded as the consumer runner decodes it. */
function incoming<T>(contract: EventContract<T>, data: T): IncomingEvent {
  const eventId = randomUUID();
  const fields = { eventId, occurredAt: new Date().toISOString(), actor: { sub: 'system:cm', name: '案管室', office: 'case-management' }, correlationId: randomUUID(), streamId: 'clue-c-p-1', streamVersion: 1 };
  const decoded = registry.decode(contract.subject, encodeEnvelope(toEnvelope(contract, data, fields)));
  if (!decoded.ok) throw new Error(`${decoded.reason}: ${decoded.detail}`);
  const { envelope } = decoded;
  return {
    eventId,
    subject: contract.subject,
    service: envelope.service,
    type: envelope.type,
    version: decoded.contract.version,
    data: decoded.data as Record<string, unknown>,
    metadata: { actor: envelope.actor, correlationId: envelope.correlationId, occurredAt: envelope.occurredAt },
    streamId: envelope.streamId,
    streamVersion: envelope.streamVersion,
  };
}

/** Handles the message on the consumer that filters on its subject; answers the rows written. */
async function handle<T>(contract: EventContract<T>, data: T): Promise<unknown[][]> {
  const consumer = consumers.find((c) => c.filterSubjects.includes(contract.subject));
  if (!consumer) throw new Error(`no consumer for ${contract.subject}`);
  const written: unknown[][] = [];
  const tx = { query: async (_sql: string, values: unknown[]) => void written.push(values) } as unknown as PoolClient;
  await consumer.handle(incoming(contract, data), tx);
  return written;
}

describe('Supervision learns clue subjects from ClueRegistered, v1 and v2', () => {
  it('takes each version on its own durable consumer, v1 on the one it always had', () => {
    const clue = consumers.filter((c) => c.durable.startsWith('supervision--clue-registered'));
    expect(clue.map((c) => [c.durable, c.filterSubjects])).toEqual([
      ['supervision--clue-registered', ['jiandu.evt.case-management.ClueRegistered.v1']],
      ['supervision--clue-registered-v2', ['jiandu.evt.case-management.ClueRegistered.v2']],
    ]);
    expect(clueRegisteredDurable(ClueRegisteredV2)).toBe('supervision--clue-registered-v2');
  });

  it('learns the subject of a v1 message still in the stream, upcast to v2', async () => {
    expect(incoming(ClueRegisteredV1, registered('主任', '其他')).version).toBe(2);
    expect(await handle(ClueRegisteredV1, registered('主任', '其他'))).toEqual([['c-p-1', '张三', '主任']]);
  });

  it('learns a 150-character position from v2', async () => {
    const position = '某'.repeat(150);
    expect(await handle(ClueRegisteredV2, registered(position, '类'.repeat(60)))).toEqual([['c-p-1', '张三', position]]);
  });
});
