// The consumer runner: a durable pull consumer whose effect and inbox row commit in one
// PostgreSQL transaction before the ack. Transient failures are naked with backoff; a message
// that can never succeed is parked in dead_letters and only then termed. While the database is
// away, the message in hand is kept (its ack wait extended) and retried in place: an outage uses
// up no delivery and fills max_ack_pending with no naked message, so processing resumes as soon as
// the database answers. The pull loop never dies quietly: whatever ends it but stop() (the durable
// consumer or the stream deleted, the connection closed, a server error, heartbeats missed for a
// long time) is logged and the loop is opened again, the durable consumer re-ensured, with backoff.
import { withTransaction, WrongExpectedVersionError } from '@jiandu/event-store';
import { printableDetail, referencePayload } from './dead-letters.js';
import { jetstream, jetstreamManager, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Pool } from 'pg';
import { envFailpoints, envNakRate, FailpointCrash, type Failpoints } from './failpoints.js';
import { claimInbox, inInbox, park, type ParkReason } from './inbox.js';
import { ensureConsumer, withNamespace, withoutNamespace } from './jetstream-setup.js';
import { retryDelay, sleeper } from './retry.js';
import {
  DependencyUnavailableError,
  PoisonMessageError,
  type ConsumerMetrics,
  type ConsumerOutcome,
  type ConsumerSpec,
  type EventDecoder,
  type IncomingEvent,
  type Logger,
} from './types.js';

export interface ConsumerOptions {
  nc: NatsConnection;
  pool: Pool;
  schema: string; // the service's schema, holding inbox and dead_letters (messagingMigrations)
  registry: EventDecoder; // a ContractRegistry
  /** maxAckPending: how many messages may be out (delivered, not acked, or naked with a delay); default 1,000. */
  spec: ConsumerSpec & { maxAckPending?: number };
  logger: Logger;
  namespace?: string; // tests: the subject prefix given to ensureStream
  failpoints?: Failpoints; // default: FAILPOINT from the environment
  /** The share of applied messages nak'd instead of acked (fault tests); default FAILPOINT_NAK_RATE, else 0. */
  nakRate?: { rate: number; maxDelayMs: number };
  pullBatch?: number; // messages asked for per pull (the client's buffer), default 32
  pull?: PullSettings;
  metrics?: ConsumerMetrics;
}

/** How the runner pulls. Every value is sent with each pull request, none is left to a library default. */
export interface PullSettings {
  /** Messages asked for at once (the client's buffer); default 32 (or pullBatch). */
  batch?: number;
  /** Lifetime of one pull request on the server; default 30 s. */
  expiresMs?: number;
  /** The server's heartbeat while a pull waits; two missed ones make the client re-pull. Default 5 s. */
  idleHeartbeatMs?: number;
}

/** The settings a runner uses: the durable consumer's (server side) and its pulls (client side). */
export const CONSUMER_DEFAULTS = {
  ackWaitMs: 30_000,
  maxDeliver: 10,
  maxAckPending: 1_000,
  batch: 32,
  expiresMs: 30_000,
  idleHeartbeatMs: 5_000,
} as const;

export interface ConsumerRunner {
  stop(): Promise<void>;
  /** Resolves on stop; rejects if the runner crashed at a failpoint. */
  readonly done: Promise<void>;
}

const DEFAULT_BACKOFF_MS = [1_000, 5_000, 30_000, 120_000];
/** Waits of the in-place retry while the database is away: 100 ms doubling to 2 s. */
const AWAY_RETRY_CAP_MS = 2_000;
/** Reopening the pull loop: 250 ms doubling to 15 s. */
const REOPEN_CAP_MS = 15_000;
/** Heartbeats missed in a row, while waiting for messages, before the loop is reopened. */
const MISSED_HEARTBEATS_REOPEN = 6;

type Outcome = 'applied' | 'duplicate';

/** One running consumer: its settings, and the state its parts share. */
interface Runner {
  opts: ConsumerOptions;
  spec: ConsumerOptions['spec'];
  logger: Logger;
  log: { consumer: string };
  settings: { maxDeliver: number; ackWaitMs: number; maxAckPending: number; backoff: readonly number[] };
  pull: { max_messages: number; expires: number; idle_heartbeat: number; abort_on_missing_resource: true };
  failpoint: Failpoints;
  nakRate: { rate: number; maxDelayMs: number };
  count(outcome: ConsumerOutcome): void;
  /** A wait that stop() cuts short. */
  pause: ReturnType<typeof sleeper>;
  messages?: ConsumerMessages;
  stopped: boolean;
  /** A message is being handled (heartbeats are not expected then). */
  busy: boolean;
}

