// The gateway's one pipeline: authenticate, check the office (first line of defence), assemble and
// validate the payload, forward it to the owning service, hand back its answer.
import { authorize } from '@jiandu/access';
import {
  checkRequest,
  DomainException,
  isDomainError,
  isIdempotencyKey,
  type ApiOperation,
  type FieldError,
} from '@jiandu/contracts';
import { SERVICE_UNAVAILABLE, SystemException, withNamespace } from '@jiandu/messaging';
import { Value } from '@sinclair/typebox/value';
import type { FastifyRequest } from 'fastify';
import { sensitiveReadRecord, SENSITIVE_READS, type SensitiveReadRecord } from './audit.js';
import { authenticate, tokenCache, type Actor } from './authenticate.js';
import { GatewayError, overloaded, validationFailed } from './errors.js';
import type { RpcCaller } from './rpc.js';
import { isPublic, operationName, type GatewayRoute } from './routes.js';
import { childTraceparent } from './trace.js';

export interface ForwardDeps {
  rpc: RpcCaller;
  jwtSecret: Uint8Array;
  rpcTimeoutMs: number;
  namespace: string;
  /** Requests in flight to one service; one more is answered 503 at once. */
  maxInFlight?: number;
  /** The counter of requests in flight (shared with /metrics); else one of `maxInFlight` is made. */
  inFlight?: InFlight;
  /** The longest a token may live (TOKEN_MAX_LIFETIME_SECONDS); unset: no limit. */
  tokenMaxLifetimeSeconds?: number;
  /** Told of each request refused because its service had `maxInFlight` in flight. */
  onOverload?: (service: string) => void;
  /** Told of every decision on a sensitive read (audit.ts), granted or refused. */
  onSensitiveRead?: (record: SensitiveReadRecord) => void;
}

/** Requests whose command the service answered from its Idempotency-Key record (header `Idempotent-Replayed`). */
export const replayedRequests = new WeakSet<object>();

const KEY_INVALID: FieldError = {
  path: 'Idempotency-Key',
  message: { zh: '幂等键须为 1 至 200 个可见 ASCII 字符', en: 'the Idempotency-Key must be 1 to 200 visible ASCII characters' },
};

/**
 * The optional Idempotency-Key of a command (1–200 visible ASCII characters), or the field error
 * that names the header. Queries ignore the header: reading twice is harmless.
 */
export function readIdempotencyKey(
  route: GatewayRoute,
  request: Pick<FastifyRequest, 'headers'>,
): { key?: string; error?: FieldError } {
  const key = request.headers['idempotency-key'];
  if (key === undefined || route.operation.kind !== 'cmd') return {};
  // Sent twice, Node joins the values with ', ' (a space: refused); an array never passes either.
  return isIdempotencyKey(key) ? { key } : { error: KEY_INVALID };
}

export interface InFlight {
  /** Takes a slot of `service`; false when all `max` are taken (nothing was taken then). */
  enter(service: string): boolean;
  leave(service: string): void;
  count(service: string): number;
  readonly max: number;
}

/** Requests in flight per service, with a ceiling. */
export function inFlightCounter(max: number): InFlight {
  const counts = new Map<string, number>();
  return {
    enter(service: string): boolean {
      const n = counts.get(service) ?? 0;
      if (n >= max) return false;
      counts.set(service, n + 1);
      return true;
    },
    leave(service: string): void {
      counts.set(service, Math.max(0, (counts.get(service) ?? 0) - 1));
    },
    count: (service: string) => counts.get(service) ?? 0,
    max,
  };
}

export type Forward = (route: GatewayRoute, request: FastifyRequest) => Promise<unknown>;

/** A generated file to send as it is (GatewayRoute.file, or a `?format=` of GatewayRoute.formats). */
export class FileAnswer {
  constructor(
    readonly content: Buffer,
    readonly mediaType: string,
    readonly fileName: string,
  ) {}
}

const formatInvalid = (formats: string[]): FieldError => ({
  path: 'format',
  message: { zh: `format 只能是 ${formats.join('、')}`, en: `format must be one of ${formats.join(', ')}` },
});

/**
 * The route that serves the request: a route with `formats` is served in another form when the
 * query asks for one (`?format=xlsx`), the query then without `format`; else the route itself.
 */
export function servedRoute<R extends Pick<FastifyRequest, 'query'>>(
  route: GatewayRoute,
  request: R,
): { route: GatewayRoute; request: R } {
  const query = request.query as Record<string, unknown> | undefined | null;
  if (!route.formats || query === undefined || query === null || !('format' in query)) return { route, request };
  const { format, ...rest } = query;
  const known = ['json', ...Object.keys(route.formats)];
  if (typeof format !== 'string' || !known.includes(format)) throw validationFailed([formatInvalid(known)]);
  const without = Object.assign(Object.create(request) as R, { query: rest });
  const alternative = route.formats[format];
  if (!alternative) return { route, request: without };
  const { formats: _formats, ...plain } = route;
  return { route: { ...plain, operation: alternative.operation, file: { mediaType: alternative.mediaType } }, request: without };
}

