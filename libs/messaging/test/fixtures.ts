// Shared set-up for the messaging tests: a store with events, a JetStream stream of the test's own,
// and a way to read every message id back out of it.
import { Type } from '@sinclair/typebox';
import { ContractRegistry, defineEvent } from '@jiandu/contracts';
import type { EventStore, NewEvent } from '@jiandu/event-store';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../src/types.js';

export const SERVICE = 'petitions';
export const PUBLIC_TYPE = 'ThingHappened';
export const PRIVATE_TYPE = 'NoteTaken';

export const thingHappenedV1 = defineEvent({
  service: SERVICE,
  type: PUBLIC_TYPE,
  version: 1,
  schema: Type.Object({ n: Type.Integer({ minimum: 0 }) }),
});

export function testRegistry(): ContractRegistry {
  return new ContractRegistry().register(thingHappenedV1);
}

/** Silent unless DEBUG_TESTS is set; collects what was logged for assertions. */
export function testLogger(): Logger & { lines: { level: string; obj: object; msg?: string }[] } {
  const lines: { level: string; obj: object; msg?: string }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => {
    lines.push({ level, obj, msg });
    if (process.env['DEBUG_TESTS']) console.log(new Date().toISOString(), level, msg, JSON.stringify(obj));
  };
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

function event(type: string, n: number): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    data: { n },
    metadata: {
      actor: { sub: 'u1', name: 'Tester', office: 'xfs', roles: ['clerk'] },
      correlationId: randomUUID(),
      occurredAt: new Date(Date.UTC(2025, 0, 1)).toISOString(),
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    },
  };
}

/** Appends `total` events over streams of `perStream`; every `privateEvery`-th one is private. */
export async function appendEvents(
  store: EventStore,
  total: number,
  { perStream = 50, privateEvery = 10, offset = 0 } = {},
): Promise<{ publicIds: string[]; privateIds: string[] }> {
  const publicIds: string[] = [];
  const privateIds: string[] = [];
  for (let start = 0; start < total; start += perStream) {
    const batch: NewEvent[] = [];
    for (let i = start; i < Math.min(total, start + perStream); i++) {
      const n = offset + i;
      const isPrivate = privateEvery > 0 && n % privateEvery === privateEvery - 1;
      const e = event(isPrivate ? PRIVATE_TYPE : PUBLIC_TYPE, n);
      (isPrivate ? privateIds : publicIds).push(e.eventId as string);
      batch.push(e);
    }
    await store.append(`thing-${randomUUID()}`, batch, 'no-stream');
  }
  return { publicIds, privateIds };
}

/** Every Nats-Msg-Id in the stream, in stream order, read with an ordered consumer. */
export async function streamMessageIds(nc: NatsConnection, stream: string): Promise<string[]> {
  const info = await (await jetstreamManager(nc)).streams.info(stream);
  const total = info.state.messages;
  const ids: string[] = [];
  if (total === 0) return ids;
  const consumer = await jetstream(nc).consumers.get(stream);
  const messages = await consumer.consume();
  for await (const m of messages) {
    ids.push(m.headers?.get('Nats-Msg-Id') ?? '');
    if (ids.length >= total) break;
  }
  await messages.close();
  return ids;
}

export function duplicates(ids: string[]): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
}

export function missing(expected: string[], actual: string[]): string[] {
  const have = new Set(actual);
  return expected.filter((id) => !have.has(id));
}

export function testNamespace(): string {
  return `t${randomUUID().replaceAll('-', '').slice(0, 12)}`;
}