export async function startConsumer(opts: ConsumerOptions): Promise<ConsumerRunner> {
  const runner = runnerOf(opts);
  const { settings, pull } = runner;
  runner.messages = await openPull(runner);
  runner.logger.info(
    {
      ...runner.log,
      ...settings,
      backoff: undefined,
      batch: pull.max_messages,
      expiresMs: pull.expires,
      idleHeartbeatMs: pull.idle_heartbeat,
    },
    'consumer: started',
  );
  const done = pullLoop(runner);
  done.catch(() => undefined); // observed through `done`
  return {
    done,
    async stop() {
      runner.stopped = true;
      runner.pause.wake();
      runner.messages?.stop();
      await done.catch(() => undefined);
    },
  };
}

function runnerOf(opts: ConsumerOptions): Runner {
  const { spec } = opts;
  return {
    opts,
    spec,
    logger: opts.logger,
    log: { consumer: spec.durable },
    settings: {
      maxDeliver: spec.maxDeliver ?? CONSUMER_DEFAULTS.maxDeliver,
      ackWaitMs: spec.ackWaitMs ?? CONSUMER_DEFAULTS.ackWaitMs,
      maxAckPending: spec.maxAckPending ?? CONSUMER_DEFAULTS.maxAckPending,
      backoff: spec.backoffMs?.length ? spec.backoffMs : DEFAULT_BACKOFF_MS,
    },
    pull: {
      max_messages: opts.pull?.batch ?? opts.pullBatch ?? CONSUMER_DEFAULTS.batch,
      expires: opts.pull?.expiresMs ?? CONSUMER_DEFAULTS.expiresMs,
      idle_heartbeat: opts.pull?.idleHeartbeatMs ?? CONSUMER_DEFAULTS.idleHeartbeatMs,
      // A deleted durable consumer (or stream) ends the pull loop with an error instead of waiting
      // quietly for someone to restore it: the loop re-creates it.
      abort_on_missing_resource: true,
    },
    failpoint: opts.failpoints ?? envFailpoints(),
    nakRate: opts.nakRate ?? envNakRate(),
    count: (outcome) => opts.metrics?.message(spec.durable, outcome),
    pause: sleeper(),
    stopped: false,
    busy: false,
  };
}

/**
 * Ensures the durable consumer and opens a pull on it. Nak delays are chosen per attempt here;
 * server-side backoff would shrink ack_wait to its first step and redeliver slow but healthy handlers.
 */
async function openPull(r: Runner): Promise<ConsumerMessages> {
  const { opts, spec, settings } = r;
  await ensureConsumer(await jetstreamManager(opts.nc), spec.stream, {
    durable: spec.durable,
    filterSubjects: spec.filterSubjects.map((s) => withNamespace(opts.namespace, s)),
    // A message waiting for a dependency may be delivered more often than one failing otherwise.
    maxDeliver: Math.max(settings.maxDeliver, spec.dependency?.maxDeliver ?? 0),
    ackWaitMs: settings.ackWaitMs,
    maxAckPending: settings.maxAckPending,
  });
  const consumer = await jetstream(opts.nc).consumers.get(spec.stream, spec.durable);
  return consumer.consume(r.pull);
}

function nakWithBackoff(r: Runner, m: JsMsg, deliveries: number): void {
  const { backoff } = r.settings;
  m.nak(backoff[Math.min(deliveries, backoff.length) - 1]);
  r.count('naked');
}

/** Parks the message in dead_letters, and only then terms it (its body, or a reference to it: ConsumerSpec.parkPayload). */
async function parkAndTerm(r: Runner, m: JsMsg, reason: ParkReason, detail: string, eventId?: string): Promise<void> {
  const letter = {
    consumer: r.spec.durable,
    eventId: eventId ?? m.headers?.get('Nats-Msg-Id') ?? undefined,
    subject: m.subject,
    streamSeq: m.seq,
    reason,
    detail,
    payload:
      r.spec.parkPayload === 'reference'
        ? referencePayload(eventId ?? m.headers?.get('Nats-Msg-Id') ?? undefined)
        : new TextDecoder().decode(m.data),
    deliveryCount: m.info.deliveryCount,
  };
  try {
    await park(r.opts.pool, r.opts.schema, letter);
  } catch (err) {
    // Not parked, so not termed: it comes back and is parked later.
    r.logger.error({ ...r.log, seq: m.seq, err: String(err) }, 'consumer: cannot park, will retry');
    nakWithBackoff(r, m, m.info.deliveryCount);
    return;
  }
  // The detail of a malformed body quotes its start: logged only with the excerpt withheld.
  r.logger.warn(
    { ...r.log, seq: m.seq, eventId: letter.eventId, reason, detail: printableDetail(detail), alert: true },
    'consumer: message parked',
  );
  m.term(); // no reason: nats-server 2.9 does not parse "+TERM <reason>"; the reason is in dead_letters
  r.count('parked');
}

