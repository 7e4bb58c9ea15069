// The front door under a burst and on retries: a bounded number of requests in flight per service
// (503 with Retry-After at once beyond it, counted in /metrics), Retry-After on every 503, and the
// Idempotency-Key checked and passed on. Every answer is checked against the OpenAPI document.
import { contractChecker, type ContractChecker } from '@jiandu/testing';
import { loadGatewayConfig } from '../src/main.js';
import { GATEWAY_ROUTES } from '../src/routes.js';
import { call, lastCall, startHarness, tokenFor, type Harness } from './harness.js';
import type { Reply } from './stub-service.js';

const bilingual = { zh: expect.any(String), en: expect.any(String) };
const ACCEPT = '/api/v1/petitions/p-1/accept';
let h: Harness;
let token: string;
let doc: Record<string, unknown>;
let contract: ContractChecker;
beforeAll(async () => {
  h = await startHarness({ rpcTimeoutMs: 700, maxInFlight: 4 });
  token = await tokenFor('petition-office');
  doc = (await (await fetch(`${h.url}/api/docs-json`)).json()) as Record<string, unknown>;
  contract = contractChecker(doc);
});
afterAll(() => h.close());
beforeEach(() => h.stub.respond(() => ({ ok: true, value: { id: 'p-1', status: 'accepted' } })));

const accept = (headers: Record<string, string> = {}) => call(h.url, 'POST', ACCEPT, { token, headers });

