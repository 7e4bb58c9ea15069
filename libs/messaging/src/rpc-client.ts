// The calling side of request/reply: a Nest ClientProxy on NATS, with typed replies and errors.
import { DomainException, isDomainError } from '@jiandu/contracts';
import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
// Nest's NATS client reports a 503 "no responders" status as this (not re-exported from the index)
import { EmptyResponseException } from '@nestjs/microservices/errors/empty-response.exception.js';
import { randomUUID } from 'node:crypto';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import {
  INTERNAL_ERROR,
  isSystemError,
  SERVICE_UNAVAILABLE,
  SystemException,
  systemStatusOf,
  type RpcActor,
  type RpcReply,
  type RpcRequest,
} from './rpc.js';
import type { Logger } from './types.js';

export interface CallOptions {
  timeoutMs?: number; // default 5_000
  correlationId?: string; // default: a new uuid
  traceparent?: string;
  idempotencyKey?: string;
  /** The caller's signed token (RpcRequest.token): a person's bearer token or a service token. */
  token?: string;
  /** Called when the service replayed a stored outcome for `idempotencyKey`. */
  onReplayed?: () => void;
}

export interface RpcClient {
  /** Resolves with the value; throws DomainException for a domain error, SystemException otherwise. */
  call<T>(subject: string, actor: RpcActor, payload: unknown, options?: CallOptions): Promise<T>;
  close(): Promise<void>;
}

/** Per-service NATS credentials (deploy/nats/nats.conf); absent in local development. */
export function natsCredentials(env: NodeJS.ProcessEnv = process.env): { user?: string; pass?: string } {
  return env['NATS_USER'] ? { user: env['NATS_USER'], pass: env['NATS_PASSWORD'] ?? '' } : {};
}

/**
 * A ClientProxy on the NATS transport; servers default to NATS_URL. It reconnects without limit,
 * every 500 ms (a NATS outage of any length heals by itself, without a restart), and pings every
 * 2 s: a server that stops answering without closing the socket (a hung host, a dropped link) is
 * given up after 2 unanswered pings, within about 6 s rather than minutes. `waitOnFirstConnect`:
 * connect() keeps trying until the server answers instead of failing at once (a process started
 * during an outage).
 */
export function natsClientProxy(
  servers = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222',
  options: { waitOnFirstConnect?: boolean } = {},
): ClientProxy {
  return ClientProxyFactory.create({
    transport: Transport.NATS,
    options: {
      servers,
      // No Error (with its stack) made up front for every request in case it fails (docs/benchmarks.md).
      noAsyncTraces: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      pingInterval: 2_000,
      maxPingOut: 2,
      ...options,
      ...natsCredentials(),
    },
  });
}

export function createRpcClient(proxy: ClientProxy, opts: { logger?: Logger; defaultTimeoutMs?: number } = {}): RpcClient {
  return {
    async call<T>(subject: string, actor: RpcActor, payload: unknown, options: CallOptions = {}): Promise<T> {
      const request: RpcRequest = { actor, correlationId: options.correlationId ?? randomUUID(), payload };
      if (options.traceparent) request.traceparent = options.traceparent;
      if (options.idempotencyKey) request.idempotencyKey = options.idempotencyKey;
      if (options.token) request.token = options.token;
      const waitMs = options.timeoutMs ?? opts.defaultTimeoutMs ?? 5_000;
      request.budgetMs = waitMs;
      let reply: unknown;
      try {
        reply = await firstValueFrom(proxy.send<unknown, RpcRequest>(subject, request).pipe(timeout(waitMs)));
      } catch (err) {
        const unavailable = err instanceof TimeoutError || isNoResponders(err) || isConnectionError(err);
        opts.logger?.warn({ subject, correlationId: request.correlationId, unavailable, err: String(err) }, 'rpc: call failed');
        throw new SystemException(unavailable ? SERVICE_UNAVAILABLE : INTERNAL_ERROR);
      }
      if ((reply as { replayed?: unknown } | null)?.replayed === true) options.onReplayed?.();
      return unwrap<T>(reply as RpcReply<T>);
    },
    async close() {
      await proxy.close();
    },
  };
}

function unwrap<T>(reply: RpcReply<T>): T {
  if (typeof reply === 'object' && reply !== null) {
    if (reply.ok === true && 'value' in reply) return reply.value;
    if (reply.ok === false) {
      if (isDomainError(reply.error)) throw new DomainException(reply.error);
      // Only the code, its status and the message cross: a 503 under any code stays a 503 (come back later).
      if (isSystemError(reply.error)) {
        const { code, message } = reply.error;
        throw new SystemException({ code, status: systemStatusOf(reply.error), message: { zh: message.zh, en: message.en } });
      }
    }
  }
  // The other side does not speak the convention: a bug there, not the caller's fault.
  throw new SystemException(INTERNAL_ERROR);
}

function isNoResponders(err: unknown): boolean {
  if (err instanceof EmptyResponseException) return true;
  const e = err as { name?: string; code?: string; message?: string } | null;
  return e?.name === 'NoRespondersError' || e?.code === '503' || /no responders/i.test(e?.message ?? '');
}

function isConnectionError(err: unknown): boolean {
  const e = err as { name?: string; code?: string } | null;
  return e?.name === 'ConnectionError' || e?.name === 'ClosedConnectionError' || e?.code === 'ECONNREFUSED';
}
