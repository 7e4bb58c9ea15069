// Starts one service process: database (migrations under lock, runtime pool as the app role),
// NATS, the JetStream stream, the outbox relay, the service's consumers, its request/reply
// handlers, /health and /metrics (Prometheus, on the same port). `stop()` drains them in reverse order.
import 'reflect-metadata';
import { Controller, Get, Res, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import pg from 'pg';
import { callerVerifier, resolveServiceAuth, serviceTokens, type ServiceTokens } from '@jiandu/access';
import { createCalendar, installDefaultCalendar, readCalendarOverrides } from '@jiandu/calendar';
import type { ContractRegistry } from '@jiandu/contracts';
import { openEventStore, type Migration, type PostgresEventStore } from '@jiandu/event-store';
import {
  ensureStream,
  messagingMigrations,
  natsCredentials,
  startConsumer,
  startRelay,
  type ConsumerMetrics,
  type ConsumerRunner,
  type ConsumerSpec,
  type Relay,
  type RelayMetrics,
} from '@jiandu/messaging';
import { clockFrom } from './clock.js';
import { loadServiceConfig, positiveInteger, type ServiceConfig } from './config.js';
import { ensureDatabase } from './database.js';
import { createLogger, type Logger } from './logger.js';
import { startSealer } from './sealer.js';
import { defaultRegistry, METRICS_CONTENT_TYPE, runtimeMetrics, type MetricsRegistry } from './metrics.js';
import { rpcController, type RpcRoute } from './rpc-server.js';
import { withReplyFailpoint } from './reply-failpoint.js';
import { idempotencyMigrations, purgeIdempotencyKeys } from './idempotency.js';
import { createLimiter } from './limiter.js';
import { createPool, poolLimits, poolSaturated } from './pool.js';
import { runtimeMigrations as roleMigrations } from './role-limits.js';

const runtimeMigrations = [...idempotencyMigrations, ...roleMigrations];

export interface ServiceContext {
  config: ServiceConfig;
  logger: Logger;
  store: PostgresEventStore;
  /** Runtime pool (the app role in deployment); use for the service's own tables. */
  pool: pg.Pool;
  nc: NatsConnection;
  /** Injected time (see clock.ts): deciders and watchers take it from here. */
  now: () => Date;
  metrics: ServiceMetrics;
  /** The service's own signed, scoped tokens for its calls to other services (ADR 0019). */
  serviceTokens: ServiceTokens;
}

/** What /metrics exposes, and the hooks the libraries take (they import no metrics code). */
export interface ServiceMetrics {
  registry: MetricsRegistry;
  relay: RelayMetrics;
  consumer: ConsumerMetrics;
  /** For startDeadlineWatcher's `metrics` option (a DeadlineMetrics of @jiandu/deadlines). */
  deadlines: { raised(signal: string, count: number): void };
}

export function serviceMetrics(registry: MetricsRegistry = defaultRegistry): ServiceMetrics {
  const m = runtimeMetrics(registry);
  return {
    registry,
    relay: {
      published: (type, lagSeconds) => {
        m.relayPublished.inc({ type });
        m.relayLag.observe({}, lagSeconds);
      },
      failed: (reason) => m.relayFailures.inc({ reason }),
    },
    consumer: { message: (consumer, outcome) => m.consumerMessages.inc({ consumer, outcome }) },
    deadlines: { raised: (signal, count) => m.deadlineSignals.inc({ signal }, count) },
  };
}

export interface ServiceDefinition {
  name: string; // subject token, e.g. 'case-management'
  schema: string; // PostgreSQL schema, e.g. 'case_management'
  migrations: Migration[];
  registry: ContractRegistry;
  publicTypes: string[];
  rpc(ctx: ServiceContext): RpcRoute[];
  /** The service's durable consumers; the host puts them on the service's stream (`EVENT_STREAM`). */
  consumers?(ctx: ServiceContext): Omit<ConsumerSpec, 'stream'>[];
  /** Background work (deadline watchers, ...), stopped with the service. */
  background?(ctx: ServiceContext): { stop(): Promise<void> }[];
}

/**
 * The store a service's commands and reactors append through: each event is written at the version
 * of the service's own contract for its type in `def.registry` (the latest registered: a widened
 * PetitionTransferred is written as v2, ADR 0012), 1 for an event with no public contract. The relay
 * then validates and publishes it as that version.
 */
export function writingLatestVersions<S extends PostgresEventStore>(
  store: S,
  def: Pick<ServiceDefinition, 'name' | 'registry'>,
): S {
  const versionOf = (type: string) => def.registry.contract(def.name, type)?.version ?? 1;
  return {
    ...store,
    append: (streamId, events, expected, tx) =>
      store.append(
        streamId,
        events.map((event) => ({ ...event, schemaVersion: event.schemaVersion ?? versionOf(event.type) })),
        expected,
        tx,
      ),
  };
}

export interface RunningService {
  ctx: ServiceContext;
  relay: Relay;
  url: string; // health and metrics endpoint base
  stop(): Promise<void>;
}

type Reply = { status(code: number): Reply; header(name: string, value: string): Reply; send(body: unknown): void };

interface HealthReport {
  checks: Record<string, boolean>;
  reasons: string[];
}

function healthController(check: () => Promise<HealthReport>, registry: MetricsRegistry) {
  @Controller()
  class HealthController {
    @Get('metrics')
    metrics(@Res() reply: Reply) {
      reply.status(200).header('content-type', METRICS_CONTENT_TYPE).send(registry.expose());
    }

    @Get('health')
    async health(@Res() reply: Reply) {
      const { checks, reasons } = await check();
      const ready = reasons.length === 0;
      reply
        .status(ready ? 200 : 503)
        .send({ status: ready ? 'ok' : 'unavailable', ready, ...(ready ? {} : { reason: reasons.join('; ') }), checks });
    }
  }
  return HealthController;
}

export async function startService(def: ServiceDefinition, env: NodeJS.ProcessEnv = process.env): Promise<RunningService> {
  const config = loadServiceConfig(def.name, env);
  const logger = createLogger(def.name, config.logLevel);
  // Zero trust (ADR 0019): the key to verify callers' tokens, and the service's own signing key.
  const auth = resolveServiceAuth(def.name, env);
  if (auth.devDefaults.length > 0)
    logger.warn({ variables: auth.devDefaults }, 'using development keys: set these variables before any real use');
  // Years the official data does not cover yet (e.g. next year's holidays, once announced).
  if (env.JIANDU_CALENDAR_FILE) {
    installDefaultCalendar(createCalendar({ overrides: await readCalendarOverrides(env.JIANDU_CALENDAR_FILE) }));
    logger.info({ file: env.JIANDU_CALENDAR_FILE }, 'calendar overrides installed');
  }
  const limits = poolLimits(env);
  const shutdownMs = positiveInteger(env, 'SHUTDOWN_TIMEOUT_MS', 10_000);
  const rpcLimits = {
    // Handlers at once: what the pool serves; a short queue beyond it, then 503 at once.
    concurrency: positiveInteger(env, 'RPC_CONCURRENCY', limits.size),
    // The queue is cheap (a promise each); its timeout answers 503 before the gateway's own RPC timeout.
    queue: positiveInteger(env, 'RPC_QUEUE', 1_000),
    queueTimeoutMs: positiveInteger(env, 'RPC_QUEUE_TIMEOUT_MS', 4_000),
  };
  await ensureDatabase(config.databaseUrl);
  // The admin pool (migrations, /health's probe) is apart from the runtime pool, so an exhausted
  // runtime pool cannot make the health check wait.
  const adminPool = createPool(config.databaseUrl, { ...limits, statementTimeoutMs: 300_000 }, logger, 2); // migrations may take minutes
  const pool = createPool(config.databaseUrl, limits, logger);
  const store = writingLatestVersions(
    await openEventStore({
      pool: adminPool,
      runtimePool: pool,
      schema: def.schema,
      migrations: [...messagingMigrations, ...runtimeMigrations, ...def.migrations],
    }),
    def,
  );
  const natsOptions = {
    // No Error (with its stack) made up front for every request and its timer, in case it fails:
    // that was 2–12 % of a relay's or a service's CPU (docs/benchmarks.md).
    noAsyncTraces: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    pingInterval: 5_000,
    maxPingOut: 2,
    ...natsCredentials(env),
  };
  const nc = await connect({ servers: config.natsUrl, name: def.name, ...natsOptions });
  const namespace = config.namespace || undefined;
  await ensureStream(await jetstreamManager(nc), { name: config.eventStream, namespace });
  const metrics = serviceMetrics();
  const ctx: ServiceContext = {
    config,
    logger,
    store,
    pool,
    nc,
    now: clockFrom(env),
    metrics,
    serviceTokens: serviceTokens(def.name, auth.signingKey),
  };

  const relay = startRelay({
    store,
    pool,
    nc,
    service: def.name,
    stream: config.eventStream,
    namespace,
    registry: def.registry,
    publicTypes: def.publicTypes,
    logger,
    metrics: metrics.relay,
  });
  const consumers: ConsumerRunner[] = [];
  for (const spec of def.consumers?.(ctx) ?? []) {
    consumers.push(
      await startConsumer({
        nc,
        pool,
        schema: def.schema,
        registry: def.registry,
        spec: { ...spec, stream: config.eventStream },
        logger,
        namespace,
        metrics: metrics.consumer,
      }),
    );
  }
  const idempotencyTtlSeconds = positiveInteger(env, 'IDEMPOTENCY_TTL_HOURS', 24) * 3600;
  const background: { stop(): Promise<void> }[] = [
    startSealer({ pool, schema: def.schema, intervalMs: positiveInteger(env, 'SEAL_INTERVAL_MS', 60_000), logger }),
    startIdempotencyPurge(pool, def.schema, idempotencyTtlSeconds, logger),
    ...(def.background?.(ctx) ?? []),
  ];

  const limiter = createLimiter(rpcLimits);
  let rpcTransport = 'connecting';
  const check = () => readiness({ adminPool, pool, nc, rpcTransport: () => rpcTransport });
  metrics.registry.gauge('jiandu_rpc_in_flight', 'RPC handlers running now', () => limiter.active);
  metrics.registry.gauge('jiandu_rpc_waiting', 'RPC requests waiting for a handler slot', () => limiter.waiting);
  metrics.registry.gauge('jiandu_db_pool_in_use', 'Runtime pool connections checked out', () => pool.totalCount - pool.idleCount);
  metrics.registry.gauge('jiandu_db_pool_waiting', 'Callers waiting for a runtime pool connection', () => pool.waitingCount);
  const server = {
    logger,
    metrics: runtimeMetrics(metrics.registry),
    limiter,
    callers: callerVerifier(auth),
    transactions: {
      pool,
      schema: def.schema,
      idempotencyTtlSeconds,
      contentionBudgetMs: positiveInteger(env, 'CONTENTION_BUDGET_MS', 3_000),
    },
  };
  const rpcControllerOf = (routes: RpcRoute[]) => withReplyFailpoint(rpcController(routes, namespace, server), routes, env);
  const module: DynamicModule = {
    module: class ServiceModule {},
    controllers: [healthController(check, metrics.registry), rpcControllerOf(def.rpc(ctx))],
  };
  const app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), { logger: ['error', 'warn'] });
  const microservice = app.connectMicroservice<MicroserviceOptions>(
    { transport: Transport.NATS, options: { servers: [config.natsUrl], queue: `${namespace ?? ''}${def.name}`, ...natsOptions } },
    { inheritAppConfig: true },
  );
  microservice.status.subscribe((status) => (rpcTransport = String(status)));
  await app.startAllMicroservices();
  await app.listen(config.healthPort, '0.0.0.0');
  const url = await app.getUrl();
  logger.info({ health: `${url}/health`, metrics: `${url}/metrics` }, `${def.name} ready`);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // Every step is bounded: a step that hangs (a broker away, a stuck query) is abandoned.
      const step = (name: string, work: () => Promise<unknown>) =>
        withTimeout(work(), shutdownMs, `${name} did not stop in ${shutdownMs} ms`).catch((err: Error) =>
          logger.warn({ step: name, err: err.message }, 'shutdown step abandoned'),
        );
      await step('http and rpc', () => app.close());
      for (const b of background) await step('background', () => b.stop());
      for (const c of consumers) await step('consumer', () => c.stop());
      await step('relay', () => relay.stop());
      await step('nats', () => nc.drain());
      await step('pool', () => pool.end());
      await step('admin pool', () => adminPool.end());
      logger.info(`${def.name} stopped`);
    })());
  return { ctx, relay, url, stop };
}

