// The public contract of the messaging library.
import type { PoolClient } from 'pg';
import type { EventMetadata } from '@jiandu/event-store';

/** What a consumer handler receives: a validated, upcast public event. */
export interface IncomingEvent<T = Record<string, unknown>> {
  eventId: string;
  subject: string; // jiandu.evt.<service>.<Type>.v<N> (without any test namespace)
  service: string;
  type: string;
  version: number; // after upcasting
  data: T;
  metadata: EventMetadata;
  streamId: string;
  streamVersion: number;
}

/** Thrown by a handler when the message can never succeed: the runner terms it and parks it. */
export class PoisonMessageError extends Error {
  readonly code = 'POISON';
}

/**
 * Thrown (by `prepare`, usually) when another service the consumer needs did not answer: transient,
 * naked with the spec's growing `dependency` delays and parked only after its deliveries (without a
 * `dependency`, like any transient failure).
 */
export class DependencyUnavailableError extends Error {
  readonly code = 'DEPENDENCY_UNAVAILABLE';
}

/** How long a consumer waits for a dependency: nak delays retryDelay(delivery, baseMs, capMs), parked after maxDeliver. */
export interface DependencyWait {
  maxDeliver: number;
  baseMs: number;
  capMs: number;
}

export interface ConsumerSpec<Prepared = unknown> {
  stream: string; // e.g. JIANDU_EVENTS (tests use a unique name)
  durable: string; // e.g. case-management--petition-transferred
  /** Subjects without namespace, e.g. jiandu.evt.petitions.PetitionTransferred.> (more than one needs nats-server 2.10). */
  filterSubjects: string[];
  maxDeliver?: number; // default 10
  ackWaitMs?: number; // default 30_000
  backoffMs?: number[]; // nak delays by delivery attempt; the last one repeats
  /**
   * A newer, unknown schema version: 'park' (default) terms it into dead_letters at once;
   * { nakDelayMs } naks it with that delay (so an upgraded consumer can pick it up) and parks it on the last delivery.
   */
  unknownVersion?: 'park' | { nakDelayMs: number };
  /**
   * What a parked message keeps in dead_letters: 'whole' (default) its body; 'reference' only what
   * finds it again in the stream (its event id, and the row's subject and stream sequence), for a
   * consumer whose stream keeps every message and whose messages may carry personal data (analytics:
   * the accused's name in ClueRegistered). retryDeadLetter re-publishes the stream's own copy.
   */
  parkPayload?: 'whole' | 'reference';
  /**
   * Work before the transaction opens (a request to another service), so that no pooled connection
   * waits on it; its answer is handed to `handle`. Not run for an event the inbox already holds.
   * Throw for a transient failure (DependencyUnavailableError when the other service is away).
   */
  prepare?(event: IncomingEvent): Promise<Prepared>;
  /** Deliveries and delays while `prepare` or `handle` throws DependencyUnavailableError (beyond maxDeliver). */
  dependency?: DependencyWait;
  /** Effect runs inside a transaction together with the inbox insert. Throw for transient failure. */
  handle(event: IncomingEvent, tx: PoolClient, prepared: Prepared): Promise<void>;
}

/** The registry surface the runner needs (ContractRegistry from @jiandu/contracts satisfies it). */
export interface EventDecoder {
  decode(subject: string, body: Uint8Array | string): DecodeResult;
}

export type DecodeResult =
  | { ok: true; envelope: WireEnvelope; contract: { version: number }; data: unknown }
  | { ok: false; reason: 'malformed' | 'unknown-type' | 'unknown-version' | 'invalid'; detail: string };

/** Body of a JetStream event message (see libs/contracts README). */
export interface WireEnvelope {
  eventId: string;
  type: string;
  version: number;
  occurredAt: string;
  actor: { sub: string; name: string; office: string };
  correlationId: string;
  causationId?: string;
  service: string;
  streamId: string;
  streamVersion: number;
  data: Record<string, unknown>;
}

/** Minimal structured logger (pino satisfies it). Never log payload contents. */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * Optional metrics hooks of the relay and the consumer runner (the service host wires them to its
 * registry; this library stays free of any metrics code). Arguments are names, never data or ids.
 */
export interface RelayMetrics {
  /** One public event acked by JetStream; lag from its append (recordedAt) to the ack. */
  published(type: string, lagSeconds: number): void;
  /** A round that stopped short: a publish failed, an invalid public event, or store/NATS down. */
  failed(reason: 'publish' | 'invalid-event' | 'unavailable'): void;
}

export type ConsumerOutcome = 'applied' | 'duplicate' | 'naked' | 'parked' | 'conflict-retried';

export interface ConsumerMetrics {
  message(consumer: string, outcome: ConsumerOutcome): void;
}
