// The consumer runner: a durable pull consumer whose effect and inbox row commit in one
// PostgreSQL transaction before the ack. Transient failures are naked with backoff; a message
// that can never succeed is parked in dead_letters and only then termed.
import { withTransaction } from '@jiandu/event-store';
import { printableDetail } from './dead-letters.js';
import { jetstream, jetstreamManager, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Pool } from 'pg';
import { envFailpoints, FailpointCrash, type Failpoints } from './failpoints.js';
import { claimInbox, park, type ParkReason } from './inbox.js';
import { ensureConsumer, withNamespace, withoutNamespace } from './jetstream-setup.js';
import { PoisonMessageError, type ConsumerMetrics, type ConsumerOutcome, type ConsumerSpec, type EventDecoder, type IncomingEvent, type Logger } from './types.js';

export interface ConsumerOptions {
  nc: NatsConnection;
  pool: Pool;
  schema: string; // the service's schema, holding inbox and dead_letters (messagingMigrations)
  registry: EventDecoder; // a ContractRegistry
  spec: ConsumerSpec;
  logger: Logger;
  namespace?: string; // tests: the subject prefix given to ensureStream
  failpoints?: Failpoints; // default: FAILPOINT from the environment
  pullBatch?: number; // messages buffered per pull, default 32
  metrics?: ConsumerMetrics;
}

export interface ConsumerRunner {
  stop(): Promise<void>;
  /** Resolves on stop; rejects if the runner crashed at a failpoint. */
  readonly done: Promise<void>;
}

const DEFAULT_BACKOFF_MS = [1_000, 5_000, 30_000, 120_000];

type Outcome = 'applied' | 'duplicate';

export async function startConsumer(opts: ConsumerOptions): Promise<ConsumerRunner> {
  const { spec, logger } = opts;
  const maxDeliver = spec.maxDeliver ?? 10;
  const backoff = spec.backoffMs?.length ? spec.backoffMs : DEFAULT_BACKOFF_MS;
  const failpoint = opts.failpoints ?? envFailpoints();
  const log = { consumer: spec.durable };
  const count = (outcome: ConsumerOutcome) => opts.metrics?.message(spec.durable, outcome);

  // Nak delays are chosen here per attempt; server-side backoff would shrink ack_wait to its first
  // step and redeliver slow but healthy handlers.
  await ensureConsumer(await jetstreamManager(opts.nc), spec.stream, {
    durable: spec.durable,
    filterSubjects: spec.filterSubjects.map((s) => withNamespace(opts.namespace, s)),
    maxDeliver,
    ackWaitMs: spec.ackWaitMs ?? 30_000,
  });
  const consumer = await jetstream(opts.nc).consumers.get(spec.stream, spec.durable);
  const pull = { max_messages: opts.pullBatch ?? 32, expires: 30_000, idle_heartbeat: 5_000 };
  let messages: ConsumerMessages = await consumer.consume(pull);
  let stopped = false;

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
    let outcome: Outcome;
    try {
      outcome = await withTransaction(opts.pool, async (tx): Promise<Outcome> => {
        if (!(await claimInbox(tx, opts.schema, spec.durable, event.eventId))) return 'duplicate';
        await spec.handle(event, tx);
        return 'applied';
      });
    } catch (err) {
      if (err instanceof PoisonMessageError) return parkAndTerm(m, 'poison', err.message, event.eventId);
      if (lastChance) return parkAndTerm(m, 'max-deliver', String(err), event.eventId);
      logger.warn({ ...log, eventId: event.eventId, deliveries, err: String(err) }, 'consumer: transient failure, nak');
      m.nak(delayFor(deliveries));
      count('naked');
      return;
    }
    failpoint('consumer-after-commit-before-ack');
    m.ack();
    count(outcome);
    if (outcome === 'duplicate') logger.info({ ...log, eventId: event.eventId }, 'consumer: redelivery of a processed event');
  }

  // The pull loop. If it ends or fails for any reason but stop() (a broker restart, a consumer
  // recreated, missed heartbeats), it is opened again with backoff: a consumer never dies quietly.
  async function run(): Promise<void> {
    for (let failures = 0; ; ) {
      try {
        for await (const m of messages) {
          await handleOne(m);
          failures = 0;
        }
      } catch (err) {
        if (err instanceof FailpointCrash) throw err;
        logger.error({ ...log, err: String(err) }, 'consumer: pull loop failed; reopening');
      } finally {
        await messages.close().catch(() => undefined);
      }
      if (stopped) return;
      failures++;
      const wait = Math.min(30_000, 500 * 2 ** Math.min(failures, 6));
      logger.warn({ ...log, waitMs: wait }, 'consumer: pull loop ended; reopening');
      await new Promise((resolve) => setTimeout(resolve, wait));
      if (stopped) return;
      try {
        messages = await consumer.consume(pull);
      } catch (err) {
        logger.error({ ...log, err: String(err) }, 'consumer: cannot reopen yet');
      }
    }
  }

  const done = run();
  done.catch(() => undefined); // observed through `done`
  return {
    done,
    async stop() {
      stopped = true;
      messages.stop();
      await done.catch(() => undefined);
    },
  };
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