/** The effect and the inbox row in one transaction; while the database is away, retried in place. */
/**
 * How many times in a row an effect that lost an append race (another writer appended to the same
 * stream between its read and its append) is run again at once, on the stream as it now is, before
 * the message is nak'd like any transient failure. Two consumers of one aggregate race by design
 * (e.g. an inquiry's conclusion and the verification it opened both record the conversion).
 */
const CONFLICT_RETRIES = 5;

async function apply(r: Runner, m: JsMsg, event: IncomingEvent, prepared: unknown): Promise<Outcome | 'stopped'> {
  let conflicts = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await withTransaction(r.opts.pool, async (tx): Promise<Outcome> => {
        if (!(await claimInbox(tx, r.opts.schema, r.spec.durable, event.eventId))) return 'duplicate';
        await r.spec.handle(event, tx, prepared);
        return 'applied';
      });
    } catch (err) {
      if (err instanceof WrongExpectedVersionError && ++conflicts <= CONFLICT_RETRIES) {
        r.logger.info(
          { ...r.log, eventId: event.eventId, conflicts, err: String(err) },
          'consumer: another writer appended to the same stream first (expected); run again on the stream as it now is',
        );
        r.count('conflict-retried');
        continue;
      }
      if (!databaseAway(err)) throw err;
      if (attempt === 1 || attempt % 30 === 0) {
        r.logger.warn(
          { ...r.log, eventId: event.eventId, attempt, err: String(err) },
          'consumer: database away, message kept and retried',
        );
      }
      m.working(); // extends its ack wait: no redelivery, no delivery used up
      await r.pause(Math.min(AWAY_RETRY_CAP_MS, 100 * 2 ** Math.min(attempt - 1, 5)));
      if (r.stopped) return 'stopped';
    }
  }
}

const DUPLICATE = Symbol('duplicate');

/**
 * The spec's work before the transaction (none without `prepare`). An event the inbox already holds
 * is a redelivery: nothing is asked (if the database is away, `apply` finds it out and waits).
 */
async function prepare(r: Runner, event: IncomingEvent): Promise<unknown> {
  if (!r.spec.prepare) return undefined;
  const seen = await inInbox(r.opts.pool, r.opts.schema, r.spec.durable, event.eventId).catch((err: unknown) => {
    if (databaseAway(err)) return false;
    throw err;
  });
  return seen ? DUPLICATE : r.spec.prepare(event);
}

/** A message that cannot be decoded: a newer version waits for a newer consumer, the rest is parked. */
async function undecodable(
  r: Runner,
  m: JsMsg,
  decoded: { reason: ParkReason | 'unknown-version'; detail: string },
): Promise<void> {
  const unknown = r.spec.unknownVersion;
  if (decoded.reason === 'unknown-version' && typeof unknown === 'object' && m.info.deliveryCount < r.settings.maxDeliver) {
    r.logger.warn({ ...r.log, seq: m.seq, detail: decoded.detail, alert: true }, 'consumer: newer version, delayed');
    m.nak(unknown.nakDelayMs);
    r.count('naked');
    return;
  }
  return parkAndTerm(r, m, decoded.reason, decoded.detail);
}

async function handleOne(r: Runner, m: JsMsg): Promise<void> {
  const { opts, log, logger } = r;
  const deliveries = m.info.deliveryCount;
  const decoded = opts.registry.decode(withoutNamespace(opts.namespace, m.subject), m.data);
  if (!decoded.ok) return undecodable(r, m, decoded);
  const event = incomingEvent(withoutNamespace(opts.namespace, m.subject), decoded, m.headers?.get('traceparent'));
  let outcome: Outcome | 'stopped';
  try {
    const prepared = await prepare(r, event);
    outcome = prepared === DUPLICATE ? 'duplicate' : await apply(r, m, event, prepared);
  } catch (err) {
    if (err instanceof PoisonMessageError) return parkAndTerm(r, m, 'poison', err.message, event.eventId);
    const wait = r.spec.dependency;
    if (err instanceof DependencyUnavailableError && wait) {
      if (deliveries >= wait.maxDeliver) return parkAndTerm(r, m, 'max-deliver', String(err), event.eventId);
      const delayMs = retryDelay(deliveries, wait.baseMs, wait.capMs);
      logger.warn({ ...log, eventId: event.eventId, deliveries, delayMs, err: String(err) }, 'consumer: dependency away, nak');
      m.nak(delayMs);
      r.count('naked');
      return;
    }
    if (deliveries >= r.settings.maxDeliver) return parkAndTerm(r, m, 'max-deliver', String(err), event.eventId);
    logger.warn({ ...log, eventId: event.eventId, deliveries, err: String(err) }, 'consumer: transient failure, nak');
    nakWithBackoff(r, m, deliveries);
    return;
  }
  if (outcome === 'stopped') {
    m.nak(); // stopping while the database is away: another instance may take it now
    return;
  }
  r.failpoint('consumer-after-commit-before-ack');
  if (r.nakRate.rate > 0 && Math.random() < r.nakRate.rate) {
    // The fault suite's duplicate and late redeliveries: applied, yet redelivered after a delay.
    m.nak(Math.floor(Math.random() * r.nakRate.maxDelayMs));
    r.count('naked');
    return;
  }
  m.ack();
  r.count(outcome);
  if (outcome === 'duplicate') logger.info({ ...log, eventId: event.eventId }, 'consumer: redelivery of a processed event');
}

