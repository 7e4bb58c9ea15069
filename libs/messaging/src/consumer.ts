// The consumer runner: a durable pull consumer whose effect and inbox row commit in one
// PostgreSQL transaction before the ack. Transient failures are naked with backoff; a message
// that can never succeed is parked in dead_letters and only then termed. While the database is
// away, the message in hand is kept (its ack wait extended) and retried in place: an outage uses
// up no delivery and fills max_ack_pending with no naked message, so processing resumes as soon as
// the database answers. The pull loop never dies quietly: whatever ends it but stop() (the durable
// consumer or the stream deleted, the connection closed, a server error, heartbeats missed for a
// long time) is logged and the loop is opened again, the durable consumer re-ensured, with backoff.
import { withTransaction } from '@jiandu/event-store';
import { printableDetail } from './dead-letters.js';
import { jetstream, jetstreamManager, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Pool } from 'pg';
import { envFailpoints, FailpointCrash, type Failpoints } from './failpoints.js';
import { claimInbox, park, type ParkReason } from './inbox.js';
import { ensureConsumer, withNamespace, withoutNamespace } from './jetstream-setup.js';
import { sleeper } from './retry.js';
import { PoisonMessageError, type ConsumerMetrics, type ConsumerOutcome, type ConsumerSpec, type EventDecoder, type IncomingEvent, type Logger } from './types.js';

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

