// Request/reply handlers of a service, served by @nestjs/microservices over NATS. Every request is
// checked against its operation's schema again here (the gateway is not trusted blindly), and the
// reply carries either the value or a typed DomainError with a stable code.
//
// Zero trust (ADR 0019): the actor named inside a message is not believed. The request carries the
// caller's signed token (a person's bearer token forwarded by the gateway, or a scoped service
// token); the server verifies it before anything else and acts as the actor the token names. No
// token, a token that does not verify, or an actor that differs from it: CALLER_UNVERIFIED.
//
// A command (operation kind 'cmd') runs in one transaction that this server opens and hands to
// its handler: the handler reads its streams, appends and writes its rows on that one connection,
// so no transaction ever waits for a second pooled connection. A lost race on a stream runs the
// whole transaction again on fresh state, with jitter, for a bounded time. An Idempotency-Key is
// recorded in the same transaction with the reply, so a retry replays the first outcome.
import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import type { Pool, PoolClient } from 'pg';
import {
  checkRequest,
  DomainException,
  isIdempotencyKey,
  invalid,
  isDomainError,
  unprocessable,
  type ApiOperation,
  type DomainError,
} from '@jiandu/contracts';
import {
  authorize,
  CALLER_UNVERIFIED,
  isOfficeCode,
  isOperationName,
  sameActor,
  SENSITIVE_READS,
  type AccessDecision,
  type Actor,
  type CallerVerifier,
} from '@jiandu/access';
import { withTransaction, WrongExpectedVersionError } from '@jiandu/event-store';
import { withNamespace } from '@jiandu/messaging';
import { recall, remember } from './idempotency.js';
import { Overloaded, type Limiter } from './limiter.js';
import type { Logger } from './logger.js';
import { codeLabel, runtimeMetrics, type RuntimeMetrics } from './metrics.js';
import { isUnavailable } from './pool.js';

export interface RpcRequest {
  actor: Actor;
  /** The caller's signed token (ADR 0019); absent only for an anonymous operation. */
  token?: string;
  correlationId: string;
  traceparent?: string;
  /** The client's Idempotency-Key (commands only). */
  idempotencyKey?: string;
  /** How long the caller waits for the answer, from sending (see `deadlineOf`). */
  budgetMs?: number;
  payload: unknown;
}

/** `replayed`: the stored outcome of an earlier request with the same Idempotency-Key. */
export type RpcReply =
  { ok: true; value: unknown; replayed?: true } | { ok: false; error: DomainError | SystemError; replayed?: true };
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
  /**
   * Verifies the token each request carries (ADR 0019); the service host always sets it. Without it
   * (unit tests of a route's replies) the actor in the message is taken as it is.
   */
  callers?: CallerVerifier;
}

const INTERNAL: SystemError = { code: 'INTERNAL', status: 500, message: { zh: '内部错误', en: 'internal error' } };
const UNAVAILABLE: SystemError = {
  code: 'SERVICE_UNAVAILABLE',
  status: 503,
  message: { zh: '服务暂时不可用，请稍后重试', en: 'the service is unavailable for now; retry later' },
};
const BUSY: SystemError = {
  code: 'SERVICE_UNAVAILABLE',
  status: 503,
  message: { zh: '服务繁忙，请稍后重试', en: 'the service is busy; retry later' },
};
const NO_ACTOR: DomainError = {
  code: 'UNAUTHENTICATED',
  status: 403,
  message: { zh: '缺少操作人', en: 'the request carries no actor' },
};
const KEY_REUSED = unprocessable('IDEMPOTENCY_KEY_REUSED', {
  zh: '该幂等键已用于另一请求',
  en: 'this Idempotency-Key was already used for a different request',
});

class Contended extends Error {}
/** The caller's wait would be over before this command could commit: rolled back, answered 503. */
class PastDeadline extends Error {}

/**
 * When the answer must leave to reach a caller that waits `budgetMs` from sending: the budget less
 * a margin for the reply's way back (a fifth of it, at most a second). Past it the server starts
 * nothing and commits nothing, so a 503 from a caller's timeout never hides a command that was done.
 */
