// Health follows the NATS connection; an unreachable broker answers 503, and the gateway recovers.
import { eventually, startPrivateNats, type PrivateServer } from '@jiandu/testing';
import { createGateway, type Gateway } from '../src/main.js';
import { call, JWT_SECRET, tokenFor } from './harness.js';

let nats: PrivateServer;
let gateway: Gateway;
let url: string;

beforeAll(async () => {
  nats = await startPrivateNats({ jetstream: false });
  gateway = await createGateway({
    port: 0,
    host: '127.0.0.1',
    natsUrl: nats.url,
    jwtSecret: JWT_SECRET,
    rpcTimeoutMs: 300,
    namespace: 'gwlife',
    logLevel: process.env.GW_DEBUG ? 'info' : 'silent',
    maxInFlight: 64,
    retryAfterSeconds: 1,
  });
  url = await gateway.listen();
});
afterAll(async () => {
  await gateway?.close();
  await nats?.stop();
});

describe('Gateway lifecycle', () => {
  it('is ready while NATS answers', async () => {
    const res = await call(url, 'GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', live: true, ready: true, checks: { nats: 'up' } });
  });

  it('answers 503 when nobody serves the subject', async () => {
    const res = await call(url, 'GET', '/api/v1/zones', { token: await tokenFor('leadership') });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('is not ready while NATS is down, and ready again after it returns', async () => {
    await nats.kill();
    await eventually(async () => (await call(url, 'GET', '/health')).status === 503, { timeoutMs: 10_000 });
    expect((await call(url, 'GET', '/api/v1/zones', { token: await tokenFor('leadership') })).status).toBe(503);
    await nats.restart();
    await eventually(async () => (await call(url, 'GET', '/health')).status === 200, { timeoutMs: 15_000 });
  });

  it('heals by itself after a NATS outage longer than any reconnect budget (35 s): 503 with Retry-After meanwhile, /health within a second', async () => {
    await nats.kill();
    const down = Date.now();
    await eventually(async () => (await call(url, 'GET', '/health')).status === 503, { timeoutMs: 10_000 });
    while (Date.now() - down < 35_000) {
      const started = performance.now();
      const health = await fetch(`${url}/health`);
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(await health.json()).toMatchObject({ ready: false, reason: 'nats unreachable' });
      const refused = await fetch(`${url}/api/v1/zones`, { headers: { authorization: `Bearer ${await tokenFor('leadership')}` } });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    }
    await nats.restart();
    const back = Date.now();
    await eventually(async () => (await call(url, 'GET', '/health')).status === 200, { timeoutMs: 10_000, intervalMs: 100 });
    expect(Date.now() - back).toBeLessThan(10_000);
  }, 90_000);
});