/** /health: every check bounded, so the answer comes within a second, with the reason when not ready. */
async function readiness(parts: {
  adminPool: pg.Pool;
  pool: pg.Pool;
  nc: NatsConnection;
  rpcTransport: () => string;
}): Promise<HealthReport> {
  const database = await withTimeout(parts.adminPool.query('SELECT 1'), HEALTH_PROBE_MS, 'database probe timed out').then(
    () => true,
    () => false,
  );
  const nats =
    !parts.nc.isClosed() &&
    (await withTimeout(parts.nc.flush(), HEALTH_PROBE_MS, 'nats probe timed out').then(
      () => true,
      () => false,
    ));
  const rpc = parts.rpcTransport() === 'connected';
  const pool = !poolSaturated(parts.pool);
  const reasons = [
    ...(database ? [] : ['database unreachable']),
    ...(nats ? [] : ['nats unreachable']),
    ...(rpc ? [] : ['request/reply transport not connected']),
    ...(pool ? [] : ['database pool exhausted']),
  ];
  return { checks: { database, nats, rpc, pool, migrations: true }, reasons };
}

const HEALTH_PROBE_MS = 800;

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

function startIdempotencyPurge(pool: pg.Pool, schema: string, ttlSeconds: number, logger: Logger): { stop(): Promise<void> } {
  const timer = setInterval(() => {
    purgeIdempotencyKeys(pool, schema, ttlSeconds).then(
      (n) => n > 0 && logger.info({ purged: n }, 'expired idempotency keys purged'),
      (err: Error) => logger.warn({ err: err.message }, 'idempotency purge failed; next round retries'),
    );
  }, 3_600_000);
  timer.unref();
  return { stop: async () => clearInterval(timer) };
}

/** Entry-point helper: start (then `onStarted`), and stop cleanly on SIGINT/SIGTERM. */
export function runService(def: ServiceDefinition, onStarted?: () => void): void {
  startService(def).then(
    (service) => {
      onStarted?.();
      const shutdown = () =>
        service.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    },
    (error: Error) => {
      createLogger(def.name).fatal({ err: { type: error.name, message: error.message } }, `${def.name} failed to start`);
      process.exit(1);
    },
  );
}
