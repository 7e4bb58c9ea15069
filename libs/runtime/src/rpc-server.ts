// Request/reply handlers of a service, served by @nestjs/microservices over NATS. Every request is
// checked against its operation's schema again here (the gateway is not trusted blindly), and the
// reply carries either the value or a typed DomainError with a stable code.
import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { checkRequest, DomainException, invalid, isDomainError, type ApiOperation, type DomainError } from '@jiandu/contracts';
import { isOfficeCode, type Actor } from '@jiandu/access';
import { withNamespace } from '@jiandu/messaging';
import type { Logger } from './logger.js';
import { codeLabel, runtimeMetrics, type RuntimeMetrics } from './metrics.js';

export interface RpcRequest {
  actor: Actor;
  correlationId: string;
  traceparent?: string;
  payload: unknown;
}

export type RpcReply = { ok: true; value: unknown } | { ok: false; error: DomainError | InternalError };
interface InternalError {
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
  handle(call: RpcCall<never>): Promise<unknown>;
}

const INTERNAL: InternalError = { code: 'INTERNAL', status: 500, message: { zh: '内部错误', en: 'internal error' } };
const NO_ACTOR: DomainError = { code: 'UNAUTHENTICATED', status: 403, message: { zh: '缺少操作人', en: 'the request carries no actor' } };

function validActor(actor: unknown): actor is Actor {
  const a = actor as Partial<Actor> | undefined;
  return (
    typeof a === 'object' && a !== null && typeof a.sub === 'string' && a.sub !== '' && typeof a.name === 'string' &&
    isOfficeCode(a.office) && Array.isArray(a.roles) && Array.isArray(a.zones)
  );
}

/** Serves one request and counts it: by operation and outcome (ok, refused with its code, internal), and its duration. */
export async function serveRpc(route: RpcRoute, request: unknown, logger: Logger, metrics: RuntimeMetrics = runtimeMetrics()): Promise<RpcReply> {
  const started = performance.now();
  const reply = await answer(route, request, logger, started);
  const operation = route.operation.name;
  const outcome = reply.ok ? 'ok' : reply.error.code === INTERNAL.code ? 'internal' : 'refused';
  metrics.rpcRequests.inc({ operation, outcome, code: reply.ok ? '' : codeLabel(reply.error.code) });
  metrics.rpcDuration.observe({ operation }, (performance.now() - started) / 1000);
  return reply;
}

async function answer(route: RpcRoute, request: unknown, logger: Logger, started: number): Promise<RpcReply> {
  const req = (typeof request === 'object' && request !== null ? request : {}) as Partial<RpcRequest>;
  const correlationId = typeof req.correlationId === 'string' ? req.correlationId : 'none';
  try {
    if (!route.anonymous && !validActor(req.actor)) return { ok: false, error: NO_ACTOR };
    const checked = checkRequest(route.operation, req.payload ?? {});
    if (!checked.ok) return { ok: false, error: invalid(checked.fields, 'VALIDATION_FAILED') };
    const value = await route.handle({
      actor: req.actor as Actor,
      correlationId,
      traceparent: req.traceparent,
      payload: checked.value as never,
    });
    logger.info({ op: route.operation.name, correlationId, ms: Math.round(performance.now() - started) }, 'rpc ok');
    return { ok: true, value };
  } catch (error) {
    if (error instanceof DomainException) {
      logger.info({ op: route.operation.name, correlationId, code: error.error.code }, 'rpc refused');
      return { ok: false, error: error.error };
    }
    if (isDomainError(error)) return { ok: false, error };
    // The message of an unexpected error may quote data: log its class and stack frames only.
    const err = error as Error;
    logger.error({ op: route.operation.name, correlationId, err: { type: err?.name, code: (err as { code?: string })?.code, stack: err?.stack?.split('\n').slice(1, 6).join('\n') } }, 'rpc failed');
    return { ok: false, error: INTERNAL };
  }
}

/** A Nest controller with one @MessagePattern per route, built at start because subjects carry the namespace. */
export function rpcController(routes: RpcRoute[], namespace: string | undefined, logger: Logger, metrics?: RuntimeMetrics): new () => object {
  @Controller()
  class RpcController {}
  for (const [index, route] of routes.entries()) {
    const key = `op${index}`;
    const descriptor: PropertyDescriptor = {
      value: (data: unknown) => serveRpc(route, data, logger, metrics),
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
