// The HTTP fuzzer's generators and checks, read from the OpenAPI document the gateway serves:
// each documented operation (path, method, parameters, body schema, who may call it) becomes
// requests that are valid, near-valid (one field broken) or hostile (wrong types, huge strings,
// deep nesting, unicode edge cases, NUL bytes, lone surrogates), with random path ids and random
// or tampered tokens. `checkAnswer` holds every answer to what the issue asks: no 5xx but a 503,
// the answer true to the document (its status, body, headers and, for an error, a code the
// document lists under that status), and no error quoting what was sent in a personal field.
import { randomBytes } from 'node:crypto';
import { EXAMPLE_OFFICES } from '@jiandu/testing';
import { ROLES, TOKEN_ISSUER } from '@jiandu/access';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { SignJWT } from 'jose';

type Json = Record<string, unknown>;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => void;
const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
addFormats(ajv);
const validators = new Map<string, (value: unknown) => boolean>();
/** Whether `value` passes `schema` (an independent validator: Ajv, as the contract checker uses). */
export function passes(schema: unknown, value: unknown): boolean {
  const key = JSON.stringify(schema);
  let check = validators.get(key);
  if (!check) {
    const compiled = ajv.compile(schema as Json);
    check = (v: unknown) => compiled(v) === true;
    validators.set(key, check);
  }
  return check(value);
}

// ── the operations of the document

export interface FuzzOperation {
  method: 'GET' | 'POST';
  /** '/api/v1/petitions/{id}/accept' */
  template: string;
  operationId: string;
  pathParams: { name: string; schema: Json }[];
  queryParams: { name: string; schema: Json; required: boolean }[];
  body?: { schema: Json; required: boolean };
  public: boolean;
  offices: string[];
  roles?: string[];
  command: boolean;
  /** Status → the codes the document lists for it (errors only). */
  codes: Map<number, string[]>;
}

export function operationsOf(doc: Json): FuzzOperation[] {
  const out: FuzzOperation[] = [];
  for (const [template, methods] of Object.entries(doc['paths'] as Record<string, Record<string, Json>>)) {
    if (!template.startsWith('/api/v1/')) continue;
    for (const [method, op] of Object.entries(methods)) {
      const parameters = (op['parameters'] ?? []) as { name: string; in: string; schema: Json; required?: boolean }[];
      const access = (op['x-jiandu-access'] ?? {}) as { public?: boolean; offices?: string[]; roles?: string[] };
      const requestBody = op['requestBody'] as { required?: boolean; content: Record<string, { schema: Json }> } | undefined;
      const codes = new Map<number, string[]>();
      for (const [status, response] of Object.entries(op['responses'] as Record<string, { description?: string }>)) {
        if (Number(status) < 400) continue;
        // '<what the status means>: CODE_A, CODE_B'
        const description = response.description ?? '';
        const listed = description.slice(description.lastIndexOf(': ') + 2);
        codes.set(
          Number(status),
          listed.split(',').map((code) => code.trim()),
        );
      }
      out.push({
        method: method.toUpperCase() as 'GET' | 'POST',
        template,
        operationId: String(op['operationId']),
        pathParams: parameters.filter((p) => p.in === 'path').map(({ name, schema }) => ({ name, schema })),
        queryParams: parameters
          .filter((p) => p.in === 'query')
          .map(({ name, schema, required }) => ({ name, schema, required: required === true })),
        ...(requestBody
          ? { body: { schema: requestBody.content['application/json']!.schema, required: requestBody.required === true } }
          : {}),
        public: access.public === true,
        offices: access.offices ?? [],
        ...(access.roles ? { roles: access.roles } : {}),
        command: parameters.some((p) => p.name === 'Idempotency-Key'),
        codes,
      });
    }
  }
  return out;
}

// ── values a schema accepts (mostly: cross-field rules may be broken, which the answer then says)

const DATE_MIN = new Date('2000-01-01T00:00:00Z');
const DATE_MAX = new Date('2040-12-31T23:59:59Z');

