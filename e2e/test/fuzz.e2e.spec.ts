// The HTTP fuzzer (issue 14): every route of the OpenAPI document the gateway serves, with valid,
// near-valid and hostile bodies and queries, random path ids and random or tampered tokens, on the
// whole system (every service a process, real PostgreSQL and NATS). Whatever is sent:
// - no 5xx, but a 503 (SERVICE_UNAVAILABLE or OVERLOADED, with Retry-After);
// - every answer true to the document: a declared status, a body its schema takes, the required
//   headers, and for an error a code the document lists under that status;
// - no event is appended for a refused request (none carries its correlation id; and across the
//   tampered-token run no store grows at all);
// - no error quotes what was sent in a personal field (marker strings planted there);
// - no process exits, and no log line carries a marker.
// `npm test` runs FUZZ_RUNS (default 1) cases per route and property. `npm run test:fuzz` many more.
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { EXAMPLE_OFFICES, eventually } from '@jiandu/testing';
import { clueIdOf, registerZonesAndUnits, tokens, transferPetition, type Tokens } from '../src/fixtures.js';
import {
  checkAnswer,
  urlHostileString,
  hostileValue,
  nearValid,
  newMarkers,
  operationsOf,
  pathIdOf,
  plantMarkers,
  serialize,
  TAMPER_KINDS,
  tamperedAuthorization,
  valueOf,
  type FuzzAnswer,
  type FuzzOperation,
  type Markers,
} from '../src/fuzz.js';
import { JWT_SECRET, startSystem, type System } from '../src/system.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 1);
const SEED = process.env['FUZZ_SEED'] === undefined ? undefined : Number(process.env['FUZZ_SEED']);
const TIMEOUT = Math.max(180_000, RUNS * 120 * 300);

let sys: System;
/** Stopped after the suite even when it came up after a hook's timeout. */
let starting: Promise<System> | undefined;
let t: Tokens;
let ops: FuzzOperation[];
let ids: string[];
const markers: Markers = newMarkers();
/** Correlation ids of the requests that were refused (4xx or 5xx): none may have an event. */
const refused: string[] = [];
let cases = 0;
/** How many answers of each status, printed at the end: how deep the cases got. */
const statuses = new Map<number, number>();

beforeAll(async () => {
  // The fuzzer asks the lookup far more often than a person: the limit is the abuse suite's.
  starting = startSystem(
    { LOOKUP_RATE_LIMIT: '1000000', LOG_LEVEL: 'debug' },
    { review: true, analytics: true, publicity: true },
  );
  sys = await starting;
  t = await tokens(sys);
  await registerZonesAndUnits(sys, t);
  const petition = await transferPetition(sys, t, 'u-street');
  await eventually(
    async () => (await sys.api('GET', `/api/v1/clues/${clueIdOf(petition.id)}`, t.caseManagement)).status === 200,
    {
      timeoutMs: 15_000,
    },
  );
  ids = ['z1', 'z2', 'u-street', 'u-bureau', petition.id, clueIdOf(petition.id), petition.lookupCode];
  const doc = (await (await fetch(`${sys.baseUrl}/api/docs-json`)).json()) as Record<string, unknown>;
  ops = operationsOf(doc);
}, 300_000);
afterAll(async () => (await starting?.catch(() => undefined))?.stop(), 120_000);

// ── sending

type Body = { json: unknown } | { raw: string | Uint8Array; type?: string } | undefined;

interface Case {
  pathIds: string[];
  query?: Record<string, unknown>;
  body: Body;
  authorization?: string | undefined;
  idempotencyKey?: string;
}

function urlOf(op: FuzzOperation, c: Case): string {
  let url = op.template;
  op.pathParams.forEach((p, i) => (url = url.replace(`{${p.name}}`, c.pathIds[i] ?? 'x')));
  if (c.query && Object.keys(c.query).length > 0) {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(c.query))
      for (const one of Array.isArray(value) ? value : [value])
        search.append(key, typeof one === 'string' ? one : JSON.stringify(one));
    url += `?${search.toString()}`;
  }
  return url;
}

