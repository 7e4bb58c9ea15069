// Request/reply between gateway and services over core NATS (Nest's NATS transport). Typed
// errors cross the wire as values with a stable code; unknown errors never leak their message.
import { DomainException, isDomainError, type DomainError, type Text } from '@jiandu/contracts';
import { Transport, type NatsOptions } from '@nestjs/microservices';
import type { Logger } from './types.js';

/** Who asks: checked by the gateway, and by each service against `token` (ADR 0019). */
export interface RpcActor {
  sub: string;
  name: string;
  office: string;
  roles: string[];
  zones: string[];
}

export interface RpcRequest<P = unknown> {
  actor: RpcActor;
  /**
   * The caller's signed token (ADR 0019): the person's bearer token as the gateway received it, or
   * a service token (EdDSA, scoped) for a service's own call. The service verifies it and acts as
   * the actor it names; absent only for an anonymous operation (the lookup by code).
   */
  token?: string;
  correlationId: string;
  traceparent?: string;
  /** The client's Idempotency-Key, for a command: a retry with it replays the first outcome. */
  idempotencyKey?: string;
  /**
   * How long the caller waits for the answer, in ms from sending. The service starts nothing it
   * cannot finish in time and commits nothing after it, so a caller that gave up never sees 503
   * for a command that was done.
   */
  budgetMs?: number;
  payload: P;
}

/**
 * Failures that are not the domain's: the gateway maps them to 500 and 503. Besides the three codes
 * below, a service may answer any code with status 503 (its database pool exhausted, the database
 * unreachable, every handler busy): the caller is to come back later, whatever the code says.
 */
export interface SystemError {
  code: 'INTERNAL' | 'SERVICE_UNAVAILABLE' | 'BAD_RPC_REQUEST' | (string & {});
  status: 500 | 503 | 400;
  message: Text;
}

export type RpcError = DomainError | SystemError;

/** `replayed`: the service answered a retry with the outcome it stored for the Idempotency-Key. */
export type RpcReply<T> = { ok: true; value: T; replayed?: true } | { ok: false; error: RpcError; replayed?: true };

export const INTERNAL_ERROR: SystemError = { code: 'INTERNAL', status: 500, message: { zh: '内部错误', en: 'internal error' } };
export const SERVICE_UNAVAILABLE: SystemError = {
  code: 'SERVICE_UNAVAILABLE',
  status: 503,
  message: { zh: '服务暂时不可用', en: 'service unavailable' },
};
const BAD_RPC_REQUEST: SystemError = {
  code: 'BAD_RPC_REQUEST',
  status: 400,
  message: { zh: '请求格式错误', en: 'malformed request' },
};

/** Thrown by RpcClient for INTERNAL and SERVICE_UNAVAILABLE; domain errors come as DomainException. */
export class SystemException extends Error {
  constructor(readonly error: SystemError) {
    super(`${error.code}: ${error.message.en}`);
    this.name = 'SystemException';
  }
}

const SYSTEM_STATUS: Readonly<Record<string, SystemError['status']>> = {
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
  BAD_RPC_REQUEST: 400,
};

/** One of the three system codes with its status, or any code with status 503 (come back later). */
export function isSystemError(x: unknown): x is SystemError {
  const e = x as Partial<SystemError> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.code === 'string' &&
    e.code !== '' &&
    (e.status === 503 ||
      (Object.hasOwn(SYSTEM_STATUS, e.code) && (e.status === undefined || e.status === SYSTEM_STATUS[e.code]))) &&
    typeof e.message?.zh === 'string' &&
    typeof e.message?.en === 'string'
  );
}

/** The status a system error is answered with: 503 for any unavailability, else its code's. */
export function systemStatusOf(error: SystemError): SystemError['status'] {
  return error.status === 503 ? 503 : ((Object.hasOwn(SYSTEM_STATUS, error.code) ? SYSTEM_STATUS[error.code] : undefined) ?? 500);
}

export function isRpcRequest(x: unknown): x is RpcRequest {
  const r = x as Partial<RpcRequest> | null;
  const a = r?.actor;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.correlationId === 'string' &&
    r.correlationId.length > 0 &&
    typeof a === 'object' &&
    a !== null &&
    typeof a.sub === 'string' &&
    typeof a.name === 'string' &&
    typeof a.office === 'string' &&
    Array.isArray(a.roles) &&
    Array.isArray(a.zones) &&
    'payload' in r
  );
}

/**
 * Wraps a service handler for a @MessagePattern: its value becomes { ok: true, value }, a thrown
 * DomainException (or DomainError value) becomes { ok: false, error }, anything else becomes
 * INTERNAL and is logged with the correlation id only, never with the payload.
 */
export function rpc<P, T>(
  handler: (request: RpcRequest<P>) => Promise<T>,
  opts: { logger: Logger; name?: string },
): (request: unknown) => Promise<RpcReply<T>> {
  return async (request) => {
    if (!isRpcRequest(request)) {
      opts.logger.warn({ rpc: opts.name }, 'rpc: malformed request envelope');
      return { ok: false, error: BAD_RPC_REQUEST };
    }
    try {
      return { ok: true, value: await handler(request as RpcRequest<P>) };
    } catch (err) {
      if (err instanceof DomainException) return { ok: false, error: err.error };
      if (isDomainError(err)) return { ok: false, error: err };
      const { name, stack } = err instanceof Error ? err : { name: typeof err, stack: undefined };
      opts.logger.error({ rpc: opts.name, correlationId: request.correlationId, errName: name, stack }, 'rpc: internal error');
      return { ok: false, error: INTERNAL_ERROR };
    }
  };
}

/** Microservice options for a service: a queue group, so each request reaches one replica. */
export function natsMicroservice(service: string, servers = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222'): NatsOptions {
  return { transport: Transport.NATS, options: { servers, queue: service } };
}
