// Request/reply handlers of a service, served by @nestjs/microservices over NATS. Every request is
// checked against its operation's schema again here (the gateway is not trusted blindly), and the
// reply carries either the value or a typed DomainError with a stable code.
//
// A command (operation kind 'cmd') runs in one transaction that this server opens and hands to
// its handler: the handler reads its streams, appends and writes its rows on that one connection,
// so no transaction ever waits for a second pooled connection. A lost race on a stream runs the
// whole transaction again on fresh state, with jitter, for a bounded time. An Idempotency-Key is
// recorded in the same transaction with the reply, so a retry replays the first outcome.
import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import type { Pool, PoolClient } from 'pg';
import { checkRequest, DomainException, isIdempotencyKey, invalid, isDomainError, unprocessable, type ApiOperation, type DomainError } from '@jiandu/contracts';
import { isOfficeCode, type Actor } from '@jiandu/access';
import { withTransaction, WrongExpectedVersionError } from '@jiandu/event-store';
import { withNamespace } from '@jiandu/messaging';
import { recall, remember } from './idempotency.js';
import { Overloaded, type Limiter } from './limiter.js';
import type { Logger } from './logger.js';
import { codeLabel, runtimeMetrics, type RuntimeMetrics } from './metrics.js';
import { isUnavailable } from './pool.js';

export interface RpcRequest {
  actor: Actor;
  correlationId: string;
  traceparent?: string;
  /** The client's Idempotency-Key (commands only). */
  idempotencyKey?: string;
  payload: unknown;
}

/** `replayed`: the stored outcome of an earlier request with the same Idempotency-Key. */
export type RpcReply = { ok: true; value: unknown; replayed?: true } | { ok: false; error: DomainError | SystemError; replayed?: true };
interface SystemError {
  code: string;
  status: 500 | 503;
  message: { zh: string; en: string };
}

export interface RpcCall<P> {
  actor: Actor;
  correlationId: string;
  traceparent?: string;
  payload: P;
}

export interface RpcRoute {
  operation: ApiOperation;
  /** Anonymous operations (the lookup by code) accept a request without an actor. */
  anonymous?: boolean;
  /**
   * A retry with the same Idempotency-Key replays the stored reply ('store', the default), or runs
   * again ('rerun'): for a reply that must never be stored outside its vault (a reporter's identity).
   */
  replay?: 'store' | 'rerun';
  /** Commands get the transaction the server opened; queries get none and read on the pool. */
  handle(call: RpcCall<unknown>, tx: PoolClient): Promise<unknown>;
}

/** What serves the routes: the pool that command transactions run on, and the bounds. */
export interface RpcServer {
  logger: Logger;
  metrics?: RuntimeMetrics;
  /** Without it (unit tests of a route's replies) a command's handler runs without a transaction. */
  transactions?: {
    pool: Pool;
    schema: string;
    idempotencyTtlSeconds: number;
    /** How long a command keeps re-running after lost races on its stream before answering 503. */
    contentionBudgetMs: number;
  };
  limiter?: Limiter;
}

const INTERNAL: SystemError = { code: 'INTERNAL', status: 500, message: { zh: '内部错误', en: 'internal error' } };
const UNAVAILABLE: SystemError = {
  code: 'SERVICE_UNAVAILABLE',
  status: 503,
  message: { zh: '服务暂时不可用，请稍后重试', en: 'the service is unavailable for now; retry later' },
};
const BUSY: SystemError = { code: 'SERVICE_UNAVAILABLE', status: 503, message: { zh: '服务繁忙，请稍后重试', en: 'the service is busy; retry later' } };
const NO_ACTOR: DomainError = { code: 'UNAUTHENTICATED', status: 403, message: { zh: '缺少操作人', en: 'the request carries no actor' } };
const KEY_REUSED = unprocessable('IDEMPOTENCY_KEY_REUSED', {
  zh: '该幂等键已用于另一请求',
  en: 'this Idempotency-Key was already used for a different request',
});

class Contended extends Error {}

function validActor(actor: unknown): actor is Actor {
  const a = actor as Partial<Actor> | undefined;
  return (
    typeof a === 'object' && a !== null && typeof a.sub === 'string' && a.sub !== '' && typeof a.name === 'string' &&
    isOfficeCode(a.office) && Array.isArray(a.roles) && Array.isArray(a.zones)
  );
}

/** Serves one request and counts it: by operation and outcome (ok, refused with its code, internal, unavailable), and its duration. */
export async function serveRpc(route: RpcRoute, request: unknown, server: RpcServer): Promise<RpcReply> {
  const started = performance.now();
  const metrics = server.metrics ?? runtimeMetrics();
  const reply = await (server.limiter ? server.limiter.run(() => answer(route, request, server, started)) : answer(route, request, server, started)).catch(
    (error: unknown) => {
      if (!(error instanceof Overloaded)) throw error;
      metrics.rpcOverload.inc({ reason: error.reason });
      return { ok: false, error: BUSY } satisfies RpcReply;
    },
  );
  const operation = route.operation.name;
  const outcome = reply.ok ? 'ok' : reply.error.status === 500 ? 'internal' : reply.error.status === 503 ? 'unavailable' : 'refused';
  metrics.rpcRequests.inc({ operation, outcome, code: reply.ok ? '' : codeLabel(reply.error.code) });
  metrics.rpcDuration.observe({ operation }, (performance.now() - started) / 1000);
  return reply;
}

