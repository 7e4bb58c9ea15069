// Request/reply to the owning service: @jiandu/messaging's RpcClient over Nest's NATS client,
// plus what the gateway needs around it (connect at start, readiness, close).
import {
  createRpcClient,
  natsClientProxy,
  SERVICE_UNAVAILABLE,
  SystemException,
  type RpcActor,
  type RpcClient,
} from '@jiandu/messaging';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { Actor } from './authenticate.js';

/** Nest injection token of the NatsRpc. */
export const RPC = Symbol('rpc');

export interface CallOptions {
  timeoutMs: number;
  correlationId: string;
  traceparent?: string;
  idempotencyKey?: string;
  /** The caller's bearer token as received: every service verifies it itself (ADR 0019). */
  token?: string;
  /** Called when the service replayed the outcome it stored for `idempotencyKey`. */
  onReplayed?: () => void;
}

/** The seam the gateway forwards through (tests may stand in for it). */
export interface RpcCaller {
  /** No actor: the anonymous lookup, which the service serves without one. */
  call<T>(subject: string, actor: Actor | undefined, payload: unknown, options: CallOptions): Promise<T>;
}

export interface NatsRpc extends RpcCaller {
  /**
   * Starts connecting, and keeps trying until NATS answers; resolves once connected or after
   * `waitMs`, whichever comes first. Until connected every call answers 503 at once.
   */
  connect(waitMs?: number): Promise<void>;
  /** Connected and answering a round trip to the server. */
  isReady(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export function createNatsRpc(natsUrl: string, log: Logger): NatsRpc {
  // A gateway started during a NATS outage serves (503, /health not ready) and connects when NATS returns.
  const proxy = natsClientProxy(natsUrl, { waitOnFirstConnect: true });
  const client: RpcClient = createRpcClient(proxy, { logger: log });
  let connected = false;
  let closed = false;
  proxy.status.subscribe((status) => (connected = status === 'connected'));

  return {
    async connect(waitMs = 2_000) {
      const first = proxy.connect().then(
        () => log.info('nats: connected'),
        (error: unknown) => closed || log.error({ err: String(error) }, 'nats: connect failed'),
      );
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([first, new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
      clearTimeout(timer);
      if (!connected)
        log.warn(
          { waitedMs: waitMs },
          'nats: not connected at start (unreachable, or refusing the credentials); answering 503 and retrying',
        );
    },
    call<T>(subject: string, actor: Actor | undefined, payload: unknown, options: CallOptions): Promise<T> {
      // While the broker is away Nest fails sends with a plain Error: answer 503, not 500.
      if (!connected) return Promise.reject(new SystemException(SERVICE_UNAVAILABLE));
      return client.call<T>(subject, actor as RpcActor, payload, options);
    },
    async isReady(timeoutMs = 1000): Promise<boolean> {
      if (!connected) return false;
      try {
        const nc = proxy.unwrap<NatsConnection>();
        await Promise.race([nc.flush(), new Promise((_, reject) => setTimeout(reject, timeoutMs).unref())]);
        return !nc.isClosed();
      } catch {
        return false;
      }
    },
    close: () => {
      closed = true;
      return client.close();
    },
  };
}
