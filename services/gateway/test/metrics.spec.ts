// /metrics: the Prometheus text format, counters that follow the requests, and labels that carry
// the route pattern, never a request's data.
import { call, startHarness, tokenFor, type Harness } from './harness.js';

const PHONE = '13987654321';
const petition = {
  channel: 'visit',
  realName: true,
  reporter: { name: '李指标', phone: PHONE, idNumber: '61011119800101888X', address: '灞桥区指标路9号' },
  accused: { name: '赵某', position: '副局长', unitId: 'unit-7' },
  category: '违反八项规定',
  summary: '公款吃喝',
  content: '举报内容',
};
const SAMPLE =
  /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"(,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")*\})? (-?[0-9.e+-]+|\+Inf|-Inf|NaN)$/;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function scrape(): Promise<{ text: string; samples: Map<string, number> }> {
  const res = await fetch(`${h.url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  const samples = new Map<string, number>();
  for (const line of text.trimEnd().split('\n')) {
    if (line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    expect(line).toMatch(SAMPLE);
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return { text, samples };
}

describe('GET /metrics', () => {
  it('counts requests by route pattern, method and status, and times them', async () => {
    h.stub.respond(() => ({ ok: true, value: { id: 'p-1', lookupCode: 'ABCD-2345-EFGH', status: 'received' } }));
    const token = await tokenFor('petition-office');
    const before = (await scrape()).samples;
    const key = 'jiandu_http_requests_total{route="/api/v1/petitions",method="POST",status="201"}';
    for (let i = 0; i < 2; i++)
      expect((await call(h.url, 'POST', '/api/v1/petitions', { token, body: petition })).status).toBe(201);
    expect((await call(h.url, 'POST', '/api/v1/petitions', { body: petition })).status).toBe(401);
    expect((await call(h.url, 'GET', '/api/v1/lookup/WXYZ-2345-EFGH')).status).toBeGreaterThanOrEqual(200);
    expect((await call(h.url, 'GET', '/no/such/13987654321')).status).toBe(404);

    const { samples } = await scrape();
    expect(samples.get(key)).toBe((before.get(key) ?? 0) + 2);
    expect(
      samples.get('jiandu_http_requests_total{route="/api/v1/petitions",method="POST",status="401"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(
      [...samples.keys()].some((k) => k.startsWith('jiandu_http_requests_total{route="/api/v1/lookup/:lookupCode",method="GET"')),
    ).toBe(true);
    expect(samples.get('jiandu_http_requests_total{route="(unmatched)",method="GET",status="404"}')).toBeGreaterThanOrEqual(1);
    expect(
      samples.get('jiandu_http_request_duration_seconds_count{route="/api/v1/petitions",method="POST"}'),
    ).toBeGreaterThanOrEqual(3);
    expect(
      samples.get('jiandu_http_request_duration_seconds_bucket{route="/api/v1/petitions",method="POST",le="+Inf"}'),
    ).toBeGreaterThanOrEqual(3);
  });

  it('shows the requests in flight and the overload refusals of every service from the start, and the ceiling', async () => {
    const { text, samples } = await scrape();
    expect(text).toContain('# TYPE jiandu_gateway_in_flight gauge');
    expect(text).toContain('# TYPE jiandu_gateway_overload_total counter');
    for (const service of ['petitions', 'case-management', 'supervision']) {
      expect(samples.get(`jiandu_gateway_in_flight{service="${service}"}`)).toBe(0);
      expect(samples.get(`jiandu_gateway_overload_total{service="${service}"}`)).toBe(0);
    }
    expect(samples.get('jiandu_gateway_max_in_flight')).toBe(64);
  });

  it('carries no request data in any label', async () => {
    const { text } = await scrape();
    for (const value of [PHONE, 'WXYZ-2345-EFGH', '李指标', '61011119800101888X', 'p-1']) expect(text).not.toContain(value);
  });
});
