// The no-token lookup is limited per client: a token bucket of LOOKUP_RATE_LIMIT a minute per
// address, 429 RATE_LIMITED with Retry-After beyond it (as the OpenAPI document declares), nothing
// forwarded, each refusal counted in /metrics; other clients and the token routes are not affected.
import { contractChecker, type ContractChecker } from '@jiandu/testing';
import { loadGatewayConfig } from '../src/main.js';
import { tokenBucketLimiter } from '../src/rate-limit.js';
import { call, startHarness, tokenFor, type Harness } from './harness.js';

describe('the token bucket', () => {
  it('lets a client make its limit at once, then one every 60/limit s, each client on its own', () => {
    let now = 1_000_000;
    const limiter = tokenBucketLimiter({ perMinute: 3, now: () => now });
    expect([1, 2, 3].map(() => limiter.take('a').ok)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 20 });
    expect(limiter.take('b').ok).toBe(true);
    now += 19_000;
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 1 });
    now += 1_000;
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(false);
    // A long absence refills the bucket to its size, never beyond.
    now += 3_600_000;
    expect([1, 2, 3, 4].map(() => limiter.take('a').ok)).toEqual([true, true, true, false]);
  });

  it('remembers a bounded number of clients, the least recently seen forgotten first', () => {
    const limiter = tokenBucketLimiter({ perMinute: 1, maxClients: 2, now: () => 0 });
    limiter.take('a');
    limiter.take('b');
    limiter.take('c');
    expect(limiter.size()).toBe(2);
    expect(limiter.take('c').ok).toBe(false);
  });

  it('is configured by LOOKUP_RATE_LIMIT (30 a minute when unset) and TRUST_PROXY', () => {
    expect(loadGatewayConfig({}).lookupRateLimit).toBe(30);
    expect(loadGatewayConfig({ LOOKUP_RATE_LIMIT: '120' }).lookupRateLimit).toBe(120);
    expect(() => loadGatewayConfig({ LOOKUP_RATE_LIMIT: '0' })).toThrow(/LOOKUP_RATE_LIMIT/);
    expect(loadGatewayConfig({ TRUST_PROXY: '10.0.0.1, 10.1.0.0/16' }).trustProxy).toEqual(['10.0.0.1', '10.1.0.0/16']);
    expect(loadGatewayConfig({}).trustProxy).toBeUndefined();
  });
});

describe('the lookup route under a client that asks too often', () => {
  let h: Harness;
  let contract: ContractChecker;
  beforeAll(async () => {
    // The test client's address comes from X-Forwarded-For, as behind the commission's proxy.
    h = await startHarness({ lookupRateLimit: 3, trustProxy: ['127.0.0.1', '::1', '::ffff:127.0.0.1'] });
    contract = contractChecker((await (await fetch(`${h.url}/api/docs-json`)).json()) as Record<string, unknown>);
    h.stub.respond(() => ({ ok: true, value: { status: 'received', updatedAt: '2026-05-01T00:00:00.000Z' } }));
  });
  afterAll(() => h.close());

  const metric = async (sample: string) => {
    const line = (await (await fetch(`${h.url}/metrics`)).text()).split('\n').find((l) => l.startsWith(`${sample} `));
    return Number(line?.slice(sample.length + 1));
  };
  const SAMPLE = 'jiandu_gateway_rate_limited_total{route="/api/v1/lookup/:lookupCode"}';
  const lookup = (client: string, code = 'ABCD-2345-EFGH') =>
    call(h.url, 'GET', `/api/v1/lookup/${code}`, { headers: { 'x-forwarded-for': client } });

  it('answers 429 RATE_LIMITED with Retry-After and a zh/en message past the limit, forwards nothing, and counts it', async () => {
    expect(await metric(SAMPLE)).toBe(0);
    const calls = h.stub.calls.length;
    for (let i = 0; i < 3; i++) expect((await lookup('203.0.113.7', `ABCD-2345-EFG${i}`)).status).toBe(200);
    const refused = await lookup('203.0.113.7', 'ABCD-2345-EFGX');
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({
      code: 'RATE_LIMITED',
      message: { zh: expect.stringMatching(/频繁/), en: expect.any(String) },
    });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(20);
    expect(contract.problems('GET', '/api/v1/lookup/ABCD-2345-EFGX', refused)).toEqual([]);
    expect(h.stub.calls.length - calls).toBe(3);
    expect(await metric(SAMPLE)).toBe(1);
    expect(await metric('jiandu_http_requests_total{route="/api/v1/lookup/:lookupCode",method="GET",status="429"}')).toBe(1);
  });

  it('keeps another client and the routes with a token out of it', async () => {
    expect((await lookup('198.51.100.9')).status).toBe(200);
    const token = await tokenFor('petition-office');
    h.stub.respond(() => ({ ok: true, value: { items: [], total: 0 } }));
    for (let i = 0; i < 5; i++)
      expect(
        (await call(h.url, 'GET', '/api/v1/petitions', { token, headers: { 'x-forwarded-for': '203.0.113.7' } })).status,
      ).toBe(200);
  });
});