export async function startConsumer(opts: ConsumerOptions): Promise<ConsumerRunner> {
  const { spec, logger } = opts;
  const maxDeliver = spec.maxDeliver ?? CONSUMER_DEFAULTS.maxDeliver;
  const ackWaitMs = spec.ackWaitMs ?? CONSUMER_DEFAULTS.ackWaitMs;
  const maxAckPending = spec.maxAckPending ?? CONSUMER_DEFAULTS.maxAckPending;
  const backoff = spec.backoffMs?.length ? spec.backoffMs : DEFAULT_BACKOFF_MS;
  const failpoint = opts.failpoints ?? envFailpoints();
  const log = { consumer: spec.durable };
  const count = (outcome: ConsumerOutcome) => opts.metrics?.message(spec.durable, outcome);
  const pull = {
    max_messages: opts.pull?.batch ?? opts.pullBatch ?? CONSUMER_DEFAULTS.batch,
    expires: opts.pull?.expiresMs ?? CONSUMER_DEFAULTS.expiresMs,
    idle_heartbeat: opts.pull?.idleHeartbeatMs ?? CONSUMER_DEFAULTS.idleHeartbeatMs,
    // A deleted durable consumer (or stream) ends the pull loop with an error instead of waiting
    // quietly for someone to restore it: the loop below re-creates it.
    abort_on_missing_resource: true,
  };
  const js = jetstream(opts.nc);

  // Nak delays are chosen here per attempt; server-side backoff would shrink ack_wait to its first
  // step and redeliver slow but healthy handlers.
  async function open(): Promise<ConsumerMessages> {
    await ensureConsumer(await jetstreamManager(opts.nc), spec.stream, {
      durable: spec.durable,
      filterSubjects: spec.filterSubjects.map((s) => withNamespace(opts.namespace, s)),
      maxDeliver,
      ackWaitMs,
      maxAckPending,
    });
    const consumer = await js.consumers.get(spec.stream, spec.durable);
    return consumer.consume(pull);
  }

  let messages: ConsumerMessages = await open();
  logger.info({ ...log, ackWaitMs, maxDeliver, maxAckPending, batch: pull.max_messages, expiresMs: pull.expires, idleHeartbeatMs: pull.idle_heartbeat }, 'consumer: started');
  let stopped = false;
  const pause = sleeper(); // a wait that stop() cuts short

  const delayFor = (deliveries: number) => backoff[Math.min(deliveries, backoff.length) - 1];

  async function parkAndTerm(m: JsMsg, reason: ParkReason, detail: string, eventId?: string): Promise<void> {
    const letter = {
      consumer: spec.durable,
      eventId: eventId ?? m.headers?.get('Nats-Msg-Id') ?? undefined,
      subject: m.subject,
      streamSeq: m.seq,
      reason,
      detail,
      payload: new TextDecoder().decode(m.data),
      deliveryCount: m.info.deliveryCount,
    };
    try {
      await park(opts.pool, opts.schema, letter);
    } catch (err) {
      // Not parked, so not termed: it comes back and is parked later.
      logger.error({ ...log, seq: m.seq, err: String(err) }, 'consumer: cannot park, will retry');
      m.nak(delayFor(m.info.deliveryCount));
      count('naked');
      return;
    }
    // The detail of a malformed body quotes its start: logged only with the excerpt withheld.
    logger.warn({ ...log, seq: m.seq, eventId: letter.eventId, reason, detail: printableDetail(detail), alert: true }, 'consumer: message parked');
    m.term(); // no reason: nats-server 2.9 does not parse "+TERM <reason>"; the reason is in dead_letters
    count('parked');
  }

  /** The effect and the inbox row in one transaction; while the database is away, retried in place. */
  async function apply(m: JsMsg, event: IncomingEvent): Promise<Outcome | 'stopped'> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await withTransaction(opts.pool, async (tx): Promise<Outcome> => {
          if (!(await claimInbox(tx, opts.schema, spec.durable, event.eventId))) return 'duplicate';
          await spec.handle(event, tx);
          return 'applied';
        });
      } catch (err) {
        if (!databaseAway(err)) throw err;
        if (attempt === 1 || attempt % 30 === 0) logger.warn({ ...log, eventId: event.eventId, attempt, err: String(err) }, 'consumer: database away, message kept and retried');
        m.working(); // extends its ack wait: no redelivery, no delivery used up
        await pause(Math.min(AWAY_RETRY_CAP_MS, 100 * 2 ** Math.min(attempt - 1, 5)));
        if (stopped) return 'stopped';
      }
    }
  }

  async function handleOne(m: JsMsg): Promise<void> {
    const deliveries = m.info.deliveryCount;
    const lastChance = deliveries >= maxDeliver;
    const decoded = opts.registry.decode(withoutNamespace(opts.namespace, m.subject), m.data);
    if (!decoded.ok) {
      const unknown = spec.unknownVersion;
      if (decoded.reason === 'unknown-version' && typeof unknown === 'object' && !lastChance) {
        logger.warn({ ...log, seq: m.seq, detail: decoded.detail, alert: true }, 'consumer: newer version, delayed');
        m.nak(unknown.nakDelayMs);
        count('naked');
        return;
      }
      return parkAndTerm(m, decoded.reason, decoded.detail);
    }
    const event = incomingEvent(withoutNamespace(opts.namespace, m.subject), decoded, m.headers?.get('traceparent'));
    let outcome: Outcome | 'stopped';
    try {
      outcome = await apply(m, event);
    } catch (err) {
      if (err instanceof PoisonMessageError) return parkAndTerm(m, 'poison', err.message, event.eventId);
      if (lastChance) return parkAndTerm(m, 'max-deliver', String(err), event.eventId);
      logger.warn({ ...log, eventId: event.eventId, deliveries, err: String(err) }, 'consumer: transient failure, nak');
      m.nak(delayFor(deliveries));
      count('naked');
      return;
    }
    if (outcome === 'stopped') {
      m.nak(); // stopping while the database is away: another instance may take it now
      return;
    }
    failpoint('consumer-after-commit-before-ack');
    m.ack();
    count(outcome);
    if (outcome === 'duplicate') logger.info({ ...log, eventId: event.eventId }, 'consumer: redelivery of a processed event');
  }

  /**
   * A safety net under the client's own recovery (it re-pulls after two missed heartbeats and on
   * reconnect): heartbeats missed for a long time while the loop waits for messages reopen it.
   */
  let busy = false;
  function watch(current: ConsumerMessages): void {
    void (async () => {
      for await (const s of current.status()) {
        if (s.type === 'heartbeats_missed' && !busy && s.count >= MISSED_HEARTBEATS_REOPEN) {
          logger.warn({ ...log, missed: s.count }, 'consumer: heartbeats missed; reopening the pull loop');
          current.stop(new Error(`${s.count} heartbeats missed`));
        } else if (s.type === 'consumer_deleted' || s.type === 'consumer_not_found' || s.type === 'stream_not_found') {
          logger.warn({ ...log, status: s.type }, 'consumer: durable consumer or stream missing');
        }
      }
    })().catch(() => undefined);
  }

  // The pull loop. If it ends or fails for any reason but stop(), it is opened again with backoff.
  async function run(): Promise<void> {
    for (let failures = 0; ; ) {
      watch(messages);
      try {
        for await (const m of messages) {
          busy = true;
          try {
            await handleOne(m);
          } finally {
            busy = false;
          }
          failures = 0;
        }
        if (!stopped) logger.error({ ...log }, 'consumer: pull loop ended; reopening');
      } catch (err) {
        if (err instanceof FailpointCrash) throw err;
        if (!stopped) logger.error({ ...log, err: String(err) }, 'consumer: pull loop failed; reopening');
      } finally {
        await messages.close().catch(() => undefined);
      }
      for (;;) {
        if (stopped) return;
        failures++;
        await pause(Math.min(REOPEN_CAP_MS, 250 * 2 ** Math.min(failures - 1, 6)));
        if (stopped) return;
        try {
          messages = await open();
          logger.warn({ ...log, attempt: failures }, 'consumer: pull loop reopened');
          break;
        } catch (err) {
          logger.error({ ...log, attempt: failures, err: String(err) }, 'consumer: cannot reopen yet');
        }
      }
    }
  }

  const done = run();
  done.catch(() => undefined); // observed through `done`
  return {
    done,
    async stop() {
      stopped = true;
      pause.wake();
      messages.stop();
      await done.catch(() => undefined);
    },
  };
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
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return /timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error|connection (is )?(closed|ended)|Client was closed|terminating connection|the database system is (starting up|shutting down|in recovery mode)/i.test(message);
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
