// The JSON body of every message on JIANDU_EVENTS. Headers: Nats-Msg-Id = eventId, and
// traceparent when there is one.
import { Type, type Static } from '@sinclair/typebox';
import { compileValidator, object } from './validation.js';
import type { EventContract } from './registry.js';

export const EnvelopeActor = object({
  sub: Type.String({ minLength: 1 }),
  name: Type.String({ minLength: 1 }),
  office: Type.String({ minLength: 1 }),
});
export type EnvelopeActor = Static<typeof EnvelopeActor>;

export const Envelope = object({
  eventId: Type.String({ format: 'uuid' }),
  type: Type.String({ minLength: 1 }),
  version: Type.Integer({ minimum: 1 }),
  occurredAt: Type.String({ format: 'date-time' }),
  actor: EnvelopeActor,
  correlationId: Type.String({ minLength: 1 }),
  causationId: Type.Optional(Type.String({ minLength: 1 })),
  service: Type.String({ minLength: 1 }),
  streamId: Type.String({ minLength: 1 }),
  streamVersion: Type.Integer({ minimum: 1 }),
  // Checked separately, against the event's own contract.
  data: Type.Record(Type.String(), Type.Unknown()),
});
export type Envelope<T = Record<string, unknown>> = Omit<Static<typeof Envelope>, 'data'> & { data: T };

export const envelopeValidator = compileValidator<Envelope>(Envelope);

export interface EnvelopeFields {
  eventId: string;
  occurredAt: string;
  actor: EnvelopeActor;
  correlationId: string;
  causationId?: string;
  streamId: string;
  streamVersion: number;
}

/**
 * Builds the envelope of a public event, copying only the signature fields of the actor
 * (roles and zones stay out of the log). Throws if `data` breaks the contract: publishing
 * an invalid event is a bug, not a runtime condition.
 */
export function toEnvelope<T>(contract: EventContract<T>, data: T, fields: EnvelopeFields): Envelope<T> {
  if (!contract.check(data)) {
    const detail = contract
      .errors(data)
      .map((e) => e.message.en)
      .join('; ');
    throw new Error(`${contract.subject}: data breaks the contract: ${detail}`);
  }
  const { sub, name, office } = fields.actor;
  const envelope: Envelope<T> = {
    eventId: fields.eventId,
    type: contract.type,
    version: contract.version,
    occurredAt: fields.occurredAt,
    actor: { sub, name, office },
    correlationId: fields.correlationId,
    service: contract.service,
    streamId: fields.streamId,
    streamVersion: fields.streamVersion,
    data,
  };
  if (fields.causationId !== undefined) envelope.causationId = fields.causationId;
  return envelope;
}

export function encodeEnvelope(envelope: Envelope<unknown>): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(envelope));
}
