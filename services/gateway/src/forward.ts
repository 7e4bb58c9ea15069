// The gateway's one pipeline: authenticate, check the office (first line of defence), assemble and
// validate the payload, forward it to the owning service, hand back its answer.
import { checkRequest, type FieldError } from '@jiandu/contracts';
import { withNamespace } from '@jiandu/messaging';
import { Value } from '@sinclair/typebox/value';
import type { FastifyRequest } from 'fastify';
import { authenticate, type Actor } from './authenticate.js';
import { forbiddenForOffice, validationFailed } from './errors.js';
import type { RpcCaller } from './rpc.js';
import type { GatewayRoute } from './routes.js';
import { childTraceparent } from './trace.js';

export interface ForwardDeps {
  rpc: RpcCaller;
  jwtSecret: Uint8Array;
  rpcTimeoutMs: number;
  namespace: string;
}

/** Nest injection token of the Forward function. */
export const FORWARD = Symbol('forward');

export type Forward = (route: GatewayRoute, request: FastifyRequest) => Promise<unknown>;

const isPlainObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Body or query fields, plus the path parameters under their operation names. */
export function assemblePayload(route: GatewayRoute, request: Pick<FastifyRequest, 'body' | 'query' | 'params'>): unknown {
  const source = route.input === 'body' ? request.body : request.query;
  if (source !== undefined && source !== null && !isPlainObject(source)) {
    throw validationFailed([{ path: '', message: { zh: '请求体必须是 JSON 对象', en: 'the request body must be a JSON object' } }]);
  }
  let fields: Record<string, unknown> = { ...(source ?? {}) };
  const params = (request.params ?? {}) as Record<string, string>;
  const fromPath = Object.values(route.params ?? {});
  // A path field sent again in the body or query is not part of the HTTP contract.
  const doubled: FieldError[] = fromPath
    .filter((field) => field in fields)
    .map((field) => ({ path: field, message: { zh: `不允许的字段 ${field}`, en: `unknown field ${field}` } }));
  if (doubled.length > 0) throw validationFailed(doubled);
  if (route.input === 'query') {
    // Query values arrive as strings: convert to the schema's types and fill in its defaults.
    fields = Value.Default(route.operation.request, Value.Convert(route.operation.request, fields)) as Record<string, unknown>;
  }
  for (const [param, field] of Object.entries(route.params ?? {})) fields[field] = params[param];
  return fields;
}

export function createForward(deps: ForwardDeps): Forward {
  return async (route, request) => {
    let actor: Actor | undefined;
    if (route.audience !== 'public') {
      actor = await authenticate(request.headers.authorization, deps.jwtSecret);
      if (!route.audience(actor.office)) throw forbiddenForOffice();
    }
    const checked = checkRequest(route.operation, assemblePayload(route, request));
    if (!checked.ok) throw validationFailed(checked.fields);
    const value = await deps.rpc.call<Record<string, unknown>>(withNamespace(deps.namespace || undefined, route.operation.subject), actor, checked.value, {
      timeoutMs: deps.rpcTimeoutMs,
      correlationId: request.id,
      traceparent: childTraceparent(request.headers.traceparent),
    });
    // The public lookup answers with the status and its date, and nothing else, whatever comes back.
    if (route.audience === 'public') return { status: value?.['status'], updatedAt: value?.['updatedAt'] };
    return value;
  };
}
