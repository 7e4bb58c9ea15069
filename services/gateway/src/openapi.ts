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

const ERRORS: Record<number, string> = {
  400: 'Invalid body or query (VALIDATION_FAILED, with fields)',
  401: 'Missing or invalid bearer token',
  403: 'Your office or role may not do this',
  404: 'Unknown id',
  409: 'Wrong state for this step',
  413: 'Body over 64 KB',
  415: 'Body is not application/json',
  503: 'The owning service is down or did not answer in time',
};

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

  const errorCodes = [400, 404, 409, 503, ...(route.audience === 'public' ? [] : [401, 403]), ...(route.input === 'body' ? [413, 415] : [])];
  const responses: Json = { [route.status]: { description: 'OK', content: { 'application/json': { schema: plain(route.operation.response) } } } };
  for (const code of errorCodes.sort()) {
    responses[code] = { description: ERRORS[code], content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
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
    get: { operationId: 'health', summary: 'Liveness and readiness (NATS connected)', tags: ['gateway'], security: [], responses: { 200: { description: 'Ready' }, 503: { description: 'Not ready' } } },
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