async function metric(sample: string): Promise<number> {
  const text = await (await fetch(`${h.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  if (!line) throw new Error(`no sample ${sample} in /metrics`);
  return Number(line.slice(sample.length + 1));
}

/** A service that holds every request until `open()`, then answers them all. */
function gate(reply: Reply) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { responder: () => opened.then(() => reply), open };
}

describe('Back-pressure at the front door', () => {
  it('sends a slow service its share only: 4 of 20 succeed, the other 16 get 503 OVERLOADED with Retry-After at once, counted', async () => {
    const overloadBefore = await metric('jiandu_gateway_overload_total{service="petitions"}');
    const callsBefore = h.stub.calls.length;
    const slow = gate({ ok: true, value: { id: 'p-1', status: 'accepted' } });
    h.stub.respond(slow.responder);
    const started = performance.now();
    const answers = Array.from({ length: 20 }, () => accept().then((res) => ({ ...res, ms: performance.now() - started })));

    // The 16 refusals arrive while the service has answered nothing yet: they did not wait for it.
    const refused: Awaited<(typeof answers)[number]>[] = [];
    for (const answer of answers) void answer.then((res) => res.status === 503 && refused.push(res));
    const deadline = Date.now() + 5_000;
    while (refused.length < 16 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(refused).toHaveLength(16);
    expect(h.stub.calls.length - callsBefore).toBe(4);
    expect(await metric('jiandu_gateway_in_flight{service="petitions"}')).toBe(4);
    expect(await metric('jiandu_gateway_in_flight{service="case-management"}')).toBe(0);
    for (const res of refused) {
      expect(res.body).toEqual({ code: 'OVERLOADED', message: bilingual });
      expect(res.headers.get('retry-after')).toBe('1');
      expect(res.ms).toBeLessThan(1_000);
      expect(contract.problems('POST', ACCEPT, res)).toEqual([]);
    }

    slow.open();
    const all = await Promise.all(answers);
    expect(all.filter((r) => r.status === 200)).toHaveLength(4);
    expect(all.filter((r) => r.status === 503)).toHaveLength(16);
    for (const res of all.filter((r) => r.status === 200)) expect(contract.problems('POST', ACCEPT, res)).toEqual([]);
    expect(await metric('jiandu_gateway_overload_total{service="petitions"}')).toBe(overloadBefore + 16);
    expect(await metric('jiandu_gateway_in_flight{service="petitions"}')).toBe(0);
    expect(await metric('jiandu_gateway_max_in_flight')).toBe(4);
  });

  it('holds a slot until the timeout when the service does not answer: 4 wait and get 503 SERVICE_UNAVAILABLE, 16 are refused at once', async () => {
    h.stub.respond(() => undefined); // a service that does not answer: every forwarded request stays in flight until the timeout
    const started = Date.now();
    const timed = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const res = await accept();
        return { ...res, ms: Date.now() - started };
      }),
    );
    const overloaded = timed.filter((r) => r.body.code === 'OVERLOADED');
    const waited = timed.filter((r) => r.body.code === 'SERVICE_UNAVAILABLE');
    expect(waited).toHaveLength(4);
    expect(overloaded).toHaveLength(16);
    for (const r of [...overloaded, ...waited]) {
      expect(r.status).toBe(503);
      expect(r.headers.get('retry-after')).toBe('1');
      expect(contract.problems('POST', ACCEPT, r)).toEqual([]);
    }
    for (const r of overloaded) expect(r.ms).toBeLessThan(500); // at once, not after the RPC timeout
    for (const r of waited) expect(r.ms).toBeGreaterThanOrEqual(600);
  });

  it('frees the slots when the answers come: the next requests go through', async () => {
    const results = await Promise.all(Array.from({ length: 4 }, () => accept()));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
  });

  it('frees the slot of a refused or failed call too', async () => {
    h.stub.respond(() => ({
      ok: false,
      error: { code: 'PETITION_NOT_FOUND', status: 404, message: { zh: '没有该信访件', en: 'no such petition' } },
    }));
    for (let i = 0; i < 10; i++) expect((await accept()).status).toBe(404);
    h.stub.respond(() => ({ ok: true, value: { id: 'p-1', status: 'accepted' } }));
    const results = await Promise.all(Array.from({ length: 4 }, () => accept()));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
  });

  it('counts each service apart: a full petitions service does not refuse case-management', async () => {
    h.stub.respond((c) => (c.subject.includes('petitions') ? undefined : { ok: true, value: { items: [] } }));
    const leader = await tokenFor('leadership');
    const stuck = Array.from({ length: 4 }, () => accept());
    const other = await call(h.url, 'GET', '/api/v1/zones', { token: leader });
    expect(other.status).toBe(200);
    await Promise.all(stuck);
  });

  it('logs each refusal with its correlation id at the default level, and no line for a success', async () => {
    h.stub.respond(() => undefined);
    const stuck = Array.from({ length: 4 }, () => accept());
    const refused = await accept({ 'x-correlation-id': 'corr-overloaded-1' });
    expect(refused.body.code).toBe('OVERLOADED');
    await Promise.all(stuck);
    h.stub.respond(() => ({ ok: true, value: { id: 'p-1', status: 'accepted' } }));
    expect((await accept({ 'x-correlation-id': 'corr-success-1' })).status).toBe(200);
    const entries = h.logLines().map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries).toContainEqual(
      expect.objectContaining({ msg: 'request', correlationId: 'corr-overloaded-1', status: 503, level: 30 }),
    );
    expect(entries.filter((e) => e['correlationId'] === 'corr-success-1')).toEqual([]);
  });
});

describe('A 503 of the service', () => {
  it('passes on SERVICE_UNAVAILABLE with Retry-After', async () => {
    h.stub.respond(() => ({
      ok: false,
      error: {
        code: 'SERVICE_UNAVAILABLE',
        status: 503,
        message: { zh: '服务繁忙，请稍后重试', en: 'the service is busy; retry later' },
      },
    }));
    const res = await accept();
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      code: 'SERVICE_UNAVAILABLE',
      message: { zh: '服务繁忙，请稍后重试', en: 'the service is busy; retry later' },
    });
    expect(res.headers.get('retry-after')).toBe('1');
    expect(contract.problems('POST', ACCEPT, res)).toEqual([]);
  });

  it('is a 503 with Retry-After under any code (the database pool exhausted, the database unreachable), never a 500', async () => {
    for (const code of ['DATABASE_UNAVAILABLE', 'POOL_EXHAUSTED']) {
      h.stub.respond(() => ({
        ok: false,
        error: { code, status: 503, message: { zh: '数据库暂时不可用', en: 'the database is unavailable for now' } },
      }));
      const res = await accept();
      expect({ code, status: res.status }).toEqual({ code, status: 503 });
      expect(res.body).toEqual({ code, message: { zh: '数据库暂时不可用', en: 'the database is unavailable for now' } });
      expect(res.headers.get('retry-after')).toBe('1');
      expect(contract.problems('POST', ACCEPT, res)).toEqual([]);
    }
  });

  it('passes on only the code and the message, and answers a malformed error as INTERNAL 500', async () => {
    h.stub.respond(() => ({
      ok: false,
      error: { code: 'SERVICE_UNAVAILABLE', status: 503, message: { zh: '忙', en: 'busy' }, stack: 'at db.js:1', fields: 'x' },
    }));
    expect((await accept()).body).toEqual({ code: 'SERVICE_UNAVAILABLE', message: { zh: '忙', en: 'busy' } });
    h.stub.respond(() => ({ ok: false, error: { code: 'SERVICE_UNAVAILABLE', status: 503, message: 'busy' } }));
    const malformed = await accept();
    expect(malformed.status).toBe(500);
    expect(malformed.body.code).toBe('INTERNAL');
    expect(malformed.headers.get('retry-after')).toBeNull();
  });
});

describe('Idempotency-Key', () => {
  it('is passed to the service with the command', async () => {
    await accept({ 'idempotency-key': 'f3b0c442-98fc-4c1c-9a6e-1b5f2a9d0c11' });
    expect(lastCall(h).data).toMatchObject({ idempotencyKey: 'f3b0c442-98fc-4c1c-9a6e-1b5f2a9d0c11' });
  });

  it.each([
    ['of 1 character', '!'],
    ['of 200 characters', '~'.repeat(200)],
    ['with every kind of visible ASCII', 'AZaz09!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'],
  ])('takes a key %s', async (_label, key) => {
    const res = await accept({ 'idempotency-key': key });
    expect(res.status).toBe(200);
    expect(lastCall(h).data.idempotencyKey).toBe(key);
  });

  it('is not sent when absent, nor for a query (where a bad key is not an error either)', async () => {
    await accept();
    expect(lastCall(h).data).not.toHaveProperty('idempotencyKey');
    h.stub.respond(() => ({ ok: true, value: { items: [], total: 0 } }));
    const res = await call(h.url, 'GET', '/api/v1/clues', {
      token: await tokenFor('case-management'),
      headers: { 'idempotency-key': 'k 1' },
    });
    expect(res.status).toBe(200);
    expect(lastCall(h).data).not.toHaveProperty('idempotencyKey');
  });

  it.each([
    ['empty', ''],
    ['too long', 'a'.repeat(201)],
    ['with a space', 'with space'],
    ['not ASCII', '键'],
    ['with a control character', 'tab\there'],
  ])('refuses a key %s, with 400 naming the header, and sends nothing', async (_label, key) => {
    const before = h.stub.calls.length;
    const res = await fetch(`${h.url}/api/v1/petitions/p-1/accept`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'idempotency-key': encodeURIComponent(key) === key ? key : Buffer.from(key).toString('latin1'),
      },
    });
    const body = await res.json();
    expect(res.status).toBe(400);
    expect(body).toEqual({
      code: 'VALIDATION_FAILED',
      message: bilingual,
      fields: [{ path: 'Idempotency-Key', message: bilingual }],
    });
    expect(contract.problems('POST', ACCEPT, { status: res.status, headers: res.headers, body })).toEqual([]);
    expect(h.stub.calls.length).toBe(before);
  });

  it('refuses a key sent twice', async () => {
    const headers = new Headers({ authorization: `Bearer ${token}` });
    headers.append('idempotency-key', 'k-1');
    headers.append('idempotency-key', 'k-2');
    const res = await fetch(`${h.url}/api/v1/petitions/p-1/accept`, { method: 'POST', headers });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { fields: unknown }).fields).toEqual([{ path: 'Idempotency-Key', message: bilingual }]);
  });

  it('names a bad key and a bad body together', async () => {
    const res = await call(h.url, 'POST', '/api/v1/petitions/p-1/reject', {
      token,
      body: {},
      headers: { 'idempotency-key': 'a b' },
    });
    expect(res.status).toBe(400);
    expect(res.body.fields.map((f: { path: string }) => f.path).sort()).toEqual(['Idempotency-Key', 'reason']);
  });

  it('says Idempotent-Replayed when the service replayed the first outcome', async () => {
    h.stub.respond(() => ({ ok: true, value: { id: 'p-1', status: 'accepted' }, replayed: true }));
    const res = await accept({ 'idempotency-key': 'k-replay' });
    expect(res.status).toBe(200);
    expect(res.headers.get('idempotent-replayed')).toBe('true');
    expect(contract.problems('POST', ACCEPT, res)).toEqual([]);
    h.stub.respond(() => ({ ok: true, value: { id: 'p-1', status: 'accepted' } }));
    expect((await accept({ 'idempotency-key': 'k-first' })).headers.get('idempotent-replayed')).toBeNull();
  });

  it('passes the service’s 422 for a key reused with another body', async () => {
    h.stub.respond(() => ({
      ok: false,
      error: { code: 'IDEMPOTENCY_KEY_REUSED', status: 422, message: { zh: '该幂等键已用于另一请求', en: 'reused' } },
    }));
    const res = await accept({ 'idempotency-key': 'k-reused' });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ code: 'IDEMPOTENCY_KEY_REUSED', message: { zh: '该幂等键已用于另一请求', en: 'reused' } });
    expect(contract.problems('POST', ACCEPT, res)).toEqual([]);
  });

  it('says Idempotent-Replayed on a replayed refusal too', async () => {
    h.stub.respond(() => ({
      ok: false,
      error: { code: 'PETITION_WRONG_STATE', status: 409, message: { zh: '状态不符', en: 'wrong state' } },
      replayed: true,
    }));
    const res = await accept({ 'idempotency-key': 'k-refused' });
    expect(res.status).toBe(409);
    expect(res.headers.get('idempotent-replayed')).toBe('true');
  });
});

describe('The published contract for retries', () => {
  it('documents Idempotency-Key on every command (every POST, and the recorded reporter read), a required Retry-After on every 503 (/health too), and 422 for a reused key', async () => {
    let commands = 0;
    const isCommand = new Set(
      GATEWAY_ROUTES.filter((r) => r.operation.kind === 'cmd').map(
        (r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`,
      ),
    );
    for (const [path, item] of Object.entries(doc['paths'] as Record<string, Record<string, unknown>>)) {
      for (const [method, op] of Object.entries<any>(item)) {
        // eslint-disable-line @typescript-eslint/no-explicit-any
        expect({ path, method, retryAfter: op.responses[503]?.headers?.['Retry-After']?.required }).toEqual({
          path,
          method,
          retryAfter: true,
        });
        if (method === 'post') expect({ path, command: isCommand.has(`post ${path}`) }).toEqual({ path, command: true });
        if (!isCommand.has(`${method} ${path}`)) {
          expect(op.parameters?.some((p: { name: string }) => p.name === 'Idempotency-Key') ?? false).toBe(false);
          continue;
        }
        commands++;
        const key = op.parameters.find((p: { name: string; in: string }) => p.name === 'Idempotency-Key' && p.in === 'header');
        expect({ path, key: key?.schema }).toEqual({
          path,
          key: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7E]{1,200}$' },
        });
        expect(key.required).toBe(false);
        expect(op.responses[422].description).toContain('IDEMPOTENCY_KEY_REUSED');
        expect(
          op.responses[String(Object.keys(op.responses).find((s) => s.startsWith('2')))].headers['Idempotent-Replayed'],
        ).toBeDefined();
      }
    }
    expect(commands).toBeGreaterThan(20);
  });
});