async function send(op: FuzzOperation, c: Case): Promise<{ answer: FuzzAnswer; url: string; correlationId: string }> {
  const correlationId = `fz-${randomUUID()}`;
  const headers: Record<string, string> = { 'x-correlation-id': correlationId };
  if (c.authorization) headers['authorization'] = c.authorization;
  if (c.idempotencyKey) headers['idempotency-key'] = c.idempotencyKey;
  let body: string | Uint8Array | undefined;
  if (c.body && 'json' in c.body) {
    headers['content-type'] = 'application/json';
    body = serialize(c.body.json);
  } else if (c.body) {
    headers['content-type'] = c.body.type ?? 'application/json';
    body = c.body.raw;
  }
  const url = urlOf(op, c);
  const res = await fetch(`${sys.baseUrl}${url}`, { method: op.method, headers, body, signal: AbortSignal.timeout(20_000) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: the contract check says so
  }
  cases++;
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  return { answer: { status: res.status, headers: res.headers, body: parsed, text }, url, correlationId };
}

// ── what is sent

/** Raw bodies no serialiser would write. */
const RAW_BODIES: fc.Arbitrary<{ raw: string | Uint8Array; type?: string }> = fc.oneof(
  fc.constantFrom(
    { raw: '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}' },
    { raw: '{"a":1,"a":2}' },
    { raw: '{' },
    { raw: 'null' },
    { raw: '"text"' },
    { raw: '1e99999' },
    { raw: '[]' },
    { raw: '\u0000' },
    { raw: '{"x":"\\ud800"}' },
    { raw: '{"x":"\\u0000"}' },
    { raw: `${'['.repeat(20_000)}${']'.repeat(20_000)}` },
    { raw: `{"x":"${'y'.repeat(70_000)}"}` },
    { raw: '{"a":1}', type: 'text/plain' },
    { raw: 'a=1&b=2', type: 'application/x-www-form-urlencoded' },
    { raw: '{"a":1}', type: 'application/json; charset=latin1' },
    { raw: '{"a":1}', type: 'application/xml' },
    { raw: new Uint8Array([0xff, 0xfe, 0x7b, 0x7d]) },
    { raw: new Uint8Array([0x7b, 0x22, 0x78, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]) },
  ),
  fc.string({ unit: 'binary', maxLength: 200 }).map((raw) => ({ raw })),
);

function bodyOf(op: FuzzOperation): fc.Arbitrary<Body> {
  if (op.method === 'GET') return fc.constant(undefined);
  const schema = op.body?.schema ?? { type: 'object', properties: {} };
  const valid = valueOf(schema, ids).map((v) => plantMarkers(v, schema, markers));
  return fc.oneof(
    { weight: 4, arbitrary: valid.map((json) => ({ json })) },
    { weight: 3, arbitrary: valid.chain((v) => nearValid(v, schema)).map((json) => ({ json })) },
    { weight: 2, arbitrary: hostileValue.map((json) => ({ json })) },
    { weight: 2, arbitrary: RAW_BODIES },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

function queryOf(op: FuzzOperation): fc.Arbitrary<Record<string, unknown> | undefined> {
  if (op.queryParams.length === 0)
    return fc.option(fc.dictionary(fc.constantFrom('x', 'page', '__proto__'), urlHostileString), { nil: undefined });
  const schema = {
    type: 'object',
    properties: Object.fromEntries(op.queryParams.map((p) => [p.name, p.schema])),
    required: op.queryParams.filter((p) => p.required).map((p) => p.name),
  };
  const valid = valueOf(schema, ids).map((v) => plantMarkers(v, schema, markers) as Record<string, unknown>);
  return fc.oneof(
    { weight: 4, arbitrary: valid },
    { weight: 3, arbitrary: valid.chain((v) => nearValid(v, schema)) as fc.Arbitrary<Record<string, unknown>> },
    { weight: 1, arbitrary: fc.dictionary(fc.constantFrom(...op.queryParams.map((p) => p.name), 'extra'), urlHostileString) },
  );
}

const idempotencyKeyOf: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.uuid(),
  // (what fetch can send: no control characters, no character over U+00FF, nothing blank)
  fc.constantFrom('a b', 'x'.repeat(201), '{"k":1}', 'é'),
);

function caseOf(op: FuzzOperation, authorization: fc.Arbitrary<string | undefined>): fc.Arbitrary<Case> {
  return fc.record({
    pathIds: fc.tuple(...op.pathParams.map((p) => pathIdOf(p.schema, ids))),
    query: queryOf(op),
    body: bodyOf(op),
    authorization,
    idempotencyKey: op.command ? idempotencyKeyOf : fc.constant(undefined),
  }) as fc.Arbitrary<Case>;
}

async function eventCounts(): Promise<Record<string, number>> {
  const pool = sys.db.pool();
  const schemas = (
    await pool.query<{ schema: string }>(
      `SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'events' ORDER BY 1`,
    )
  ).rows.map((r) => r.schema);
  const counts: Record<string, number> = {};
  for (const schema of schemas)
    counts[schema] = (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".events`)).rows[0]!.n;
  return counts;
}

const options = (extra: Partial<fc.Parameters<unknown>> = {}) => ({
  numRuns: RUNS,
  ...(SEED === undefined ? {} : { seed: SEED }),
  endOnFailure: true,
  ...extra,
});

async function run(op: FuzzOperation, c: Case): Promise<FuzzAnswer> {
  const { answer, url, correlationId } = await send(op, c);
  if (answer.status >= 400) refused.push(correlationId);
  const problems = checkAnswer(op, answer, markers, () =>
    sys.conform(op.method, url, { status: answer.status, headers: answer.headers, body: answer.body }),
  );
  if (problems.length > 0) throw new Error(`${problems.join('\n')}\nrequest: ${op.method} ${url.slice(0, 300)}`);
  return answer;
}

/** Runs one property; its failure as a line (the seed to replay it), or undefined. */
async function check<T>(
  label: string,
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
): Promise<string | undefined> {
  const details = await fc.check(fc.asyncProperty(arbitrary, predicate), options());
  if (!details.failed) return undefined;
  const error = details.errorInstance as Error | undefined;
  return `${label} [seed ${details.seed}, path ${details.counterexamplePath}]: ${String(error?.message ?? 'failed').slice(0, 1500)}`;
}

/** Refused before the token is even read (the body or the request line), or for the token: never further. */
const BEFORE_OR_AT_THE_TOKEN = new Set([401, 413, 415, 431]);
const BEFORE_THE_TOKEN = new Set([413, 415, 431]);
/** The 400s answered before any route runs: a body that is not JSON, a path the router refuses. */
function refusedBeforeTheRoute(answer: FuzzAnswer): boolean {
  const body = answer.body as { code?: string; fields?: { path: string; message: { en: string } }[] } | null;
  if (answer.status !== 400) return false;
  if (body?.code === 'MALFORMED_REQUEST') return true;
  const only = body?.fields?.length === 1 ? body.fields[0] : undefined;
  return body?.code === 'VALIDATION_FAILED' && only?.path === '' && /path/.test(only.message.en);
}

describe('the HTTP fuzzer, over every route of the OpenAPI document', () => {
  it('reads the routes from the document', () => {
    expect(ops.length).toBeGreaterThan(50);
    expect(ops.some((op) => op.template === '/api/v1/lookup/{lookupCode}' && op.public)).toBe(true);
  });

  it(
    'lets no random or tampered token through (401), no office the rule leaves out (403), and appends nothing',
    async () => {
      const before = await eventCounts();
      const failures: string[] = [];
      const good = await sys.token({ office: 'petition-office' });
      for (const op of ops.filter((o) => !o.public)) {
        const tampered = await check(
          `${op.method} ${op.template} tampered token`,
          fc.tuple(caseOf(op, fc.constant(undefined)), fc.constantFrom(...TAMPER_KINDS)),
          async ([c, kind]) => {
            const answer = await run(op, { ...c, authorization: await tamperedAuthorization(kind, JWT_SECRET, good) });
            if (!BEFORE_OR_AT_THE_TOKEN.has(answer.status) && !refusedBeforeTheRoute(answer))
              throw new Error(`a ${kind} token → ${answer.status} ${answer.text.slice(0, 200)}`);
          },
        );
        if (tampered) failures.push(tampered);
        const outside = op.offices.includes('any-office')
          ? []
          : EXAMPLE_OFFICES.filter((office) => !op.offices.map(asExample).includes(office));
        if (outside.length === 0) continue;
        const office = await check(
          `${op.method} ${op.template} office left out`,
          fc.tuple(caseOf(op, fc.constant(undefined)), fc.constantFrom(...outside)),
          async ([c, office]) => {
            const token = await sys.token({ office, roles: ['staff', 'leader', 'secretary'], zones: ['z1', 'z2'] });
            const answer = await run(op, { ...c, authorization: `Bearer ${token}` });
            if (answer.status !== 403 && !refusedBeforeTheRoute(answer) && !BEFORE_THE_TOKEN.has(answer.status))
              throw new Error(`${office} → ${answer.status} ${answer.text.slice(0, 200)}`);
          },
        );
        if (office) failures.push(office);
      }
      expect(failures).toEqual([]);
      expect(await eventCounts()).toEqual(before);
    },
    TIMEOUT,
  );

  it(
    'answers valid, near-valid and hostile requests with a token the rule admits: no 5xx, true to the document, no event for a refusal, no personal data quoted',
    async () => {
      const failures: string[] = [];
      for (const op of ops) {
        // A token of each office the rule admits, with its roles.
        const admitted = op.public
          ? [undefined]
          : await Promise.all(actorsFor(op).map(async (a) => `Bearer ${await sys.token(a)}`));
        const failed = await check(`${op.method} ${op.template}`, caseOf(op, fc.constantFrom(...admitted)), async (c) => {
          await run(op, c);
        });
        if (failed) failures.push(failed);
      }
      expect(failures).toEqual([]);
      // A refused request left nothing, in any store (a reactor would carry its correlation id on).
      await new Promise((resolve) => setTimeout(resolve, 500));
      const pool = sys.db.pool();
      for (const schema of Object.keys(await eventCounts())) {
        const { rows } = await pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM "${schema}".events WHERE metadata->>'correlationId' = ANY($1)`,
          [refused],
        );
        expect({ schema, events: rows[0]!.n }).toEqual({ schema, events: 0 });
      }
    },
    TIMEOUT,
  );

  it('leaves every process running, and no marker in any log line', () => {
    expect(sys.exited()).toEqual([]);
    const leaked = sys.logs.filter((line) => line.includes(markers.text) || line.includes(markers.digits));
    expect(leaked.slice(0, 3)).toEqual([]);
    expect(cases).toBeGreaterThan(ops.length * RUNS);
    console.log(
      `HTTP fuzzer: ${cases} requests, by status ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`,
    );
  });
});

const asExample = (office: string) =>
  office
    .replace('supervision-office-N', 'supervision-office-1')
    .replace('dispatched-agency-X', 'dispatched-agency-a') as Parameters<System['token']>[0]['office'];

function actorsFor(op: FuzzOperation) {
  const offices = op.offices.includes('any-office')
    ? [...EXAMPLE_OFFICES]
    : op.offices.length > 0
      ? op.offices
      : ['petition-office'];
  return offices.map((office) => ({
    office: asExample(office),
    roles: op.roles ? [...op.roles] : ['staff'],
    zones: ['z1', 'z2'],
  }));
}
