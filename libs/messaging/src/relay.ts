// The outbox relay: tails the service's own event store in commit-safe order and publishes each
// public event to JetStream with Nats-Msg-Id = event id. The checkpoint only moves past events
// whose publish was acked, so a crash or a NATS outage re-publishes, and the stream's duplicate
// window turns the re-publish into a no-op. It reads again as soon as its store commits an append
// in this process (store.onCommit), or, with `listen`, another process NOTIFYs one (wake-up.ts),
// and every pollIntervalMs in any case. Failed publishes (NATS away, JetStream not ready) are
// retried with capped backoff (100 ms doubling to 5 s) for as long as it takes; when the
// connection comes back the relay tries again at once instead of finishing its wait.
import { evtSubject, type ContractRegistry, type Envelope } from '@jiandu/contracts';
import { eventsChannel, type EventStore, type LogCursor, type RecordedEvent } from '@jiandu/event-store';
import { jetstream } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import pg, { type Pool } from 'pg';
import { envFailpoints, FailpointCrash, type Failpoints } from './failpoints.js';
import { EVENTS_STREAM, withNamespace } from './jetstream-setup.js';
import { retryDelay, sleeper } from './retry.js';
import { listenForCommits } from './wake-up.js';
import type { Logger, RelayMetrics } from './types.js';

export interface RelayOptions {
  store: EventStore;
  pool: Pool; // for the checkpoint transaction
  nc: NatsConnection;
  service: string; // the <service> token of the subjects
  stream?: string; // default JIANDU_EVENTS; publishes fail unless they land in it
  namespace?: string; // tests: unique subject prefix, see ensureStream
  /** Which events leave the service: one of these, or the registry's `public` flag. */
  isPublic?: (event: RecordedEvent) => boolean;
  publicTypes?: Iterable<string>;
  registry?: ContractRegistry; // when given, public data is validated before it is published
  subjectFor?: (event: RecordedEvent) => string;
  maxInFlight?: number; // default 256
  batchSize?: number; // default 500
  checkpointName?: string; // default 'relay'
  pollIntervalMs?: number; // default 100; the fallback when no commit notification arrives
  /**
   * The relay always reads as soon as its own store object commits an append (`store.onCommit`).
   * For writers in other processes (their stores opened with `notifyCommits`): LISTEN on a
   * dedicated connection, opened with the pool's settings or by this factory (default false:
   * those commits are found by the poll).
   */
  listen?: boolean | (() => pg.Client);
  publishTimeoutMs?: number; // default 5_000
  logger: Logger;
  failpoints?: Failpoints; // default: FAILPOINT from the environment
  metrics?: RelayMetrics;
}

export interface Relay {
  stop(): Promise<void>;
  /** Resolves once everything committed before the call has been published and checkpointed. */
  drained(): Promise<void>;
  /** Resolves on stop; rejects if the relay crashed at a failpoint. */
  readonly done: Promise<void>;
}

export function startRelay(opts: RelayOptions): Relay {
  const name = opts.checkpointName ?? 'relay';
  const batchSize = opts.batchSize ?? 500;
  const failpoint = opts.failpoints ?? envFailpoints();
  const isPublic = publicPredicate(opts); // throws before anything is started
  const sleep = sleeper();
  let stopped = false;
  let failures = 0;
  const wakeUps = commitWakeUps(opts, () => stopped);
  const reconnects = natsReconnects(opts, () => {
    // NATS back: retry now, from the shortest delay.
    failures = 0;
    sleep.wake();
    wakeUps.notify();
  });
  const publishBatch = batchPublisher(opts, isPublic, reconnects, () => stopped);
  const drain = drainWaiters(opts.pool);

  async function save(cursor: LogCursor): Promise<void> {
    await opts.store.saveCheckpoint(name, cursor, opts.pool); // one statement: no BEGIN and COMMIT around it
  }

  // Read in commit-safe order, publish, and checkpoint only what was acked, in that order.
  async function run(): Promise<void> {
    let cursor: LogCursor | undefined;
    while (!stopped) {
      try {
        cursor ??= await opts.store.loadCheckpoint(name);
        const horizon = await drain.horizon();
        wakeUps.beforeRead(); // this read sees every commit notified so far (and the horizon allows)
        const { events } = await opts.store.readAll(cursor, batchSize);
        if (events.length === 0) {
          drain.settle(horizon);
          failures = 0;
          await wakeUps.idle(opts.pollIntervalMs ?? 100);
          continue;
        }
        const out = await publishBatch(events);
        failpoint('relay-after-publish-before-checkpoint');
        if (out > 0) {
          const last = events[out - 1];
          await save({ txid: last.txid, position: last.position });
          cursor = { txid: last.txid, position: last.position };
        }
        if (out < events.length) await sleep(retryDelay(++failures));
        else failures = 0;
      } catch (err) {
        if (err instanceof FailpointCrash) throw err;
        opts.metrics?.failed('unavailable');
        opts.logger.warn({ err: String(err) }, 'relay: store or NATS unavailable, will retry');
        await sleep(retryDelay(++failures));
      }
    }
  }

  const done = run().finally(() => {
    reconnects.stop();
    return wakeUps.close();
  }); // a crash at a failpoint stops listening too
  done.catch(() => undefined); // observed through `done`

  return {
    done,
    async stop() {
      stopped = true;
      sleep.wake();
      wakeUps.wake();
      await done.catch(() => undefined);
    },
    async drained() {
      if (stopped) throw new Error('relay stopped');
      return drain.wait(done, wakeUps.wake);
    },
  };
}