/** A service's GeneratedFile answer as the bytes to send. */
function fileAnswer(route: GatewayRoute, value: Record<string, unknown> | undefined): FileAnswer {
  const mediaType = value?.['mediaType'];
  const content = value?.['contentBase64'];
  const fileName = value?.['fileName'];
  if (
    typeof content !== 'string' ||
    typeof fileName !== 'string' ||
    typeof mediaType !== 'string' ||
    mediaType !== route.file?.mediaType
  ) {
    throw new Error(`${route.operation.name} did not answer a ${route.file?.mediaType} file`);
  }
  return new FileAnswer(Buffer.from(content, 'base64'), mediaType, fileName);
}

/** Content-Disposition of a download: the name in ASCII, and in UTF-8 (RFC 6266). */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

const isPlainObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Body or query fields, plus the path parameters under their operation names. */
export function assemblePayload(route: GatewayRoute, request: Pick<FastifyRequest, 'body' | 'query' | 'params'>): unknown {
  const source = route.input === 'body' ? request.body : request.query;
  if (source !== undefined && source !== null && !isPlainObject(source)) {
    throw validationFailed([
      { path: '', message: { zh: '请求体必须是 JSON 对象', en: 'the request body must be a JSON object' } },
    ]);
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

/**
 * A field error names what the caller sent: a field filled from the path is named by its path
 * parameter (`id`, not `petitionId`), in the gateway's refusals and the service's alike.
 */
export function toHttpFields(route: GatewayRoute, fields: readonly FieldError[]): FieldError[] {
  const byField = new Map(Object.entries(route.params ?? {}).map(([param, field]) => [field, param]));
  if (byField.size === 0) return [...fields];
  return fields.map((error) => {
    const [head, ...rest] = error.path.split('.');
    const param = byField.get(head ?? '');
    return param === undefined ? error : { ...error, path: [param, ...rest].join('.') };
  });
}

/** A service's refusal with its field paths named as the caller sent them. */
function renameServiceFields(route: GatewayRoute, error: unknown): unknown {
  const isDomain = error instanceof DomainException || (error as { name?: string } | undefined)?.name === 'DomainException';
  const refusal = isDomain ? (error as DomainException).error : undefined;
  if (!refusal?.fields || !isDomainError(refusal)) return error;
  return new GatewayError(refusal.status, {
    code: refusal.code,
    message: refusal.message,
    fields: toHttpFields(route, refusal.fields),
  });
}

export function createForward(deps: ForwardDeps): Forward {
  const inFlight = deps.inFlight ?? inFlightCounter(deps.maxInFlight ?? Number.POSITIVE_INFINITY);
  const tokens = tokenCache();
  const verifyOptions = deps.tokenMaxLifetimeSeconds === undefined ? {} : { maxLifetimeSeconds: deps.tokenMaxLifetimeSeconds };
  /** The caller, authenticated and let in by the route's rule (none on a public route): 401 and 403 come first. */
  const admit = async (route: GatewayRoute, request: FastifyRequest, seen: { actor?: Actor }): Promise<Actor | undefined> => {
    if (isPublic(route)) return undefined;
    const actor = (seen.actor = await authenticate(request.headers.authorization, deps.jwtSecret, tokens, verifyOptions));
    // Office and role (ACCESS_POLICY); the service narrows to the actor's zones.
    const access = authorize(operationName(route), actor);
    if (!access.ok) throw new GatewayError(access.error.status, { code: access.error.code, message: access.error.message });
    return actor;
  };
  const forward = async (route: GatewayRoute, request: FastifyRequest, seen: { actor?: Actor }): Promise<unknown> => {
    const open = isPublic(route);
    const actor = await admit(route, request, seen);
    const checked = checkRequest(route.operation, assemblePayload(route, request));
    // A bad key and a bad body are named together, so one correction is enough.
    const { key: idempotencyKey, error: keyError } = readIdempotencyKey(route, request);
    if (!checked.ok || keyError)
      throw validationFailed([...(keyError ? [keyError] : []), ...(checked.ok ? [] : toHttpFields(route, checked.fields))]);
    const callService = async (operation: ApiOperation, payload: unknown, timeoutMs: number) => {
      // Back-pressure: a service that already has its share in flight is not sent more; the caller retries.
      const service = operation.service;
      if (!inFlight.enter(service)) {
        deps.onOverload?.(service);
        throw overloaded();
      }
      try {
        return await deps.rpc.call<Record<string, unknown>>(
          withNamespace(deps.namespace || undefined, operation.subject),
          actor,
          payload,
          {
            timeoutMs,
            correlationId: request.id,
            traceparent: childTraceparent(request.headers.traceparent),
            // The bearer token as received: the service verifies it and acts as the person it names.
            ...(open ? {} : { token: bearerOf(request.headers.authorization) }),
            ...(idempotencyKey ? { idempotencyKey, onReplayed: () => replayedRequests.add(request) } : {}),
          },
        );
      } catch (error) {
        throw renameServiceFields(route, error);
      } finally {
        inFlight.leave(service);
      }
    };
    if (route.gather) return gatherList(route.gather, checked.value as PagedRequest, callService, deps.rpcTimeoutMs);
    const value = await callService(route.operation, checked.value, deps.rpcTimeoutMs);
    if (route.file) return fileAnswer(route, value);
    // The public lookup answers with the status and its date, and nothing else, whatever comes back.
    if (open) return { status: value?.['status'], updatedAt: value?.['updatedAt'] };
    return value;
  };
  return async (asked, incoming) => {
    let served: ReturnType<typeof servedRoute<FastifyRequest>>;
    try {
      served = servedRoute(asked, incoming);
    } catch (error) {
      // An unknown ?format= is the request's fault, but only a caller the route lets in learns it.
      await admit(asked, incoming, {});
      throw error;
    }
    const { route, request } = served;
    if (!SENSITIVE_READS.has(route.operation.name) || !deps.onSensitiveRead) return forward(route, request, {});
    const seen: { actor?: Actor } = {};
    try {
      const value = await forward(route, request, seen);
      deps.onSensitiveRead(sensitiveReadRecord(route, request, seen.actor, { granted: true }));
      return value;
    } catch (error) {
      deps.onSensitiveRead(sensitiveReadRecord(route, request, seen.actor, { granted: false, error }));
      throw error;
    }
  };
}

type PagedRequest = Record<string, unknown> & { page?: number; pageSize?: number };
type Page = { items: Record<string, unknown>[]; total: number };
type CallService = (operation: ApiOperation, payload: unknown, timeoutMs: number) => Promise<Record<string, unknown>>;

/** The largest page a service is asked for while gathering (the contracts' PageSize maximum). */
const GATHER_PAGE_SIZE = 200;

/**
 * One page of a list gathered from several services (GatewayRoute.gather): each service is asked,
 * in parallel, for its first `page × pageSize` rows in the common order (pages of up to 200, no
 * more than it has), the rows are merged and the page cut out; the total is the services' sum.
 * All the calls share one budget, the gateway's RPC timeout: past it the caller gets 503, never a
 * partial list.
 */
export async function gatherList(
  gather: NonNullable<GatewayRoute['gather']>,
  request: PagedRequest,
  callService: CallService,
  budgetMs: number,
): Promise<Page> {
  const { page = 1, pageSize = 20, ...filters } = request;
  const wanted = page * pageSize;
  const deadline = Date.now() + budgetMs;
  const remaining = () => {
    const left = deadline - Date.now();
    if (left <= 0) throw new SystemException(SERVICE_UNAVAILABLE);
    return left;
  };
  const size = Math.min(GATHER_PAGE_SIZE, wanted);
  const fetchPage = async (operation: ApiOperation, n: number): Promise<Page> => {
    const answer = await callService(operation, { ...filters, page: n, pageSize: size }, remaining());
    return { items: (answer['items'] as Page['items'] | undefined) ?? [], total: Number(answer['total'] ?? 0) };
  };
  // The first page of each says how many rows there are in all: a page past them is empty at once.
  const firsts = await Promise.all(gather.operations.map((operation) => fetchPage(operation, 1)));
  const total = firsts.reduce((sum, first) => sum + first.total, 0);
  if ((page - 1) * pageSize >= total) return { items: [], total };
  const lists = await Promise.all(
    gather.operations.map(async (operation, i) => {
      const first = firsts[i] as Page;
      const items = [...first.items];
      for (let n = 2; items.length < Math.min(wanted, first.total); n++) {
        const next = await fetchPage(operation, n);
        if (next.items.length === 0) break;
        items.push(...next.items);
      }
      return items;
    }),
  );
  const merged = lists.flat().sort(gather.order);
  return { items: merged.slice((page - 1) * pageSize, wanted), total };
}

/** The token of an `Authorization: Bearer …` header (authenticate() has verified it). */
function bearerOf(header: string | undefined): string | undefined {
  return /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(header ?? '')?.[1];
}
