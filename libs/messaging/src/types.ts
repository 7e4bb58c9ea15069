// The public contract of the messaging library.
import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@jiandu/event-store';

/** What a consumer handler receives: a validated, upcast public event. */
export interface IncomingEvent<T = Record<string, unknown>> {
  eventId: string;
  subject: string; // jiandu.evt.<service>.<Type>.v<N>
  service: string;
  type: string;
  version: number; // after upcasting
  data: T;
  metadata: RecordedEvent['metadata'];
  streamId: string;
  streamVersion: number;
}

/** Thrown by a handler when the message can never succeed: the runner terms it and parks it. */
export class PoisonMessageError extends Error {
  readonly code = 'POISON';
}

export interface ConsumerSpec {
  stream: string; // e.g. JIANDU_EVENTS (tests use a unique name)
  durable: string; // e.g. case-management--petition-transferred
  filterSubjects: string[];
  maxDeliver?: number; // default 10
  ackWaitMs?: number; // default 30_000
  backoffMs?: number[]; // nak delays
  /** Effect runs inside a transaction together with the inbox insert. Throw for transient failure. */
  handle(event: IncomingEvent, tx: PoolClient): Promise<void>;
}
