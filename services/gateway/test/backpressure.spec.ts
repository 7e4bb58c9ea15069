// The front door under a burst and on retries: a bounded number of requests in flight per service
// (503 with Retry-After at once beyond it, counted in /metrics), and the Idempotency-Key passed on.
import { call, lastCall, startHarness, tokenFor, type Harness } from './harness.js';

const bilingual = { zh: expect.any(String), en: expect.any(String) };
let h: Harness;
let token: string;
beforeAll(async () => {
  h = await startHarness({ rpcTimeoutMs: 700, maxInFlight: 4 });
  token = await tokenFor('petition-office');
});
afterAll(() => h.close());
beforeEach(() => h.stub.respond(() => ({ ok: true, value: { id: 'p-1', status: 'accepted' } })));

const accept = (headers: Record<string, string> = {}) => call(h.url, 'POST', '/api/v1/petitions/p-1/accept', { token, headers });

describe('Back-pressure at the front door', () => {
  it('sends a service no more than its share: the rest get 503 OVERLOADED with Retry-After at once, and it is counted', async () => {
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
    for (const r of overloaded) {
      expect(r.status).toBe(503);
      expect(r.body).toEqual({ code: 'OVERLOADED', message: bilingual });
      expect(r.headers.get('retry-after')).toBe('1');
      expect(r.ms).toBeLessThan(500); // at once, not after the RPC timeout
    }
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    expect(metrics).toContain('jiandu_gateway_overload_total{service="petitions"} 16');
  });

  it('frees the slots when the answers come: the next requests go through', async () => {
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

  it('passes on a 503 of the service with Retry-After', async () => {
    h.stub.respond(() => ({ ok: false, error: { code: 'SERVICE_UNAVAILABLE', status: 503, message: { zh: '服务繁忙，请稍后重试', en: 'the service is busy; retry later' } } }));
    const res = await accept();
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(res.headers.get('retry-after')).toBe('1');
  });
});

describe('Idempotency-Key', () => {
  it('is passed to the service with the command', async () => {
    await accept({ 'idempotency-key': 'f3b0c442-98fc-4c1c-9a6e-1b5f2a9d0c11' });
    expect(lastCall(h).data).toMatchObject({ idempotencyKey: 'f3b0c442-98fc-4c1c-9a6e-1b5f2a9d0c11' });
  });

  it('is not sent when absent, nor for a query', async () => {
    await accept();
    expect(lastCall(h).data).not.toHaveProperty('idempotencyKey');
    h.stub.respond(() => ({ ok: true, value: { items: [], total: 0 } }));
    await call(h.url, 'GET', '/api/v1/clues', { token: await tokenFor('case-management'), headers: { 'idempotency-key': 'k-1' } });
    expect(lastCall(h).data).not.toHaveProperty('idempotencyKey');
  });

  it.each([['', 'empty'], ['a'.repeat(201), 'too long'], ['with space', 'a space'], ['键', 'not ASCII']])('refuses a key %#: %s, with 400 naming the header', async (key) => {
    const before = h.stub.calls.length;
    const res = await fetch(`${h.url}/api/v1/petitions/p-1/accept`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'idempotency-key': encodeURIComponent(key) === key ? key : Buffer.from(key).toString('latin1') } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ path: 'Idempotency-Key', message: bilingual }] });
    expect(h.stub.calls.length).toBe(before);
  });

  it('says Idempotent-Replayed when the service replayed the first outcome', async () => {
    h.stub.respond(() => ({ ok: true, value: { id: 'p-1', status: 'accepted' }, replayed: true }) as never);
    const res = await accept({ 'idempotency-key': 'k-replay' });
    expect(res.status).toBe(200);
    expect(res.headers.get('idempotent-replayed')).toBe('true');
    h.stub.respond(() => ({ ok: true, value: { id: 'p-1', status: 'accepted' } }));
    expect((await accept({ 'idempotency-key': 'k-first' })).headers.get('idempotent-replayed')).toBeNull();
  });

  it('passes the service’s 422 for a key reused with another body', async () => {
    h.stub.respond(() => ({ ok: false, error: { code: 'IDEMPOTENCY_KEY_REUSED', status: 422, message: { zh: '该幂等键已用于另一请求', en: 'reused' } } }));
    const res = await accept({ 'idempotency-key': 'k-reused' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('says Idempotent-Replayed on a replayed refusal too', async () => {
    h.stub.respond(() => ({ ok: false, error: { code: 'PETITION_WRONG_STATE', status: 409, message: { zh: '状态不符', en: 'wrong state' } }, replayed: true }) as never);
    const res = await accept({ 'idempotency-key': 'k-refused' });
    expect(res.status).toBe(409);
    expect(res.headers.get('idempotent-replayed')).toBe('true');
  });
});

describe('The published contract for retries', () => {
  it('documents Idempotency-Key on every command, Retry-After on every 503, and 422 for a reused key', async () => {
    const doc = (await (await fetch(`${h.url}/api/docs-json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    let commands = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) { // eslint-disable-line @typescript-eslint/no-explicit-any
        if (op.responses?.[503] && path !== '/health') expect(op.responses[503].headers?.['Retry-After']).toBeDefined();
        if (method !== 'post') continue;
        commands++;
        expect({ path, key: op.parameters.some((p: { name: string; in: string }) => p.name === 'Idempotency-Key' && p.in === 'header') }).toEqual({ path, key: true });
        expect(op.responses[422]).toBeDefined();
      }
    }
    expect(commands).toBeGreaterThan(20);
  });
});
