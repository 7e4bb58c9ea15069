// Request/reply to the owning service over NATS, through Nest's NATS client (its wire packet is
// what the services' @MessagePattern handlers expect). Request: { actor, correlationId, traceparent,
// payload }; reply: { ok: true, value } | { ok: false, error: DomainError }.
import { ClientProxyFactory, NatsRecordBuilder, Transport, type ClientNats } from '@nestjs/microservices';
import { DomainException, isDomainError } from '@jiandu/contracts';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { firstValueFrom, timeout } from 'rxjs';
import type { Actor } from './authenticate.js';
import { badGateway, internalError, serviceUnavailable } from './errors.js';

export interface CallOptions {
  timeoutMs: number;
  correlationId: string;
  traceparent?: string;
}

/** The seam the gateway needs; @jiandu/messaging's RpcClient has the same shape. */
export interface RpcCaller {
  call<T>(subject: string, actor: Actor | undefined, payload: unknown, options: CallOptions): Promise<T>;
}

/** Nest injection token of the NatsRpc. */
export const RPC = Symbol('rpc');

export interface NatsRpc extends RpcCaller {
  connect(): Promise<void>;
  /** Connected and answering a round trip to the server. */
  isReady(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

type Reply = { ok: true; value: unknown } | { ok: false; error: unknown };

function isReply(x: unknown): x is Reply {
  return typeof x === 'object' && x !== null && typeof (x as { ok?: unknown }).ok === 'boolean';
}

export function createNatsRpc(natsUrl: string): NatsRpc {
  const client = ClientProxyFactory.create({
    transport: Transport.NATS,
    options: { servers: [natsUrl], name: 'jiandu-gateway', maxReconnectAttempts: -1, reconnectTimeWait: 500 },
  }) as ClientNats;
  let connected = false;
  client.status.subscribe((status) => (connected = status === 'connected'));

  return {
    connect: () => client.connect().then(() => undefined),

    async call<T>(subject: string, actor: Actor | undefined, payload: unknown, options: CallOptions): Promise<T> {
      const headers = natsHeaders();
      headers.set('x-correlation-id', options.correlationId);
      if (options.traceparent) headers.set('traceparent', options.traceparent);
      const record = new NatsRecordBuilder({ actor, correlationId: options.correlationId, traceparent: options.traceparent, payload })
        .setHeaders(headers)
        .build();
      let reply: unknown;
      try {
        reply = await firstValueFrom(client.send(subject, record).pipe(timeout(options.timeoutMs)));
      } catch {
        // Timeout, no connection, or the handler threw: the caller can only retry later.
        throw serviceUnavailable();
      }
      if (!isReply(reply)) throw badGateway();
      if (reply.ok) return reply.value as T;
      if (isDomainError(reply.error)) throw new DomainException(reply.error);
      // The service's own faults: INTERNAL (500) or a dependency down (503).
      const status = (reply.error as { status?: unknown } | undefined)?.status;
      if (status === 503) throw serviceUnavailable();
      if (status === 500) throw internalError();
      throw badGateway();
    },

    async isReady(timeoutMs = 1000): Promise<boolean> {
      if (!connected) return false;
      try {
        const nc = client.unwrap<NatsConnection>();
        await Promise.race([nc.flush(), new Promise((_, reject) => setTimeout(reject, timeoutMs).unref())]);
        return !nc.isClosed();
      } catch {
        return false;
      }
    },

    close: () => client.close(),
  };
}