export function deadlineOf(receivedAt: number, budgetMs: unknown): number {
  if (typeof budgetMs !== 'number' || !Number.isFinite(budgetMs) || budgetMs <= 0) return Number.POSITIVE_INFINITY;
  return receivedAt + budgetMs - Math.min(1_000, budgetMs / 5);
}

const LATE: SystemError = {
  code: 'SERVICE_UNAVAILABLE',
  status: 503,
  message: { zh: '服务繁忙，未能及时处理，请稍后重试', en: 'the service could not answer in time; retry later' },
};

function validActor(actor: unknown): actor is Actor {
  const a = actor as Partial<Actor> | undefined;
  return (
    typeof a === 'object' &&
    a !== null &&
    typeof a.sub === 'string' &&
    a.sub !== '' &&
    typeof a.name === 'string' &&
    isOfficeCode(a.office) &&
    Array.isArray(a.roles) &&
    Array.isArray(a.zones)
  );
}

/**
 * The access policy again (defence in depth: a caller on the bus is not trusted to have passed the
 * gateway): office and role. What needs the item's state (its zone, its handling office) the
 * service's deciders and queries check.
 */
function accessOf(route: RpcRoute, actor: Actor | undefined): AccessDecision {
  const name = route.operation.name;
  if (route.anonymous || !isOperationName(name)) return { ok: true };
  return authorize(name, actor);
}

/** Serves one request and counts it: by operation and outcome (ok, refused with its code, internal, unavailable), and its duration. */
export async function serveRpc(route: RpcRoute, request: unknown, server: RpcServer): Promise<RpcReply> {
  const started = performance.now();
  const metrics = server.metrics ?? runtimeMetrics();
  const seen: Seen = {};
  const reply = await (
    server.limiter
      ? server.limiter.run(() => answer(route, request, server, started, seen))
      : answer(route, request, server, started, seen)
  ).catch((error: unknown) => {
    if (!(error instanceof Overloaded)) throw error;
    metrics.rpcOverload.inc({ reason: error.reason });
    return { ok: false, error: BUSY } satisfies RpcReply;
  });
  const operation = route.operation.name;
  const outcome = reply.ok
    ? 'ok'
    : reply.error.status === 500
      ? 'internal'
      : reply.error.status === 503
        ? 'unavailable'
        : 'refused';
  metrics.rpcRequests.inc({ operation, outcome, code: reply.ok ? '' : codeLabel(reply.error.code) });
  metrics.rpcDuration.observe({ operation }, (performance.now() - started) / 1000);
  if (SENSITIVE_READS.has(operation)) recordSensitiveRead(route, request, reply, seen, server, metrics);
  return reply;
}

/** What answer() learnt of the caller, for the record of a sensitive read. */
interface Seen {
  actor?: Actor;
}

/**
 * Every decision on a sensitive read, as the service made it: one JSON line (`audit:
 * 'sensitive-read'`, the same shape as the gateway's) and a counter. No personal data: the verified
 * caller's subject id and office (or nothing, when the caller was not verified), the code of a
 * refusal, never the item asked for, the reason given or what was answered.
 */
function recordSensitiveRead(
  route: RpcRoute,
  request: unknown,
  reply: RpcReply,
  seen: Seen,
  server: RpcServer,
  metrics: RuntimeMetrics,
): void {
  const correlationId = (request as { correlationId?: unknown } | null)?.correlationId;
  const outcome = reply.ok ? 'granted' : 'refused';
  metrics.sensitiveReads.inc({ operation: route.operation.name, outcome });
  server.logger.info(
    {
      audit: 'sensitive-read',
      operation: route.operation.name,
      outcome,
      ...(reply.ok ? {} : { code: codeLabel(reply.error.code) }),
      correlationId: typeof correlationId === 'string' ? codeLabel(correlationId) : 'none',
      ...(seen.actor && SAFE_SUB.test(seen.actor.sub) ? { sub: seen.actor.sub } : {}),
      ...(seen.actor ? { office: seen.actor.office } : {}),
    },
    'sensitive read',
  );
}
const SAFE_SUB = /^[A-Za-z0-9_.:@-]{1,128}$/;