function stringOf(schema: Json): fc.Arbitrary<string> {
  if (Array.isArray(schema['enum'])) return fc.constantFrom(...(schema['enum'] as string[]));
  const min = (schema['minLength'] as number | undefined) ?? 0;
  const max = Math.min((schema['maxLength'] as number | undefined) ?? 60, 4000);
  const fit = (s: string) => s.slice(0, max);
  let base: fc.Arbitrary<string>;
  if (schema['format'] === 'date')
    base = fc.date({ min: DATE_MIN, max: DATE_MAX, noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  else if (schema['format'] === 'date-time')
    base = fc.date({ min: DATE_MIN, max: DATE_MAX, noInvalidDate: true }).map((d) => d.toISOString());
  else if (typeof schema['pattern'] === 'string' && !(schema['pattern'] as string).includes('(?=')) {
    base = fc.stringMatching(new RegExp(schema['pattern'] as string)).map(fit);
  } else {
    // Free text: Chinese and ASCII, with the edge cases a text field must take or refuse cleanly.
    base = fc
      .oneof(
        fc.string({
          unit: fc.constantFrom(...'测试举报内容反映某副主任违规接受宴请单位一二三abcXYZ 0123456789，。、'.split('')),
          minLength: min,
        }),
        fc.string({ unit: 'grapheme', minLength: min }),
        fc.constantFrom('某街道办事处', '反映其违规接受宴请', 'x'.repeat(max), '测'.repeat(max)),
      )
      .map(fit);
  }
  return base.filter((s) => passes(schema, s));
}

/** A value of `schema`; `ids` are the ids that exist (seeded), tried for fields named like an id. */
export function valueOf(schema: Json, ids: readonly string[] = [], key = ''): fc.Arbitrary<unknown> {
  if ('const' in schema) return fc.constant(schema['const']);
  if (Array.isArray(schema['enum'])) return fc.constantFrom(...(schema['enum'] as unknown[]));
  if (Array.isArray(schema['anyOf'])) return fc.oneof(...(schema['anyOf'] as Json[]).map((s) => valueOf(s, ids, key)));
  if (Array.isArray(schema['oneOf'])) return fc.oneof(...(schema['oneOf'] as Json[]).map((s) => valueOf(s, ids, key)));
  if (Array.isArray(schema['allOf']) && !schema['properties'])
    return valueOf(Object.assign({}, ...(schema['allOf'] as Json[])) as Json, ids, key);
  switch (schema['type']) {
    case 'string': {
      const text = stringOf(schema);
      const known = ids.filter((id) => passes(schema, id));
      return /id$/i.test(key) && known.length > 0 ? fc.oneof(fc.constantFrom(...known), text) : text;
    }
    case 'integer':
      return fc.integer({
        min: (schema['minimum'] as number | undefined) ?? -1_000_000,
        max: (schema['maximum'] as number | undefined) ?? 1_000_000,
      });
    case 'number':
      return fc.double({
        min: (schema['minimum'] as number | undefined) ?? -1e9,
        max: (schema['maximum'] as number | undefined) ?? 1e9,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = (schema['items'] ?? {}) as Json;
      const arr = fc.array(valueOf(items, ids, key), {
        minLength: (schema['minItems'] as number | undefined) ?? 0,
        maxLength: Math.min((schema['maxItems'] as number | undefined) ?? 5, 8),
      });
      return schema['uniqueItems'] ? arr.map((xs) => [...new Map(xs.map((x) => [JSON.stringify(x), x])).values()]) : arr;
    }
    case 'object':
    default: {
      const properties = (schema['properties'] ?? {}) as Record<string, Json>;
      const record = Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, valueOf(s, ids, k)]));
      return fc.record(record, { requiredKeys: (schema['required'] as string[] | undefined) ?? [] });
    }
  }
}

// ── hostile values

/** Strings a careless parser, log line or database driver trips on. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '\uD83D',
  '\u202Eevil',
  '\u200B\u200C\u200D\uFEFF',
  'e\u0301\u0301\u0301',
  '😀👨‍👩‍👧‍👦',
  '𠜎𠜱𡃁',
  '\r\n\t\v\f',
  '%00',
  '../../etc/passwd',
  "' OR 1=1 --",
  '"; DROP TABLE events; --',
  '${jndi:ldap://x/a}',
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  'NaN',
  '-0',
  '1e309',
  '9'.repeat(400),
  '\\',
  '\\u0000',
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer({ min: 1, max: 70_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 1, max: 20_000 }).map((n) => '测'.repeat(n)),
);

/** Hostile text for a URL: mostly short enough to pass the 16 KB request line and reach validation. */
export const urlHostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 9, arbitrary: hostileString.map((s) => s.slice(0, 300)) },
  { weight: 1, arbitrary: hostileString },
);

