// A stand-in for the services on real NATS: it answers the gateway's subjects with the wire packet
// of Nest's NATS transport and the RPC reply convention, and records what it received.
import { connect, type ConnectionOptions, type NatsConnection, type Subscription } from '@nats-io/transport-node';

export interface ReceivedCall {
  subject: string;
  headers: Record<string, string>;
  data: {
    actor?: Record<string, unknown>;
    correlationId: string;
    traceparent?: string;
    idempotencyKey?: string;
    payload: Record<string, unknown>;
  };
}

export type Reply = { ok: true; value: unknown; replayed?: true } | { ok: false; error: unknown; replayed?: true };
/** The reply, or undefined for none (the gateway times out); a promise answers when it settles (a slow service). */
export type Responder = (call: ReceivedCall) => Reply | undefined | Promise<Reply | undefined>;

export interface StubService {
  calls: ReceivedCall[];
  respond(responder: Responder): void;
  close(): Promise<void>;
}

export async function startStubService(
  natsUrl: string,
  namespace: string,
  subjects = 'jiandu.>',
  options: Partial<ConnectionOptions> = {},
): Promise<StubService> {
  const nc: NatsConnection = await connect({ servers: natsUrl, ...options });
  const calls: ReceivedCall[] = [];
  let responder: Responder = () => ({ ok: true, value: {} });
  const sub: Subscription = nc.subscribe(`${namespace}.${subjects}`, {
    callback: (err, msg) => {
      if (err || !msg.reply) return;
      const packet = msg.json<{ id: string; pattern: string; data: ReceivedCall['data'] }>();
      const headers: Record<string, string> = {};
      for (const [key, values] of msg.headers ?? []) headers[key] = values[0] ?? '';
      const call: ReceivedCall = { subject: msg.subject.slice(namespace.length + 1), headers, data: packet.data };
      calls.push(call);
      void Promise.resolve(responder(call)).then((response) => {
        if (response === undefined) return; // silent: the gateway times out
        try {
          msg.respond(JSON.stringify({ id: packet.id, response, isDisposed: true }));
        } catch {
          // closed meanwhile (a slow answer after the test ended)
        }
      });
    },
  });
  await nc.flush();
  return {
    calls,
    respond: (r) => (responder = r),
    close: async () => {
      sub.unsubscribe();
      await nc.drain();
    },
  };
}
