// A service started in-process as `npm start` starts it (its own database, stream and subject
// namespace), and called over NATS request/reply as the gateway calls it. For the services'
// integration tests: the whole anatomy (pool, limiter, transactions, idempotency) is the real one.
import { randomUUID } from 'node:crypto';
import { firstValueFrom, timeout } from 'rxjs';
import { SignJWT } from 'jose';
import { DEV_JWT_SECRET, devServicePrivateKey, signServiceToken, TOKEN_ISSUER, type Actor } from '@jiandu/access';
import type { ApiOperation, EventContract } from '@jiandu/contracts';
import { deliverEvent, natsClientProxy, withNamespace } from '@jiandu/messaging';
import type { RpcReply, RpcRequest } from './rpc-server.js';
import { startService, type RunningService, type ServiceDefinition } from './service-host.js';

export interface ServiceHarness {
  service: RunningService;
  /** Sends one request as the gateway does and returns the service's reply as it came. */
  /** The actor as the gateway builds it from a token (its office is checked by the service). */
  call(
    operation: ApiOperation,
    actor: Omit<Actor, 'office'> & { office: string },
    payload: unknown,
    options?: {
      idempotencyKey?: string;
      timeoutMs?: number;
      /** The token sent (ADR 0019); default: one signed for `actor` as the gateway's or its service's. null: none. */
      token?: string | null;
    },
  ): Promise<RpcReply>;
  /** GET /health: status code and body. */
  health(): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Hands a public event to the service's own consumer of it, as the consumer runner does (see deliverEvent). */
  deliver<T>(contract: EventContract<T>, data: T): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `env` needs DATABASE_URL; the subject namespace and the stream are this harness's own unless
 * given (JIANDU_NAMESPACE, JIANDU_EVENT_STREAM), and HEALTH_PORT is any free port.
 */
export async function startServiceHarness(
  define: (env: NodeJS.ProcessEnv) => ServiceDefinition,
  env: Record<string, string>,
): Promise<ServiceHarness> {
  const own = `svc${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const full: NodeJS.ProcessEnv = {
    ...process.env,
    HEALTH_PORT: '0',
    LOG_LEVEL: 'warn',
    JIANDU_NAMESPACE: own,
    JIANDU_EVENT_STREAM: own.toUpperCase(),
    ...env,
  };
  const definition = define(full);
  const service = await startService(definition, full);
  const proxy = natsClientProxy(full.NATS_URL ?? 'nats://127.0.0.1:4222');
  await proxy.connect();
  const namespace = full.JIANDU_NAMESPACE || undefined;
  return {
    service,
    async call(operation, actor, payload, options = {}) {
      const token = options.token === undefined ? await tokenOf(operation, actor, full) : (options.token ?? undefined);
      const request: RpcRequest = {
        actor: actor as Actor,
        ...(token ? { token } : {}),
        correlationId: randomUUID(),
        payload,
        ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
      };
      return firstValueFrom(
        proxy
          .send<RpcReply, RpcRequest>(withNamespace(namespace, operation.subject), request)
          .pipe(timeout(options.timeoutMs ?? 30_000)),
      );
    },
    async health() {
      const res = await fetch(`${service.url.replace('[::1]', '127.0.0.1')}/health`);
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    async deliver(contract, data) {
      const consumers = definition.consumers?.(service.ctx) ?? [];
      await deliverEvent({ registry: definition.registry, pool: service.ctx.pool, consumers }, contract, data);
    },
    async stop() {
      await proxy.close();
      await service.stop();
    },
  };
}

/** `n` calls at once; resolves with every reply. */
export function burst(n: number, call: (i: number) => Promise<RpcReply>): Promise<RpcReply[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => call(i)));
}

/** How many of the tallied replies were domain refusals, whatever their code. */
export const refusalCount = (counted: ReturnType<typeof tally>) => Object.values(counted.refused).reduce((a, b) => a + b, 0);

/**
 * A burst's replies in one line for an assertion: successes, clean domain refusals (any code) and
 * everything else by code, e.g. `{ ok: 1, refused: 199, failed: {} }` for "one wins, the rest are refused".
 */
export function outcomes(replies: RpcReply[]): { ok: number; refused: number; failed: Record<string, number> } {
  const counted = tally(replies);
  return { ok: counted.ok, refused: refusalCount(counted), failed: counted.failed };
}

/** Counts replies: ok, refused (a domain refusal, by code), and everything else (by code). */
export function tally(replies: RpcReply[]): { ok: number; refused: Record<string, number>; failed: Record<string, number> } {
  const result = { ok: 0, refused: {} as Record<string, number>, failed: {} as Record<string, number> };
  for (const reply of replies) {
    if (reply.ok) result.ok++;
    else if (reply.error.status < 500) result.refused[reply.error.code] = (result.refused[reply.error.code] ?? 0) + 1;
    else result.failed[reply.error.code] = (result.failed[reply.error.code] ?? 0) + 1;
  }
  return result;
}

/**
 * The token a real caller would send for `actor`: a service token of the development key for a
 * `system:<service>` actor, else a person's bearer token signed with the service's JWT_SECRET (any
 * office: the service refuses one it does not know, as it would a forged one).
 */
export async function tokenOf(
  operation: Pick<ApiOperation, 'service'>,
  actor: Omit<Actor, 'office'> & { office: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  if (actor.sub.startsWith('system:')) {
    const service = actor.sub.slice('system:'.length);
    return signServiceToken(service, devServicePrivateKey(service), operation.service, actor);
  }
  const { sub, name, office, roles, zones } = actor;
  return new SignJWT({ name, office, roles, zones })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(TOKEN_ISSUER)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(env.JWT_SECRET || DEV_JWT_SECRET));
}
