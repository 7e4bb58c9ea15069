// The OpenAPI 3 document, built from the route table: the TypeBox schemas are JSON Schema already,
// so each route shows exactly what the gateway validates.
import type { TSchema } from '@sinclair/typebox';
import { GATEWAY_ROUTES, type GatewayRoute } from './routes.js';

type Json = Record<string, unknown>;

/** Plain JSON: drops TypeBox's symbol keys, and lets us edit a copy. */
const plain = (schema: TSchema): Json => JSON.parse(JSON.stringify(schema)) as Json;

const text = { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } }, required: ['zh', 'en'] };
const ERROR_SCHEMA = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string' },
    message: text,
    fields: { type: 'array', items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: text } } },
  },
};

const HEALTH_SCHEMA = {
  type: 'object',
  required: ['status', 'live', 'ready', 'checks'],
  properties: {
    status: { type: 'string', enum: ['ok', 'unavailable'] },
    live: { type: 'boolean' },
    ready: { type: 'boolean' },
    reason: { type: 'string' },
    checks: { type: 'object', required: ['nats'], properties: { nats: { type: 'string', enum: ['up', 'down'] } } },
  },
};

const ERRORS: Record<number, string> = {
  400: 'Invalid body or query (VALIDATION_FAILED, with fields); on a command also an invalid Idempotency-Key header (field path "Idempotency-Key")',
  401: 'Missing or invalid bearer token',
  403: 'Your office or role may not do this',
  404: 'Unknown id',
  409: 'Wrong state for this step',
  422: 'A business rule refuses it; IDEMPOTENCY_KEY_REUSED: this Idempotency-Key was already used for a different request',
  413: 'Body over 64 KB',
  415: 'Body is not application/json',
  500: 'A fault of the gateway or the service (INTERNAL); it is logged with the correlation id, never with the request',
  503: 'Come back later (Retry-After, seconds): SERVICE_UNAVAILABLE (the owning service or its database is down, busy or did not answer in time) or OVERLOADED (too many requests in flight to it). A command sent with an Idempotency-Key can always be retried with the same key',
};

/** Every command takes one: a retry with the same key returns the first outcome instead of running again. */
const IDEMPOTENCY_KEY_PARAMETER: Json = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Optional, 1–200 visible ASCII characters (a UUID per intended action). A retry with the same key returns the first outcome (header Idempotent-Replayed: true) and never runs the command twice; concurrent sends with one key get the one outcome. The same key with a different body: 422 IDEMPOTENCY_KEY_REUSED. Keys are per caller (the token subject) and kept IDEMPOTENCY_TTL_HOURS (default 24).',
  schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7E]+$' },
};
const RETRY_AFTER_HEADER: Json = { description: 'Seconds to wait before retrying (RETRY_AFTER_SECONDS)', required: true, schema: { type: 'integer', minimum: 1 } };
const REPLAYED_HEADER: Json = { description: '"true" when this is the stored outcome of an earlier request with the same Idempotency-Key', schema: { type: 'string', enum: ['true'] } };

const openApiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');

function operationOf(route: GatewayRoute): Json {
  const request = plain(route.operation.request);
  const properties = (request['properties'] ?? {}) as Record<string, Json>;
  const required = new Set((request['required'] ?? []) as string[]);
  const pathFields = route.params ?? {};

  const parameters: Json[] = Object.entries(pathFields).map(([param, field]) => ({ name: param, in: 'path', required: true, schema: properties[field] }));
  for (const field of Object.values(pathFields)) {
    delete properties[field];
    required.delete(field);
  }
  const rest = { ...request, properties, required: [...required] };
  if ((rest.required as string[]).length === 0) delete (rest as Json)['required'];

  let requestBody: Json | undefined;
  if (route.input === 'query') {
    for (const [name, schema] of Object.entries(properties)) parameters.push({ name, in: 'query', required: required.has(name), schema });
  } else {
    requestBody = { required: true, content: { 'application/json': { schema: rest } } };
  }

  const command = route.operation.kind === 'cmd';
  if (command) parameters.push(IDEMPOTENCY_KEY_PARAMETER);
  const errorCodes = [400, 404, 409, 500, 503, ...(command ? [422] : []), ...(route.audience === 'public' ? [] : [401, 403]), ...(route.input === 'body' ? [413, 415] : [])];
  const responses: Json = {
    [route.status]: {
      description: 'OK',
      ...(command ? { headers: { 'Idempotent-Replayed': REPLAYED_HEADER } } : {}),
      content: { 'application/json': { schema: plain(route.operation.response) } },
    },
  };
  for (const code of errorCodes.sort()) {
    responses[code] = {
      description: ERRORS[code],
      ...(code === 503 ? { headers: { 'Retry-After': RETRY_AFTER_HEADER } } : {}),
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }

  return {
    operationId: route.operation.name,
    summary: route.summary,
    description: `Forwarded to NATS subject \`${route.operation.subject}\`.`,
    tags: [route.operation.service],
    parameters,
    ...(requestBody ? { requestBody } : {}),
    responses,
    security: route.audience === 'public' ? [] : [{ bearer: [] }],
  };
}

export function buildOpenApiDocument() {
  const paths: Record<string, Json> = {};
  for (const route of GATEWAY_ROUTES) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operationOf(route) };
  }
  paths['/health'] = {
    get: {
      operationId: 'health',
      summary: 'Liveness and readiness (NATS answers a round trip); answers within a second',
      tags: ['gateway'],
      security: [],
      responses: {
        200: { description: 'Ready', content: { 'application/json': { schema: HEALTH_SCHEMA } } },
        503: {
          description: 'Not ready (NATS unreachable), with the reason',
          headers: { 'Retry-After': RETRY_AFTER_HEADER },
          content: { 'application/json': { schema: HEALTH_SCHEMA } },
        },
      },
    },
  };
  return {
    openapi: '3.1.0',
    info: { title: 'Jiandu (监督) gateway', version: '1', description: 'Every route but /health and the lookup needs a bearer JWT (HS256).' },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: ERROR_SCHEMA },
    },
    security: [{ bearer: [] }],
  };
}