interface CommitWakeUps {
  /** A commit happened: the next idle wait (or the current one) ends at once. */
  notify(): void;
  /** Call right before a read: that read sees every commit notified so far. */
  beforeRead(): void;
  /** The poll wait, cut short by a commit notification (or stop). */
  idle(ms: number): Promise<void>;
  /** Ends the current idle wait. */
  wake(): void;
  /** Stops listening (this store's commits, and other processes' with `listen`). */
  close(): Promise<void> | undefined;
}

/**
 * Commit notifications: this store's own (store.onCommit) and, with `listen`, other processes'
 * NOTIFY. Any number of them during a read loop cause one more read.
 */
function commitWakeUps(opts: RelayOptions, stopped: () => boolean): CommitWakeUps {
  let notified = false;
  let wakeIdle: (() => void) | undefined;
  const notify = () => {
    notified = true;
    wakeIdle?.();
  };
  const unsubscribe = opts.store.onCommit(notify);
  const listen = opts.listen ?? false;
  const listener =
    listen === false
      ? undefined
      : listenForCommits({
          channel: eventsChannel(opts.store.schema),
          connect: listen === true ? () => new pg.Client(opts.pool.options) : listen,
          onCommit: notify,
          logger: opts.logger,
        });
  return {
    notify,
    beforeRead: () => {
      notified = false;
    },
    idle: (ms) =>
      new Promise<void>((resolve) => {
        if (notified || stopped()) return resolve();
        const timer = setTimeout(finish, ms);
        function finish() {
          clearTimeout(timer);
          wakeIdle = undefined;
          resolve();
        }
        wakeIdle = finish;
      }),
    wake: () => wakeIdle?.(),
    close: () => {
      unsubscribe();
      return listener?.stop();
    },
  };
}

interface NatsReconnects {
  /** `acked`, unless NATS reconnects first: then a rejection, and the publish is sent again. */
  ackedOrReconnected(acked: Promise<unknown>): Promise<void>;
  stop(): void;
}

/**
 * The client reconnects without limit. A publish sent while the connection was down may never be
 * answered (its request outlives the old connection): it is given up at the reconnect and sent
 * again, which the duplicate window absorbs; then `onReconnect`.
 */
function natsReconnects(opts: RelayOptions, onReconnect: () => void): NatsReconnects {
  let abandonInFlight: ((err: Error) => void)[] = [];
  const natsStatus = opts.nc.status() as ReturnType<NatsConnection['status']> & { stop(): void }; // a QueuedIterator
  void (async () => {
    for await (const s of natsStatus) {
      if (s.type !== 'reconnect') continue;
      const abandoned = abandonInFlight;
      abandonInFlight = [];
      opts.logger.info({ abandoned: abandoned.length }, 'relay: NATS reconnected, publishing again');
      for (const abandon of abandoned) abandon(new Error('NATS reconnected; publish sent again'));
      onReconnect();
    }
  })().catch(() => undefined);
  return {
    async ackedOrReconnected(acked) {
      let abandon: ((err: Error) => void) | undefined;
      const reconnected = new Promise<never>((_, reject) => {
        abandon = reject;
        abandonInFlight.push(reject);
      });
      try {
        await Promise.race([acked, reconnected]);
      } finally {
        abandonInFlight = abandonInFlight.filter((a) => a !== abandon);
        acked.catch(() => undefined); // given up at a reconnect: its late failure is no one's
        reconnected.catch(() => undefined);
      }
    },
    stop: () => natsStatus.stop(),
  };
}

/**
 * Publishes a batch with at most maxInFlight unacked, and returns how many leading events are
 * safely out (private events count as out): the checkpoint may move past those only.
 */
