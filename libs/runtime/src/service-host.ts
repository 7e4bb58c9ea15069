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
  consumers?(ctx: ServiceContext): ConsumerSpec[];
  /** Background work (deadline watchers, ...), stopped with the service. */
  background?(ctx: ServiceContext): { stop(): Promise<void> }[];
}

export interface RunningService {
  ctx: ServiceContext;
  relay: Relay;
  url: string; // health and metrics endpoint base
  stop(): Promise<void>;
}

type Reply = { status(code: number): Reply; header(name: string, value: string): Reply; send(body: unknown): void };

function healthController(check: () => Promise<Record<string, boolean>>, registry: MetricsRegistry) {
  @Controller()
  class HealthController {
    @Get('metrics')
    metrics(@Res() reply: Reply) {
      reply.status(200).header('content-type', METRICS_CONTENT_TYPE).send(registry.expose());
    }

    @Get('health')
    async health(@Res() reply: Reply) {
      const checks = await check();
      const ok = Object.values(checks).every(Boolean);
      reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks });
    }
  }
  return HealthController;
}

export async function startService(def: ServiceDefinition, env: NodeJS.ProcessEnv = process.env): Promise<RunningService> {
  const config = loadServiceConfig(def.name, env);
  const logger = createLogger(def.name, config.logLevel);
  // Years the official data does not cover yet (e.g. next year's holidays, once announced).
  if (env.JIANDU_CALENDAR_FILE) {
    installDefaultCalendar(createCalendar({ overrides: await readCalendarOverrides(env.JIANDU_CALENDAR_FILE) }));
    logger.info({ file: env.JIANDU_CALENDAR_FILE }, 'calendar overrides installed');
  }
  await ensureDatabase(config.databaseUrl);
  const adminPool = new pg.Pool({ connectionString: config.databaseUrl, max: 2 });
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: Number(env.PG_POOL_SIZE ?? 10) });
  for (const p of [adminPool, pool]) p.on('error', (err) => logger.warn({ err: err.message }, 'idle database client failed'));
  const store = await openEventStore({
    pool: adminPool,
    runtimePool: pool,
    schema: def.schema,
    migrations: [...messagingMigrations, ...def.migrations],
  });
  const nc = await connect({ servers: config.natsUrl, name: def.name, maxReconnectAttempts: -1, reconnectTimeWait: 500, ...natsCredentials(env) });
  const namespace = config.namespace || undefined;
  await ensureStream(await jetstreamManager(nc), { name: config.eventStream, namespace });
  const metrics = serviceMetrics();
  const ctx: ServiceContext = { config, logger, store, pool, nc, now: clockFrom(env), metrics };

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
      await startConsumer({ nc, pool, schema: def.schema, registry: def.registry, spec: { ...spec, stream: config.eventStream }, logger, namespace, metrics: metrics.consumer }),
    );
  }
  const background: { stop(): Promise<void> }[] = [
    startSealer({ pool, schema: def.schema, intervalMs: positiveInteger(env, 'SEAL_INTERVAL_MS', 60_000), logger }),
    ...(def.background?.(ctx) ?? []),
  ];

  const check = async () => {
    const database = await pool.query('SELECT 1').then(() => true, () => false);
    return { database, nats: !nc.isClosed() && nc.status !== undefined, migrations: true };
  };
  const module: DynamicModule = {
    module: class ServiceModule {},
    controllers: [healthController(check, metrics.registry), rpcController(def.rpc(ctx), namespace, logger, runtimeMetrics(metrics.registry))],
  };
  const app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), { logger: ['error', 'warn'] });
  app.connectMicroservice<MicroserviceOptions>(
    { transport: Transport.NATS, options: { servers: [config.natsUrl], queue: `${namespace ?? ''}${def.name}`, ...natsCredentials(env) } },
    { inheritAppConfig: true },
  );
  await app.startAllMicroservices();
  await app.listen(config.healthPort, '0.0.0.0');
  const url = await app.getUrl();
  logger.info({ health: `${url}/health`, metrics: `${url}/metrics` }, `${def.name} ready`);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await app.close();
      for (const b of background) await b.stop();
      for (const c of consumers) await c.stop();
      await relay.stop();
      await nc.drain().catch(() => undefined);
      await pool.end();
      await adminPool.end();
      logger.info(`${def.name} stopped`);
    })());
  return { ctx, relay, url, stop };
}

/** Entry-point helper: start, and stop cleanly on SIGINT/SIGTERM. */
export function runService(def: ServiceDefinition): void {
  startService(def).then(
    (service) => {
      const shutdown = () => service.stop().then(() => process.exit(0), () => process.exit(1));
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    },
    (error: Error) => {
      createLogger(def.name).fatal({ err: { type: error.name, message: error.message } }, `${def.name} failed to start`);
      process.exit(1);
    },
  );
}
