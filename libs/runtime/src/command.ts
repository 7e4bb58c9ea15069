// Runs one command against one stream: load, fold, decide, append with the expected version.
// A lost race (another writer appended first) is retried on fresh state, so the decision is
// always made on what is really in the store.
import type { PoolClient } from 'pg';
import { DomainException, isDomainError } from '@jiandu/contracts';
import { WrongExpectedVersionError, type EventMetadata, type EventStore, type RecordedEvent } from '@jiandu/event-store';
import type { Decider, DomainEvent } from '@jiandu/decision';
import { runtimeMetrics } from './metrics.js';

const metrics = runtimeMetrics();

export type { Decider, DomainEvent } from '@jiandu/decision';

export function fromStored<E extends DomainEvent>(event: Pick<RecordedEvent, 'type' | 'data'>): E {
  return { type: event.type, data: event.data } as E;
}

export async function loadState<C, E extends DomainEvent, S, Ctx>(
  store: EventStore,
  decider: Decider<C, E, S, Ctx>,
  streamId: string,
  tx?: PoolClient,
): Promise<{ state: S; version: number; events: RecordedEvent[] }> {
  const events = await store.readStream(streamId, 1, tx);
  let state = decider.initialState;
  for (const recorded of events) state = decider.evolve(state, fromStored<E>(recorded));
  return { state, version: events.length === 0 ? 0 : events[events.length - 1]!.version, events };
}

export interface CommandOptions<Ctx, S = unknown> {
  context: Ctx;
  metadata: Omit<EventMetadata, 'occurredAt'> & { occurredAt?: string };
  /**
   * Read and append inside the caller's transaction (e.g. a consumer's effect); no retry then.
   * The stream is read on `tx` too: a transaction never waits for a second pooled connection.
   */
  tx?: PoolClient;
  retries?: number;
  /**
   * 'no-stream': the caller just named a new stream (a fresh id), so there is nothing to read: the
   * decision is made on the initial state, and the append still refuses a stream that exists.
   */
  expected?: 'no-stream';
  /**
   * The state to decide on, read by the caller from a snapshot kept in the same transaction (a
   * read model written with the events), with the stream version it reflects; the stream is not read.
   */
  snapshot?: { state: S; version: number };
}

export interface CommandResult<E, S> {
  events: E[];
  state: S;
  version: number;
}

export async function executeCommand<C, E extends DomainEvent, S, Ctx>(
  store: EventStore,
  decider: Decider<C, E, S, Ctx>,
  streamId: string,
  command: C,
  options: CommandOptions<Ctx, S>,
): Promise<CommandResult<E, S>> {
  const attempts = options.tx ? 1 : (options.retries ?? 3) + 1;
  for (let attempt = 1; ; attempt++) {
    const { state, version } =
      options.snapshot ??
      (options.expected === 'no-stream'
        ? { state: decider.initialState, version: 0 }
        : await loadState(store, decider, streamId, options.tx));
    const decision = decider.decide(command, state, options.context);
    if (isDomainError(decision)) throw new DomainException(decision);
    if (decision.length === 0) return { events: [], state, version };
    // The decision's own "now" dates the events, so a moved clock (tests, drills) moves them too.
    const decidedAt = (options.context as { now?: Date }).now ?? new Date();
    const metadata: EventMetadata = { ...options.metadata, occurredAt: options.metadata.occurredAt ?? decidedAt.toISOString() };
    try {
      const result = await store.append(
        streamId,
        decision.map((event) => ({ type: event.type, data: event.data as Record<string, unknown>, metadata })),
        version === 0 ? 'no-stream' : version,
        options.tx,
      );
      // Counted at the append: inside a caller's transaction (options.tx), before that commits.
      for (const event of decision) metrics.eventsAppended.inc({ type: event.type });
      return { events: decision, state: decision.reduce(decider.evolve, state), version: result.nextExpectedVersion };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError && attempt < attempts) continue;
      throw error;
    }
  }
}
