// The failpoint 'after-append-before-reply' (libs/messaging failpoints.ts): armed by FAILPOINT in
// the environment, the process dies once a command's transaction has committed (its events and
// its Idempotency-Key record) and before its RPC reply leaves. The caller sees a timeout; a retry
// with the same key must get the first outcome, never a second set of events. Unarmed, the
// controller is returned untouched.
import 'reflect-metadata';
import { envFailpoints, failpointArmed, type Failpoints } from '@jiandu/messaging';
import type { RpcRoute } from './rpc-server.js';

/** Wraps each command handler of a controller built by rpcController (methods op0, op1, … in route order). */
export function withReplyFailpoint<T extends new () => object>(
  controller: T,
  routes: RpcRoute[],
  env: NodeJS.ProcessEnv = process.env,
  failpoint: Failpoints = envFailpoints(env),
): T {
  if (!failpointArmed('after-append-before-reply', env)) return controller;
  const proto = controller.prototype as Record<string, unknown>;
  for (const [index, route] of routes.entries()) {
    if (route.operation.kind !== 'cmd') continue;
    const key = `op${index}`;
    const serve = proto[key];
    if (typeof serve !== 'function') continue;
    const wrapped = async function (this: unknown, data: unknown) {
      const reply = (await serve.call(this, data)) as { ok?: boolean; replayed?: boolean };
      // Committed by this request (not a replay of an earlier one): die before the reply is sent.
      if (reply?.ok === true && !reply.replayed) failpoint('after-append-before-reply');
      return reply;
    };
    // Nest finds the handler by the metadata @MessagePattern put on the function: carry it over.
    for (const meta of Reflect.getOwnMetadataKeys(serve))
      Reflect.defineMetadata(meta, Reflect.getOwnMetadata(meta, serve), wrapped);
    Object.defineProperty(proto, key, { value: wrapped, writable: true, configurable: true });
  }
  return controller;
}
