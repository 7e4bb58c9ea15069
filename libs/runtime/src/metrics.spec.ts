import { Writable } from 'node:stream';
import { DomainException, notFound, petitionOperations } from '@jiandu/contracts';
import { createLogger } from './logger.js';
import { codeLabel, METRICS_CONTENT_TYPE, MetricsRegistry, runtimeMetrics } from './metrics.js';
import { serveRpc, type RpcRoute } from './rpc-server.js';
import { serviceMetrics } from './service-host.js';

// `name{labels} value` or `name value`, label values quoted with \\, \" and \n escaped.
const SAMPLE =
  /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"(,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")*\})? (-?[0-9.e+-]+|\+Inf|-Inf|NaN)$/;

/** Every line is a comment (# HELP / # TYPE) or a sample; returns the samples as name{labels} -> value. */
function parseExposition(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  expect(text.endsWith('\n')).toBe(true);
  for (const line of text.trimEnd().split('\n')) {
    if (line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    expect(line).toMatch(SAMPLE);
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

describe('MetricsRegistry', () => {
  it('exposes counters and histograms in the text format', () => {
    const r = new MetricsRegistry();
    const c = r.counter('t_requests_total', 'requests', ['op', 'code']);
    r.counter('t_plain_total', 'no labels');
    const h = r.histogram('t_seconds', 'durations', ['op'], [0.1, 1]);
    c.inc({ op: 'a' });
    c.inc({ op: 'a' }, 2);
    c.inc({ op: 'b', code: 'X"\\\n' });
    h.observe({ op: 'a' }, 0.05);
    h.observe({ op: 'a' }, 0.5);
    h.observe({ op: 'a' }, 5);
    const text = r.expose();
    const samples = parseExposition(text);
    expect(text).toContain('# TYPE t_requests_total counter\n');
    expect(text).toContain('# TYPE t_seconds histogram\n');
    expect(samples.get('t_requests_total{op="a"}')).toBe(3);
    expect(samples.get('t_requests_total{op="b",code="X\\"\\\\\\n"}')).toBe(1);
    expect(samples.get('t_plain_total')).toBe(0);
    expect(samples.get('t_seconds_bucket{op="a",le="0.1"}')).toBe(1);
    expect(samples.get('t_seconds_bucket{op="a",le="1"}')).toBe(2);
    expect(samples.get('t_seconds_bucket{op="a",le="+Inf"}')).toBe(3);
    expect(samples.get('t_seconds_sum{op="a"}')).toBeCloseTo(5.55);
    expect(samples.get('t_seconds_count{op="a"}')).toBe(3);
  });

  it('returns the same metric when registered twice, and refuses a conflicting one', () => {
    const r = new MetricsRegistry();
    r.counter('t_total', 'x', ['a']).inc({ a: '1' });
    expect(r.counter('t_total', 'x', ['a']).get({ a: '1' })).toBe(1);
    expect(() => r.histogram('t_total', 'x', ['a'])).toThrow();
    expect(() => r.counter('bad name', 'x')).toThrow();
  });

  it('keeps label values code-like', () => {
    expect(codeLabel('PETITION_NOT_FOUND')).toBe('PETITION_NOT_FOUND');
    expect(codeLabel('13800138000 duplicate key')).toBe('OTHER');
    expect(codeLabel(undefined)).toBe('OTHER');
    expect(METRICS_CONTENT_TYPE).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('wires the messaging and deadline hooks to the service metrics', () => {
    const m = serviceMetrics(new MetricsRegistry());
    m.relay.published('PetitionRegistered', 0.2);
    m.relay.failed('publish');
    m.consumer.message('case-management--transferred', 'applied');
    m.consumer.message('case-management--transferred', 'parked');
    m.deadlines.raised('DeadlineBreached', 2);
    const samples = parseExposition(m.registry.expose());
    expect(samples.get('jiandu_relay_published_total{type="PetitionRegistered"}')).toBe(1);
    expect(samples.get('jiandu_relay_lag_seconds_count')).toBe(1);
    expect(samples.get('jiandu_relay_failures_total{reason="publish"}')).toBe(1);
    expect(samples.get('jiandu_consumer_messages_total{consumer="case-management--transferred",outcome="applied"}')).toBe(1);
    expect(samples.get('jiandu_consumer_messages_total{consumer="case-management--transferred",outcome="parked"}')).toBe(1);
    expect(samples.get('jiandu_deadline_signals_total{signal="DeadlineBreached"}')).toBe(2);
  });
});

describe('serveRpc metrics', () => {
  const logger = createLogger('test', 'debug', new Writable({ write: (_c, _e, done) => done() }));
  const actor = { sub: 'u1', name: '张三', office: 'petition-office', roles: ['staff'], zones: [] };
  const route = (handle: RpcRoute['handle']): RpcRoute => ({ operation: petitionOperations.acceptPetition, handle });

  it('counts requests by operation and outcome, times them, and never labels with request data', async () => {
    const registry = new MetricsRegistry();
    const metrics = runtimeMetrics(registry);
    const op = petitionOperations.acceptPetition.name;
    const request = { actor, correlationId: 'corr-13800138000', payload: { petitionId: 'p-13800138000' } };
    await serveRpc(
      route(async () => 'done'),
      request,
      { logger, metrics },
    );
    await serveRpc(
      route(async () => 'done'),
      request,
      { logger, metrics },
    );
    await serveRpc(
      route(async () => {
        throw new DomainException(notFound({ zh: '信访件', en: 'petition' }, 'PETITION_NOT_FOUND'));
      }),
      request,
      { logger, metrics },
    );
    await serveRpc(
      route(async () => 'x'),
      { ...request, payload: { petitionId: 'p-13800138000', extra: '13800138000' } },
      { logger, metrics },
    );
    await serveRpc(
      route(async () => {
        throw new Error('duplicate key 13800138000');
      }),
      request,
      { logger, metrics },
    );
    const text = registry.expose();
    const samples = parseExposition(text);
    expect(samples.get(`jiandu_rpc_requests_total{operation="${op}",outcome="ok"}`)).toBe(2);
    expect(samples.get(`jiandu_rpc_requests_total{operation="${op}",outcome="refused",code="PETITION_NOT_FOUND"}`)).toBe(1);
    expect(samples.get(`jiandu_rpc_requests_total{operation="${op}",outcome="refused",code="VALIDATION_FAILED"}`)).toBe(1);
    expect(samples.get(`jiandu_rpc_requests_total{operation="${op}",outcome="internal",code="INTERNAL"}`)).toBe(1);
    expect(samples.get(`jiandu_rpc_duration_seconds_count{operation="${op}"}`)).toBe(5);
    expect(text).not.toContain('13800138000');
    expect(text).not.toContain('张三');
  });
});