/**
 * Arrays or objects nested up to 10,000 deep. JSON.stringify (and fast-check printing a
 * counterexample) overflow the stack on such a value, so it is a placeholder that `serialize`
 * writes out as text.
 */
export const deepNesting: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 50, max: 10_000 }), fc.constantFrom('a', 'o'))
  .map(([depth, kind]) => `\u0001DEEP:${depth}:${kind}\u0001`);

/** JSON text of a request body, the deep placeholders written out. */
export function serialize(value: unknown): string {
  return JSON.stringify(value).replace(/"\\u0001DEEP:(\d+):([ao])\\u0001"/g, (_, depth: string, kind: string) => {
    const n = Number(depth);
    return kind === 'a' ? `${'['.repeat(n)}1${']'.repeat(n)}` : `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
  });
}

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.constantFrom(true, false, null, 0, -1, 2 ** 53, -(2 ** 53), 1e308, [], {}, [null], { __proto__: { admin: true } }),
  deepNesting,
  fc.jsonValue({ maxDepth: 4 }),
);

/** A body with one field broken: removed, retyped, hostile, too long, or an unknown field added. */
export function nearValid(valid: unknown, schema: Json): fc.Arbitrary<unknown> {
  if (typeof valid !== 'object' || valid === null || Array.isArray(valid)) return hostileValue;
  const keys = Object.keys(valid);
  const required = (schema['required'] as string[] | undefined) ?? [];
  return fc.oneof(
    // a field with a hostile value
    fc.tuple(fc.constantFrom(...(keys.length > 0 ? keys : ['x'])), hostileValue).map(([k, v]) => ({ ...valid, [k]: v })),
    // a required field missing
    fc.constantFrom(...(required.length > 0 ? required : ['x'])).map((k) => {
      const copy: Record<string, unknown> = { ...valid };
      delete copy[k];
      return copy;
    }),
    // an unknown field
    fc.tuple(fc.constantFrom('extra', '__proto__', 'constructor', 'actor', 'office', ''), hostileValue).map(([k, v]) => {
      const copy: Record<string, unknown> = { ...valid };
      Object.defineProperty(copy, k, { value: v, enumerable: true, writable: true, configurable: true });
      return copy;
    }),
    // a nested object's field retyped
    fc.constantFrom(...(keys.length > 0 ? keys : ['x'])).map((k) => ({ ...valid, [k]: [(valid as Json)[k]] })),
  );
}

// ── path ids

/** Percent-encoding that also writes a lone surrogate (as the three bytes WTF-8 gives it: never valid UTF-8). */
export function percentEncode(text: string): string {
  let out = '';
  for (const ch of text) {
    const unit = ch.charCodeAt(0);
    if (ch.length === 1 && unit >= 0xd800 && unit <= 0xdfff)
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    else out += encodeURIComponent(ch);
  }
  return out;
}

/** Path ids: seeded ones, values of the schema, hostile text (percent-encoded), and raw broken escapes. */
export function pathIdOf(schema: Json, ids: readonly string[]): fc.Arbitrary<string> {
  // Not '', '.' or '..' (as such or encoded): a client resolves them away, and asks another path.
  const stays = (id: string) => id !== '' && !/^(\.|%2e){1,2}$/i.test(id);
  return fc
    .oneof(
      { weight: 3, arbitrary: valueOf(schema, ids, 'id').map((v) => percentEncode(String(v))) },
      { weight: 2, arbitrary: ids.length > 0 ? fc.constantFrom(...ids) : fc.constant('p-1') },
      { weight: 2, arbitrary: urlHostileString.map((s) => percentEncode(s)) },
      { weight: 1, arbitrary: fc.constantFrom('%', '%ZZ', '%ED%A0%80', '%00', '%C0%AF', '%FF%FE', 'a%2Fb', '.x', '%2E%2E%2F') },
    )
    .filter(stays);
}

// ── tokens

export interface TokenMaker {
  secret: string;
  /** A token the access rule admits (its office and role), signed with the gateway's key. */
  good(op: FuzzOperation): Promise<string>;
}

const officeFor = (pattern: string) =>
  pattern === 'supervision-office-N'
    ? 'supervision-office-1'
    : pattern === 'dispatched-agency-X'
      ? 'dispatched-agency-a'
      : pattern;

export function tokenMaker(secret: string, sign: (claims: Json) => Promise<string>): TokenMaker {
  return {
    secret,
    good: (op) => {
      const offices = op.offices.length > 0 ? op.offices.map(officeFor) : [...EXAMPLE_OFFICES];
      const office = offices[Math.floor(Math.random() * offices.length)]!;
      return sign({ office, roles: op.roles ?? ['staff'], zones: ['z1', 'z2'] });
    },
  };
}

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

export type TamperKind =
  | 'none'
  | 'garbage'
  | 'alg-none'
  | 'wrong-key'
  | 'expired'
  | 'wrong-claim-types'
  | 'unknown-office'
  | 'hs512'
  | 'no-issuer'
  | 'lifetime-too-long'
  | 'signature-flipped'
  | 'payload-swapped';

export const TAMPER_KINDS: readonly TamperKind[] = [
  'none',
  'garbage',
  'alg-none',
  'wrong-key',
  'expired',
  'wrong-claim-types',
  'unknown-office',
  'hs512',
  'no-issuer',
  'lifetime-too-long',
  'signature-flipped',
  'payload-swapped',
];

/** An Authorization header value (or none) that must never get past the gateway. */
export async function tamperedAuthorization(kind: TamperKind, secret: string, good: string): Promise<string | undefined> {
  const key = new TextEncoder().encode(secret);
  const now = Math.floor(Date.now() / 1000);
  const claims = { name: '篡改者', office: 'petition-office', roles: ['leader', 'secretary'], zones: ['z1'] };
  const signed = (payload: Json, alg = 'HS256', k: Uint8Array = key) => {
    const jwt = new SignJWT(payload).setProtectedHeader({ alg, typ: 'JWT' });
    return jwt.sign(k);
  };
  switch (kind) {
    case 'none':
      return undefined;
    case 'garbage':
      return fc.sample(
        fc.constantFrom(
          'Bearer',
          'Bearer ',
          'Basic dXNlcjpwYXNz',
          `Bearer ${'a'.repeat(9000)}`,
          'Bearer a.b.c',
          `Bearer ${good}x`,
          `bearer ${good}`,
          `Bearer  ${good}`,
          `Bearer ${good}.${good}`,
        ),
        1,
      )[0];
    case 'alg-none':
      return `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, sub: 'u-x', iss: TOKEN_ISSUER, iat: now, exp: now + 600 })}.`;
    case 'wrong-key':
      return `Bearer ${await signed({ ...claims, sub: 'u-x', iss: TOKEN_ISSUER, iat: now, exp: now + 600 }, 'HS256', randomBytes(32))}`;
    case 'expired':
      return `Bearer ${await signed({ ...claims, sub: 'u-x', iss: TOKEN_ISSUER, iat: now - 7200, exp: now - 3600 })}`;
    case 'wrong-claim-types': {
      const wrong = fc.sample(
        fc.constantFrom<Json>(
          { sub: 5, office: 'petition-office', roles: ['staff'], zones: [] },
          { sub: 'u', office: 7, roles: ['staff'], zones: [] },
          { sub: 'u', office: 'petition-office', roles: 'leader', zones: [] },
          { sub: 'u', office: 'petition-office', roles: ['staff'], zones: 'z1' },
          { sub: 'u', office: ['petition-office'], roles: ['staff'], zones: [] },
          { sub: 'u', office: 'petition-office', roles: [{}], zones: [null] },
          { sub: '', office: 'petition-office', roles: ['staff'], zones: [] },
          { sub: 'u', name: { zh: 'x' }, office: 'petition-office', roles: ['root'], zones: [] },
        ),
        1,
      )[0]!;
      return `Bearer ${await signed({ name: '类型错', ...wrong, iss: TOKEN_ISSUER, iat: now, exp: now + 600 })}`;
    }
    case 'unknown-office':
      return `Bearer ${await signed({ ...claims, office: 'root', sub: 'u-x', iss: TOKEN_ISSUER, iat: now, exp: now + 600 })}`;
    case 'hs512':
      return `Bearer ${await signed({ ...claims, sub: 'u-x', iss: TOKEN_ISSUER, iat: now, exp: now + 600 }, 'HS512')}`;
    case 'no-issuer':
      return `Bearer ${await signed({ ...claims, sub: 'u-x', iat: now, exp: now + 600 })}`;
    case 'lifetime-too-long':
      return `Bearer ${await signed({ ...claims, sub: 'u-x', iss: TOKEN_ISSUER, iat: now, exp: now + 400 * 24 * 3600 })}`;
    case 'signature-flipped': {
      const [h, p, s] = good.split('.');
      const flipped = (s ?? '').slice(0, -2) + ((s ?? '').endsWith('AA') ? 'BB' : 'AA');
      return `Bearer ${h}.${p}.${flipped}`;
    }
    case 'payload-swapped': {
      const [h, , s] = good.split('.');
      return `Bearer ${h}.${b64({ ...claims, office: 'leadership', sub: 'u-x', iss: TOKEN_ISSUER, iat: now, exp: now + 600 })}.${s}`;
    }
  }
}

export const someRoles = fc.subarray([...ROLES]);

// ── personal data markers

/** Field names that carry a person's particulars (or free text that may). */
export const PERSONAL_FIELD =
  /name|phone|address|idnumber|contact|email|content|summary|reason|note|position|description|text|detail|response|issue/i;

export interface Markers {
  text: string;
  digits: string;
}

export function newMarkers(): Markers {
  const hex = randomBytes(4).toString('hex');
  return { text: `标记${hex}`, digits: `139${String(randomBytes(4).readUInt32BE() % 100_000_000).padStart(8, '0')}` };
}

/**
 * Puts a marker in every personal-looking string field of `value` whose schema takes it (so the
 * request stays as valid as it was): what an error must never quote back.
 */
export function plantMarkers(value: unknown, schema: Json, markers: Markers): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const properties = (schema['properties'] ?? {}) as Record<string, Json>;
  const out: Record<string, unknown> = { ...value };
  for (const [key, field] of Object.entries(out)) {
    const fieldSchema = properties[key];
    if (!fieldSchema) continue;
    if (typeof field === 'string' && PERSONAL_FIELD.test(key)) {
      for (const candidate of [`${markers.text}${field}`.slice(0, 200), markers.text, markers.digits]) {
        if (passes(fieldSchema, candidate)) {
          out[key] = candidate;
          break;
        }
      }
    } else if (typeof field === 'object' && field !== null) {
      out[key] = plantMarkers(field, fieldSchema, markers);
    }
  }
  return out;
}

// ── the checks

export interface FuzzAnswer {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

const OVERLOAD_CODES = new Set(['SERVICE_UNAVAILABLE', 'OVERLOADED']);

/** What is wrong with one answer (empty when nothing is). `conform` is the system's contract check. */
export function checkAnswer(op: FuzzOperation, answer: FuzzAnswer, markers: Markers, conform: () => void): string[] {
  const problems: string[] = [];
  const where = `${op.method} ${op.template} → ${answer.status}`;
  const code = (answer.body as { code?: unknown } | null)?.code;
  if (answer.status >= 500 && !(answer.status === 503 && OVERLOAD_CODES.has(String(code))))
    problems.push(`${where}: a 5xx (${String(code)})`);
  try {
    conform();
  } catch (error) {
    problems.push(String((error as Error).message).slice(0, 1500));
  }
  if (answer.status >= 400) {
    const listed = op.codes.get(answer.status);
    if (listed && typeof code === 'string' && !listed.includes(code))
      problems.push(`${where}: code ${code} is not one the document lists (${listed.join(', ')})`);
    for (const marker of [markers.text, markers.digits])
      if (answer.text.includes(marker))
        problems.push(`${where}: the error quotes a personal field: ${answer.text.slice(0, 300)}`);
  }
  return problems;
}