/**
 * A safety net under the client's own recovery (it re-pulls after two missed heartbeats and on
 * reconnect): heartbeats missed for a long time while the loop waits for messages reopen it.
 */
function watchHeartbeats(r: Runner, current: ConsumerMessages): void {
  void (async () => {
    for await (const s of current.status()) {
      if (s.type === 'heartbeats_missed' && !r.busy && s.count >= MISSED_HEARTBEATS_REOPEN) {
        r.logger.warn({ ...r.log, missed: s.count }, 'consumer: heartbeats missed; reopening the pull loop');
        current.stop(new Error(`${s.count} heartbeats missed`));
      } else if (s.type === 'consumer_deleted' || s.type === 'consumer_not_found' || s.type === 'stream_not_found') {
        r.logger.warn({ ...r.log, status: s.type }, 'consumer: durable consumer or stream missing');
      }
    }
  })().catch(() => undefined);
}

/** The pull loop. If it ends or fails for any reason but stop(), it is opened again with backoff. */
async function pullLoop(r: Runner): Promise<void> {
  for (let failures = 0; ;) {
    const messages = r.messages;
    if (!messages) return;
    watchHeartbeats(r, messages);
    try {
      for await (const m of messages) {
        r.busy = true;
        try {
          await handleOne(r, m);
        } finally {
          r.busy = false;
        }
        failures = 0;
      }
      if (!r.stopped) r.logger.error({ ...r.log }, 'consumer: pull loop ended; reopening');
    } catch (err) {
      if (err instanceof FailpointCrash) throw err;
      if (!r.stopped) r.logger.error({ ...r.log, err: String(err) }, 'consumer: pull loop failed; reopening');
    } finally {
      await messages.close().catch(() => undefined);
    }
    failures = await reopen(r, failures);
    if (r.stopped) return;
  }
}

/** Opens the pull again, waiting longer after each failure; returns the failures counted. */
async function reopen(r: Runner, failures: number): Promise<number> {
  for (;;) {
    if (r.stopped) return failures;
    failures++;
    await r.pause(Math.min(REOPEN_CAP_MS, 250 * 2 ** Math.min(failures - 1, 6)));
    if (r.stopped) return failures;
    try {
      r.messages = await openPull(r);
      r.logger.warn({ ...r.log, attempt: failures }, 'consumer: pull loop reopened');
      return failures;
    } catch (err) {
      r.logger.error({ ...r.log, attempt: failures, err: String(err) }, 'consumer: cannot reopen yet');
    }
  }
}

/**
 * The database cannot be reached at all (refused, dropped, shutting down, starting up, no pooled
 * connection within the pool's wait): nothing about this message, so it is kept and retried.
 * A statement that failed on its own (a timeout, a deadlock, a constraint) is the handler's
 * transient failure: naked with backoff, and parked once its deliveries are used up.
 */
export function databaseAway(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (typeof e !== 'object' || e === null) return false;
  const code = typeof e.code === 'string' ? e.code : '';
  if (/^08/.test(code) || ['57P01', '57P02', '57P03', '53300', '53400'].includes(code)) return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code))
    return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return /timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error|connection (is )?(closed|ended)|Client was closed|terminating connection|the database system is (starting up|shutting down|in recovery mode)/i.test(
    message,
  );
}

function incomingEvent(
  subject: string,
  decoded: Extract<ReturnType<EventDecoder['decode']>, { ok: true }>,
  traceparent: string | undefined,
): IncomingEvent {
  const { envelope, contract } = decoded;
  const metadata: IncomingEvent['metadata'] = {
    actor: envelope.actor,
    correlationId: envelope.correlationId,
    occurredAt: envelope.occurredAt,
  };
  if (envelope.causationId !== undefined) metadata.causationId = envelope.causationId;
  if (traceparent) metadata.traceparent = traceparent;
  return {
    eventId: envelope.eventId,
    subject,
    service: envelope.service,
    type: envelope.type,
    version: contract.version,
    data: decoded.data as Record<string, unknown>,
    metadata,
    streamId: envelope.streamId,
    streamVersion: envelope.streamVersion,
  };
}