async function answer(route: RpcRoute, request: unknown, server: RpcServer, started: number, seen: Seen = {}): Promise<RpcReply> {
  const { logger } = server;
  const req = (typeof request === 'object' && request !== null ? request : {}) as Partial<RpcRequest>;
  const correlationId = typeof req.correlationId === 'string' ? req.correlationId : 'none';
  const deadline = deadlineOf(started, req.budgetMs);
  // Waited in the queue until the caller will have given up: do not start.
  if (performance.now() >= deadline) return { ok: false, error: LATE };
  try {
    let actor = req.actor;
    if (!route.anonymous && server.callers) {
      const verified = await server.callers.verify(req.token, route.operation.name);
      const reason = !verified.ok
        ? verified.reason
        : req.actor !== undefined && !sameActor(req.actor, verified.actor)
          ? 'ACTOR_MISMATCH'
          : undefined;
      if (reason !== undefined || !verified.ok) {
        // No personal data: the operation, the correlation and why, never the claimed or token's actor.
        logger.warn({ op: route.operation.name, correlationId, reason }, 'rpc refused: caller unverified');
        return { ok: false, error: CALLER_UNVERIFIED };
      }
      actor = verified.actor;
      seen.actor = verified.actor;
    }
    if (!route.anonymous && !validActor(actor)) return { ok: false, error: NO_ACTOR };
    const access = accessOf(route, actor);
    if (!access.ok) return { ok: false, error: access.error };
    const checked = checkRequest(route.operation, req.payload ?? {});
    if (!checked.ok) return { ok: false, error: invalid(checked.fields, 'VALIDATION_FAILED') };
    const call: RpcCall<unknown> = {
      actor: actor as Actor,
      correlationId,
      traceparent: req.traceparent,
      payload: checked.value,
    };
    const reply =
      route.operation.kind === 'cmd' && server.transactions
        ? await runCommand(route, call, idempotencyKeyOf(req, route), server.transactions, deadline)
        : { ok: true as const, value: await route.handle(call, undefined as never) };
    if (reply.ok)
      logger.debug(
        {
          op: route.operation.name,
          correlationId,
          ms: Math.round(performance.now() - started),
          ...(reply.replayed ? { replayed: true } : {}),
        },
        'rpc ok',
      );
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
    if (error instanceof PastDeadline) {
      logger.warn({ op: route.operation.name, correlationId }, "rpc rolled back: past the caller's deadline");
      return { ok: false, error: LATE };
    }
    const unavailable = error instanceof Contended || isUnavailable(error);
    const log = {
      op: route.operation.name,
      correlationId,
      err: { type: err?.name, code: (err as { code?: string })?.code, stack: err?.stack?.split('\n').slice(1, 6).join('\n') },
    };
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

async function runCommand(
  route: RpcRoute,
  call: RpcCall<unknown>,
  key: string | undefined,
  tx: NonNullable<RpcServer['transactions']>,
  callerDeadline = Number.POSITIVE_INFINITY,
): Promise<RpcReply> {
  const contentionDeadline = Math.min(performance.now() + tx.contentionBudgetMs, callerDeadline);
  // Checked last inside the transaction: past the caller's deadline it rolls back instead of committing.
  const beforeCommit = <T>(reply: T): T => {
    if (performance.now() >= callerDeadline) throw new PastDeadline();
    return reply;
  };
  const idem =
    key === undefined ? undefined : { caller: call.actor.sub, key, operation: route.operation.name, payload: call.payload };
  for (let attempt = 1; ; attempt++) {
    try {
      return await withTransaction(tx.pool, async (client): Promise<RpcReply> => {
        if (idem === undefined) return beforeCommit({ ok: true, value: await route.handle(call, client) });
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
        return beforeCommit(reply);
      });
    } catch (error) {
      if (!isLostRace(error)) throw error;
      if (performance.now() >= contentionDeadline)
        throw new Contended('lost every race on the stream within the contention budget');
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
  return {
    actor: { sub, name, office },
    correlationId: call.correlationId,
    ...(call.traceparent ? { traceparent: call.traceparent } : {}),
  };
}