function batchPublisher(
  opts: RelayOptions,
  isPublic: (event: RecordedEvent) => boolean,
  reconnects: NatsReconnects,
  stopped: () => boolean,
): (events: RecordedEvent[]) => Promise<number> {
  const stream = opts.stream ?? EVENTS_STREAM;
  const maxInFlight = opts.maxInFlight ?? 256;
  const subjectFor =
    opts.subjectFor ?? ((e: RecordedEvent) => withNamespace(opts.namespace, evtSubject(opts.service, e.type, e.schemaVersion)));
  const js = jetstream(opts.nc);

  async function publish(event: RecordedEvent): Promise<void> {
    const body = JSON.stringify(envelopeOf(opts.service, event, opts.registry));
    const h = headers();
    if (event.metadata.traceparent) h.set('traceparent', event.metadata.traceparent);
    const acked = js.publish(subjectFor(event), body, {
      msgID: event.eventId,
      expect: { streamName: stream },
      headers: h,
      timeout: opts.publishTimeoutMs ?? 5_000,
    });
    await reconnects.ackedOrReconnected(acked);
  }

  return async (events) => {
    const outcome: (true | unknown)[] = new Array(events.length);
    let next = 0;
    const lane = async () => {
      while (next < events.length && !stopped()) {
        const i = next++;
        if (!isPublic(events[i])) {
          outcome[i] = true;
          continue;
        }
        try {
          await publish(events[i]);
          outcome[i] = true;
          opts.metrics?.published(events[i].type, (Date.now() - events[i].recordedAt.getTime()) / 1000);
        } catch (err) {
          outcome[i] = err;
          next = events.length; // stop taking new work; the lanes in flight finish
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(maxInFlight, events.length) }, lane));
    const firstGap = outcome.findIndex((o) => o !== true);
    if (firstGap >= 0) logPublishFailure(opts, events[firstGap], outcome[firstGap]);
    return firstGap < 0 ? events.length : firstGap;
  };
}

function logPublishFailure(opts: RelayOptions, event: RecordedEvent, err: unknown): void {
  const log = { err: String(err), eventId: event.eventId };
  const invalidEvent = err instanceof ContractViolation;
  opts.metrics?.failed(invalidEvent ? 'invalid-event' : 'publish');
  if (invalidEvent) opts.logger.error({ ...log, alert: true }, 'relay: stalled on an invalid public event');
  else opts.logger.warn(log, 'relay: publish failed, will retry');
}

/**
 * drained(): every transaction committed before the call has an id below its `target`; it is done
 * once an empty read ran with the commit-safe horizon at or past it. (The horizon is cluster-wide:
 * an open transaction anywhere holds it back, and "an empty read" alone would then say nothing.)
 */
function drainWaiters(pool: Pool) {
  let waiters: { target: bigint; resolve: () => void }[] = [];
  const snapshotBound = async (fn: 'pg_snapshot_xmin' | 'pg_snapshot_xmax') =>
    BigInt((await pool.query<{ x: string }>(`SELECT ${fn}(pg_current_snapshot())::text AS x`)).rows[0]!.x);
  return {
    /** The horizon before a read, read only while someone waits. */
    horizon: async () => (waiters.length > 0 ? await snapshotBound('pg_snapshot_xmin') : 0n),
    /** An empty read ran at `horizon`: resolves the waiters it covers. */
    settle(horizon: bigint) {
      waiters = waiters.filter((w) => (w.target <= horizon ? (w.resolve(), false) : true));
    },
    async wait(done: Promise<void>, wake: () => void): Promise<void> {
      const target = await snapshotBound('pg_snapshot_xmax');
      return new Promise<void>((resolve, reject) => {
        waiters.push({ target, resolve });
        wake();
        done.then(() => reject(new Error('relay stopped')), reject);
      });
    },
  };
}

class ContractViolation extends Error {}

function publicPredicate(opts: RelayOptions): (event: RecordedEvent) => boolean {
  if (opts.isPublic) return opts.isPublic;
  const registry = opts.registry;
  if (opts.publicTypes) {
    const types = new Set(opts.publicTypes);
    // With a registry, a listed type is public only at a version it has a contract for: a service's
    // private record of before its public contract (e.g. petitions' PetitionRegistered v1, which
    // carried the content) never leaves it, even when the relay re-publishes from a reset checkpoint.
    if (registry) return (e) => types.has(e.type) && registry.contract(opts.service, e.type, e.schemaVersion) !== undefined;
    return (e) => types.has(e.type);
  }
  if (registry) return (e) => registry.contract(opts.service, e.type, e.schemaVersion)?.public === true;
  throw new Error('startRelay: give isPublic, publicTypes or registry');
}

/** The wire envelope (libs/contracts): only the signature fields of the actor leave the service. */
function envelopeOf(service: string, e: RecordedEvent, registry: ContractRegistry | undefined): Envelope {
  const contract = registry?.contract(service, e.type, e.schemaVersion);
  if (contract && !contract.check(e.data)) {
    // A committed public event that breaks its contract is a bug: stall loudly rather than skip it.
    throw new ContractViolation(`${contract.subject}: event ${e.eventId} breaks its contract`);
  }
  const { sub, name, office } = e.metadata.actor;
  const envelope: Envelope = {
    eventId: e.eventId,
    type: e.type,
    version: e.schemaVersion,
    occurredAt: e.metadata.occurredAt,
    actor: { sub, name, office },
    correlationId: e.metadata.correlationId,
    service,
    streamId: e.streamId,
    streamVersion: e.version,
    data: e.data,
  };
  if (e.metadata.causationId !== undefined) envelope.causationId = e.metadata.causationId;
  return envelope;
}
