// The gateway: HTTP (Fastify) in front, NATS request/reply behind. `createGateway` builds it for
// tests and runners; run as the entry point, it listens on PORT until SIGINT/SIGTERM.
import 'reflect-metadata';
import { Module, type INestApplication, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { pino, type DestinationStream, type Logger } from 'pino';
import { DEFAULT_TOKEN_MAX_LIFETIME_SECONDS } from '@jiandu/access';
import { MetricsRegistry } from '@jiandu/runtime';
import { DEFAULT_LOOKUP_RATE_LIMIT, loadGatewayConfig, type GatewayConfig } from './config.js';
import { SENSITIVE_READS } from './audit.js';
import { clientErrorHandler, frameworkErrors, gatewayExceptionFilter } from './errors.js';
import { routesController } from './controller.js';
import { createForward, inFlightCounter, replayedRequests } from './forward.js';
import { HealthController } from './health.controller.js';
import { inFlightExposition, metricsController, registerRequestMetrics } from './metrics.js';
import { buildOpenApiDocument } from './openapi.js';
import { registerRateLimit, tokenBucketLimiter } from './rate-limit.js';
import { GATEWAY_ROUTES, isPublic } from './routes.js';
import { correlationIdOf, registerRequestLog } from './request-log.js';
import { createNatsRpc, RPC, type NatsRpc } from './rpc.js';

export { loadGatewayConfig, type GatewayConfig } from './config.js';

export interface Gateway {
  app: INestApplication;
  log: Logger;
  /** Listens on config.port (0 = any) and resolves to the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export const BODY_LIMIT = 64 * 1024;

function createLog(config: GatewayConfig): Logger {
  const options = { level: config.logLevel, base: { service: 'gateway' }, timestamp: pino.stdTimeFunctions.isoTime };
  // Asynchronous writes: lines queued while one write is pending go out together, instead of one
  // blocking write per request (about 10% of the gateway's CPU per command in a profile).
  return config.logDestination
    ? pino(options, config.logDestination as DestinationStream)
    : pino(options, pino.destination({ dest: 1, sync: false }));
}

/** Nest's own messages (startup, unexpected faults) go to the same JSON log, warnings and up. */
function nestLogger(log: Logger): LoggerService {
  return {
    log: () => undefined,
    error: (message: unknown) => log.error({ source: 'nest' }, String(message)),
    warn: (message: unknown) => log.warn({ source: 'nest' }, String(message)),
  };
}

/** `POST …/accept` with `Content-Type: application/json` and no body means "no fields", not an error. */
function acceptEmptyJson(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (request, body, done) => {
    if (body === '') done(null, undefined);
    else parse(request, String(body), done);
  });
}

/**
 * The API's answers carry case data and, for the reporter identity, a person's name and contact
 * details: no cache (browser, proxy) keeps any of them, errors included.
 */
function noStore(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.url.startsWith('/api/v1/')) void reply.header('cache-control', 'no-store');
    done();
  });
}

