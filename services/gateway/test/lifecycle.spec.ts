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
});