async function answer(route: RpcRoute, request: unknown, server: RpcServer, started: number): Promise<RpcReply> {
  const { logger } = server;
  const req = (typeof request === 'object' && request !== null ? request : {}) as Partial<RpcRequest>;
  const correlationId = typeof req.correlationId === 'string' ? req.correlationId : 'none';
  try {
    if (!route.anonymous && !validActor(req.actor)) return { ok: false, error: NO_ACTOR };
    const checked = checkRequest(route.operation, req.payload ?? {});
    if (!checked.ok) return { ok: false, error: invalid(checked.fields, 'VALIDATION_FAILED') };
    const call: RpcCall<unknown> = { actor: req.actor as Actor, correlationId, traceparent: req.traceparent, payload: checked.value };
    const reply =
      route.operation.kind === 'cmd' && server.transactions
        ? await runCommand(route, call, idempotencyKeyOf(req, route), server.transactions)
        : { ok: true as const, value: await route.handle(call, undefined as never) };
    if (reply.ok) logger.debug({ op: route.operation.name, correlationId, ms: Math.round(performance.now() - started), ...(reply.replayed ? { replayed: true } : {}) }, 'rpc ok');
    else logger.info({ op: route.operation.name, correlationId, code: reply.error.code }, 'rpc refused');
    return reply;
  } catch (error) {
    if (error instanceof DomainException) {
      logger.info({ op: route.operation.name, correlationId, code: error.error.code }, 'rpc refused');
      return { ok: false, error: error.error };
    }
    if (isDomainError(error)) return { ok: false, error };
    if (error instanceof Overloaded) throw error;
    // The message of an unexpected error may quote data: log its class, code and stack frames only.
    const err = error as Error;
    const unavailable = error instanceof Contended || isUnavailable(error);
    const log = { op: route.operation.name, correlationId, err: { type: err?.name, code: (err as { code?: string })?.code, stack: err?.stack?.split('\n').slice(1, 6).join('\n') } };
    if (unavailable) logger.warn(log, 'rpc unavailable');
    else logger.error(log, 'rpc failed');
    return { ok: false, error: unavailable ? UNAVAILABLE : INTERNAL };
  }
}

function idempotencyKeyOf(req: Partial<RpcRequest>, route: RpcRoute): string | undefined {
  const key = req.idempotencyKey;
  // The gateway checked its shape; a service still refuses what it cannot store.
  if (route.replay === 'rerun' || !isIdempotencyKey(key)) return undefined;
  return key;
}

async function runCommand(route: RpcRoute, call: RpcCall<unknown>, key: string | undefined, tx: NonNullable<RpcServer['transactions']>): Promise<RpcReply> {
  const deadline = performance.now() + tx.contentionBudgetMs;
  const idem = key === undefined ? undefined : { caller: call.actor.sub, key, operation: route.operation.name, payload: call.payload };
  for (let attempt = 1; ; attempt++) {
    try {
      return await withTransaction(tx.pool, async (client): Promise<RpcReply> => {
        if (idem === undefined) return { ok: true, value: await route.handle(call, client) };
        const known = await recall(client, tx.schema, idem, tx.idempotencyTtlSeconds);
        if (known.kind === 'reused') return { ok: false, error: KEY_REUSED };
        if (known.kind === 'replay') return { ...(known.reply as RpcReply), replayed: true };
        // A refusal is an outcome too: its effects are undone, the key remembers it.
        await client.query('SAVEPOINT command');
        let reply: RpcReply;
        try {
          reply = { ok: true, value: await route.handle(call, client) };
        } catch (error) {
          const refusal = error instanceof DomainException ? error.error : isDomainError(error) ? error : undefined;
          if (refusal === undefined) throw error;
          await client.query('ROLLBACK TO SAVEPOINT command');
          reply = { ok: false, error: refusal };
        }
        await remember(client, tx.schema, idem, reply);
        return reply;
      });
    } catch (error) {
      if (!isLostRace(error)) throw error;
      if (performance.now() >= deadline) throw new Contended('lost every race on the stream within the contention budget');
      // Full jitter, growing to 50 ms: writers on one stream spread out instead of colliding again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
    }
  }
}

/** Another writer got there first: run again on fresh state. */
function isLostRace(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return error instanceof WrongExpectedVersionError || code === '40001' || code === '40P01';
}

/** A Nest controller with one @MessagePattern per route, built at start because subjects carry the namespace. */
export function rpcController(routes: RpcRoute[], namespace: string | undefined, server: RpcServer): new () => object {
  @Controller()
  class RpcController {}
  for (const [index, route] of routes.entries()) {
    const key = `op${index}`;
    const descriptor: PropertyDescriptor = {
      value: (data: unknown) => serveRpc(route, data, server),
      writable: true,
      configurable: true,
    };
    Object.defineProperty(RpcController.prototype, key, descriptor);
    MessagePattern(withNamespace(namespace, route.operation.subject))(RpcController.prototype, key, descriptor);
    Object.defineProperty(RpcController.prototype, key, descriptor);
  }
  return RpcController;
}

/** The metadata every event of a call carries: who, and the correlation (and trace) it belongs to. */
export function callMetadata(call: RpcCall<unknown>) {
  const { sub, name, office } = call.actor;
  return { actor: { sub, name, office }, correlationId: call.correlationId, ...(call.traceparent ? { traceparent: call.traceparent } : {}) };
}