describe('Configuration', () => {
  it('defaults to 64 requests in flight per service and Retry-After 1, and refuses values out of range', () => {
    expect(loadGatewayConfig({})).toMatchObject({ maxInFlight: 64, retryAfterSeconds: 1 });
    expect(loadGatewayConfig({ GATEWAY_MAX_IN_FLIGHT: '8', RETRY_AFTER_SECONDS: '5' })).toMatchObject({
      maxInFlight: 8,
      retryAfterSeconds: 5,
    });
    for (const env of [
      { GATEWAY_MAX_IN_FLIGHT: '0' },
      { GATEWAY_MAX_IN_FLIGHT: 'many' },
      { RETRY_AFTER_SECONDS: '0' },
      { RETRY_AFTER_SECONDS: '1.5' },
    ]) {
      expect(() => loadGatewayConfig(env)).toThrow();
    }
  });

  it('sends the configured Retry-After on every 503', async () => {
    const other = await startHarness({ rpcTimeoutMs: 300, maxInFlight: 1, retryAfterSeconds: 7 });
    try {
      const officeToken = await tokenFor('petition-office');
      const post = () => call(other.url, 'POST', '/api/v1/petitions/p-1/accept', { token: officeToken });
      other.stub.respond(() => undefined);
      const [timedOut, overloaded] = await Promise.all([post(), new Promise((r) => setTimeout(r, 50)).then(post)]);
      expect([timedOut.body.code, overloaded.body.code]).toEqual(['SERVICE_UNAVAILABLE', 'OVERLOADED']);
      other.stub.respond(() => ({
        ok: false,
        error: { code: 'SERVICE_UNAVAILABLE', status: 503, message: { zh: '忙', en: 'busy' } },
      }));
      const passed = await post();
      for (const res of [timedOut, overloaded, passed]) {
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe('7');
      }
    } finally {
      await other.close();
    }
  });
});
