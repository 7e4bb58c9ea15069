// Every answer of the gateway, checked against the OpenAPI document it serves, with an independent
// validator (Ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses it, and ajv-formats): the route and
// method are documented, the status is declared for that operation, the body is valid under the
// declared schema (errors included), and every required header is there and valid.
//
// Strict on purpose: an object the document describes with `properties` is closed here (as if
// `unevaluatedProperties: false`), so a property the document does not name — an added, a renamed
// or a misspelt one — fails, as a missing or mistyped one does.
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

type Json = Record<string, unknown>;
type Schema = Json | boolean;

// ajv-formats is CommonJS with a default export.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => void;

export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

export interface ContractChecker {
  /** Problems of one answer (empty when it conforms); `url` as requested, with its query string. */
  problems(method: string, url: string, answer: Answer): string[];
}

const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * A copy of `schema` whose described objects admit only the properties they name. Members of
 * `allOf` and the branches of `if`/`then`/`else` are left open (their parent closes over them all,
 * as unevaluatedProperties sees through them).
 */
export function closeObjects(schema: Schema, composed = false): Schema {
  if (!isObject(schema)) return schema;
  const out: Json = { ...schema };
  const each = (key: string, f: (s: Schema) => Schema) => {
    if (Array.isArray(out[key])) out[key] = (out[key] as Schema[]).map(f);
    else if (out[key] !== undefined && !Array.isArray(out[key])) out[key] = f(out[key] as Schema);
  };
  if (isObject(out['properties']))
    out['properties'] = Object.fromEntries(
      Object.entries(out['properties'] as Json).map(([k, v]) => [k, closeObjects(v as Schema)]),
    );
  if (isObject(out['$defs']))
    out['$defs'] = Object.fromEntries(Object.entries(out['$defs'] as Json).map(([k, v]) => [k, closeObjects(v as Schema)]));
  each('items', (s) => closeObjects(s));
  each('prefixItems', (s) => closeObjects(s));
  each('anyOf', (s) => closeObjects(s));
  each('oneOf', (s) => closeObjects(s));
  each('allOf', (s) => closeObjects(s, true));
  for (const key of ['if', 'then', 'else']) each(key, (s) => closeObjects(s, true));
  const describesObject = isObject(out['properties']) || Array.isArray(out['allOf']) || out['if'] !== undefined;
  if (!composed && describesObject && out['additionalProperties'] === undefined && out['unevaluatedProperties'] === undefined) {
    out['unevaluatedProperties'] = false;
  }
  return out;
}

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

export function contractChecker(doc: Json): ContractChecker {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  // The response schemas, closed, and the document's components, under one id so that
  // '#/components/schemas/Error' resolves as it does in the document.
  const components = (doc['components'] ?? {}) as Json;
  const schemas = Object.fromEntries(
    Object.entries((components['schemas'] ?? {}) as Json).map(([k, v]) => [k, closeObjects(v as Schema)]),
  );
  const paths = (doc['paths'] ?? {}) as Record<string, Record<string, Json>>;
  const closedPaths: Json = {};
  for (const [path, operations] of Object.entries(paths)) {
    const ops: Json = {};
    for (const [method, operation] of Object.entries(operations)) {
      const responses: Json = {};
      for (const [status, response] of Object.entries((operation['responses'] ?? {}) as Record<string, Json>)) {
        const schema = ((response['content'] as Json | undefined)?.['application/json'] as Json | undefined)?.['schema'];
        responses[status] = { schema: schema === undefined ? true : closeObjects(schema as Schema) };
      }
      ops[method] = { responses };
    }
    closedPaths[path] = ops;
  }
  ajv.addSchema({ $id: 'openapi', components: { schemas }, paths: closedPaths } as Json, 'openapi');

  const matchers = Object.keys(paths).map((template) => ({
    template,
    regex: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    literal: !template.includes('{'),
  }));
  const validators = new Map<string, ValidateFunction>();
  const headerValidators = new Map<string, ValidateFunction>();
  const validatorFor = (path: string, method: string, status: string) => {
    const ref = `openapi#/${pointer('paths', path, method, 'responses', status, 'schema')}`;
    let v = validators.get(ref);
    if (!v) {
      v = ajv.compile({ $ref: ref });
      validators.set(ref, v);
    }
    return v;
  };

  return {
    problems(method, url, answer) {
      const pathname = new URL(url, 'http://gateway').pathname;
      // A literal path wins over a template ('/api/v1/clues' before '/api/v1/clues/{id}').
      const found = matchers.filter((m) => m.regex.test(pathname)).sort((a, b) => Number(b.literal) - Number(a.literal))[0];
      const verb = method.toLowerCase();
      const operation = found ? paths[found.template]?.[verb] : undefined;
      if (!found || !operation) return [`${method} ${pathname}: not in the document`];
      const where = `${method} ${found.template} → ${answer.status}`;
      const response = ((operation['responses'] ?? {}) as Record<string, Json>)[String(answer.status)];
      if (!response)
        return [`${where}: status not declared (declared: ${Object.keys((operation['responses'] ?? {}) as Json).join(', ')})`];
      const problems: string[] = [];
      const validate = validatorFor(found.template, verb, String(answer.status));
      // A file the response declares (e.g. an .xlsx by `?format=xlsx`) is bytes: no JSON schema applies.
      const mediaType = (answer.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
      const declared = Object.keys((response['content'] ?? {}) as Json);
      const file = mediaType !== '' && mediaType !== 'application/json' && declared.includes(mediaType);
      if (!file && !validate(answer.body)) {
        for (const e of validate.errors ?? []) {
          const extra =
            (e.params as { unevaluatedProperty?: string; additionalProperty?: string }).unevaluatedProperty ??
            (e.params as { additionalProperty?: string }).additionalProperty;
          problems.push(`${where}: body${e.instancePath || ''} ${e.message ?? e.keyword}${extra ? ` '${extra}'` : ''}`);
        }
      }
      for (const [name, header] of Object.entries((response['headers'] ?? {}) as Record<string, Json>)) {
        const raw = answer.headers.get(name);
        if (raw === null) {
          if (header['required'] === true) problems.push(`${where}: header ${name} missing`);
          continue;
        }
        const schema = (header['schema'] ?? {}) as Json;
        const value = schema['type'] === 'integer' && /^-?\d+$/.test(raw) ? Number(raw) : raw;
        const key = JSON.stringify(schema);
        let check = headerValidators.get(key);
        if (!check) headerValidators.set(key, (check = ajv.compile(schema)));
        if (!check(value))
          problems.push(`${where}: header ${name} ${JSON.stringify(raw)} ${check.errors?.[0]?.message ?? 'invalid'}`);
      }
      return problems;
    },
  };
}

/** Thrown by the system's requests when an answer breaks the document. */
export class ContractViolation extends Error {
  constructor(problems: string[], body: unknown) {
    super(`the answer breaks the OpenAPI document:\n  ${problems.join('\n  ')}\nbody: ${JSON.stringify(body).slice(0, 2000)}`);
    this.name = 'ContractViolation';
  }
}