export async function createGateway(config: GatewayConfig): Promise<Gateway> {
  const log = createLog(config);
  const rpc: NatsRpc = createNatsRpc(config.natsUrl, log);
  await rpc.connect();
  // One registry per gateway (tests run several in one process).
  const metrics = new MetricsRegistry();
  const overload = metrics.counter(
    'jiandu_gateway_overload_total',
    'Requests answered 503 at once because their service had GATEWAY_MAX_IN_FLIGHT requests in flight, by service',
    ['service'],
  );
  const services = [...new Set(GATEWAY_ROUTES.map((route) => route.operation.service))];
  for (const service of services) overload.inc({ service }, 0); // 0 from the start, not absent
  metrics.gauge(
    'jiandu_gateway_max_in_flight',
    'Requests in flight one service may have (GATEWAY_MAX_IN_FLIGHT)',
    () => config.maxInFlight,
  );
  const limited = metrics.counter(
    'jiandu_gateway_rate_limited_total',
    'Requests to a no-token route answered 429 because their client was over LOOKUP_RATE_LIMIT a minute, by route pattern',
    ['route'],
  );
  const limitedRoutes = new Set(GATEWAY_ROUTES.filter(isPublic).map((route) => route.path));
  for (const route of limitedRoutes) limited.inc({ route }, 0);
  const sensitiveReads = metrics.counter(
    'jiandu_gateway_sensitive_reads_total',
    'Decisions on a sensitive read (the reporter identity), granted or refused, each also an audit line in the log',
    ['operation', 'outcome'],
  );
  for (const operation of SENSITIVE_READS)
    for (const outcome of ['granted', 'refused']) sensitiveReads.inc({ operation, outcome }, 0);
  const inFlight = inFlightCounter(config.maxInFlight);
  const forward = createForward({
    rpc,
    jwtSecret: new TextEncoder().encode(config.jwtSecret),
    rpcTimeoutMs: config.rpcTimeoutMs,
    namespace: config.namespace,
    tokenMaxLifetimeSeconds: config.tokenMaxLifetimeSeconds ?? DEFAULT_TOKEN_MAX_LIFETIME_SECONDS,
    inFlight,
    onOverload: (service) => overload.inc({ service }),
    onSensitiveRead: (record) => {
      sensitiveReads.inc({ operation: record.operation, outcome: record.outcome });
      log.info(record, 'sensitive read');
    },
  });

  @Module({
    controllers: [
      HealthController,
      metricsController(metrics, inFlightExposition(services, inFlight.count)),
      routesController(GATEWAY_ROUTES, forward),
    ],
    providers: [{ provide: RPC, useValue: rpc }],
  })
  class GatewayModule {}

  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    genReqId: correlationIdOf,
    logger: false,
    clientErrorHandler,
    frameworkErrors,
    ...(config.trustProxy === undefined ? {} : { trustProxy: config.trustProxy }),
  });
  // bodyParser off: Nest would add urlencoded; Fastify's own JSON parser stays, and we drop text/plain.
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule, adapter, {
    bodyParser: false,
    logger: nestLogger(log),
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeContentTypeParser('text/plain');
  acceptEmptyJson(fastify);
  registerRequestLog(fastify, log);
  noStore(fastify);
  registerRequestMetrics(fastify, metrics);
  registerRateLimit(
    fastify,
    limitedRoutes,
    tokenBucketLimiter({ perMinute: config.lookupRateLimit ?? DEFAULT_LOOKUP_RATE_LIMIT }),
    (route) => limited.inc({ route }),
  );
  app.useGlobalFilters(gatewayExceptionFilter(log));
  const retryAfter = String(config.retryAfterSeconds);
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (replayedRequests.has(request)) void reply.header('idempotent-replayed', 'true');
    // Every 503 says when to come back (a burst, an outage or a restart passes; nothing was half-done):
    // errors, the back-pressure refusal and /health alike.
    if (reply.statusCode === 503) void reply.header('retry-after', retryAfter);
    // A JSON answer ends its line, so answers printed in a terminal do not run into each other.
    const json = String(reply.getHeader('content-type') ?? '').startsWith('application/json');
    done(null, json && typeof payload === 'string' && !payload.endsWith('\n') ? `${payload}\n` : payload);
  });
  SwaggerModule.setup('api/docs', app, buildOpenApiDocument({ serverUrl: config.publicUrl }) as unknown as OpenAPIObject, {
    jsonDocumentUrl: 'api/docs-json',
  });
  await app.init();

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await app.close();
    await rpc.close();
  };
  return {
    app,
    log,
    async listen() {
      await app.listen(config.port, config.host);
      const address = fastify.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
      log.info({ port }, 'gateway listening');
      return `http://${host}:${port}`;
    },
    close,
  };
}

// ── entry point
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const config = loadGatewayConfig();
  const gateway = await createGateway(config);
  await gateway.listen();
  // Stop within a limit, then exit normally (so exit hooks run: log flush, --cpu-prof).
  const shutdown = () => {
    setTimeout(() => process.exit(1), 10_000).unref();
    gateway.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
