// Health follows the NATS connection; an unreachable or hung broker answers 503 with Retry-After at
// once, and the gateway serves again by itself when the broker returns, however long it was away.
// A private nats-server (never the shared one), reached through a TCP relay the test can freeze.
import { contractChecker, eventually, startPrivateNats, type ContractChecker, type PrivateServer } from '@jiandu/testing';
import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { createGateway, type Gateway } from '../src/main.js';
import { call, JWT_SECRET, tokenFor } from './harness.js';
import { startStubService, type StubService } from './stub-service.js';

/** A TCP relay to the broker that can hang (no byte passes, no socket closes), like a frozen host or a dropped link. */
interface Relay {
  port: number;
  freeze(): void;
  thaw(): void;
  close(): Promise<void>;
}

async function startRelay(targetPort: number): Promise<Relay> {
  let frozen = false;
  const links = new Set<{ client: Socket; upstream: Socket }>();
  const held = new Set<Socket>();
  const link = (client: Socket) => {
    const upstream = tcpConnect(targetPort, '127.0.0.1');
    const pair = { client, upstream };
    links.add(pair);
    const end = () => {
      links.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  };
  const server: Server = createServer((client) => {
    if (!frozen) return link(client);
    client.pause();
    held.add(client);
    client.on('error', () => held.delete(client)).on('close', () => held.delete(client));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    freeze() {
      frozen = true;
      for (const { client, upstream } of links) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    thaw() {
      frozen = false;
      for (const { client, upstream } of links) {
        client.pipe(upstream);
        upstream.pipe(client);
      }
      for (const client of held) link(client);
      held.clear();
    },
    async close() {
      for (const { client, upstream } of links) {
        client.destroy();
        upstream.destroy();
      }
      for (const client of held) client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let nats: PrivateServer;
let relay: Relay;
let stub: StubService;
let gateway: Gateway;
let url: string;
let leader: string;
let contract: ContractChecker;
const RPC_TIMEOUT_MS = 3_000;

beforeAll(async () => {
  nats = await startPrivateNats({ jetstream: false });
  relay = await startRelay(nats.port);
  // A service that, like the real ones, reconnects without limit.
  stub = await startStubService(nats.url, 'gwlife', 'jiandu.qry.case-management.>', {
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
  });
  stub.respond(() => ({ ok: true, value: { items: [] } }));
  gateway = await createGateway({
    port: 0,
    host: '127.0.0.1',
    natsUrl: `nats://127.0.0.1:${relay.port}`,
    jwtSecret: JWT_SECRET,
    rpcTimeoutMs: RPC_TIMEOUT_MS, // long: an answer well within it was not a timeout
    namespace: 'gwlife',
    logLevel: process.env.GW_DEBUG ? 'info' : 'silent',
    maxInFlight: 64,
    retryAfterSeconds: 1,
  });
  url = await gateway.listen();
  leader = await tokenFor('leadership');
  contract = contractChecker((await call(url, 'GET', '/api/docs-json')).body);
});
afterAll(async () => {
  await gateway?.close();
  await stub?.close();
  await relay?.close();
  await nats?.stop();
});

const zones = () => call(url, 'GET', '/api/v1/zones', { token: leader });

/** One request, timed. */
async function timed<T>(request: () => Promise<T>): Promise<T & { ms: number }> {
  const started = performance.now();
  const answer = await request();
  return { ...answer, ms: performance.now() - started };
}

/** What a caller sees while the broker is away: /health 503 with its reason, and the API 503 with Retry-After, each within a second. */
async function expectRefusedAtOnce() {
  const health = await timed(() => call(url, 'GET', '/health'));
  expect(health.ms).toBeLessThan(1_000);
  expect(health.status).toBe(503);
  expect(health.body).toEqual({
    status: 'unavailable',
    live: true,
    ready: false,
    reason: 'nats unreachable',
    checks: { nats: 'down' },
  });
  expect(health.headers.get('retry-after')).toBe('1');
  expect(contract.problems('GET', '/health', health)).toEqual([]);
  const refused = await timed(zones);
  expect(refused.ms).toBeLessThan(1_000);
  expect(refused.status).toBe(503);
  expect(refused.body.code).toBe('SERVICE_UNAVAILABLE');
  expect(refused.headers.get('retry-after')).toBe('1');
  expect(contract.problems('GET', '/api/v1/zones', refused)).toEqual([]);
}

describe('Gateway lifecycle', () => {
  it('is ready while NATS answers, and serves', async () => {
    const res = await call(url, 'GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', live: true, ready: true, checks: { nats: 'up' } });
    expect(contract.problems('GET', '/health', res)).toEqual([]);
    expect((await zones()).status).toBe(200);
  });

  it('answers 503 with Retry-After at once when nobody serves the subject', async () => {
    const res = await timed(async () => call(url, 'GET', '/api/v1/petitions/p-1', { token: await tokenFor('petition-office') }));
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.ms).toBeLessThan(RPC_TIMEOUT_MS / 2); // "no responders", not the timeout
  });

  it('is not ready while NATS is down, refuses at once, and serves again after it returns', async () => {
    await nats.kill();
    await eventually(async () => (await call(url, 'GET', '/health')).status === 503, { timeoutMs: 10_000 });
    await expectRefusedAtOnce();
    await nats.restart();
    await eventually(async () => (await zones()).status === 200, { timeoutMs: 10_000, intervalMs: 100 });
    expect((await call(url, 'GET', '/health')).status).toBe(200);
  });

  it('heals by itself after a NATS outage longer than any reconnect budget (35 s): 503 with Retry-After meanwhile, /health within a second', async () => {
    await nats.kill();
    const down = Date.now();
    await eventually(async () => (await call(url, 'GET', '/health')).status === 503, { timeoutMs: 10_000 });
    while (Date.now() - down < 35_000) {
      await expectRefusedAtOnce();
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    }
    await nats.restart();
    const back = Date.now();
    await eventually(async () => (await zones()).status === 200, { timeoutMs: 10_000, intervalMs: 100 });
    expect(Date.now() - back).toBeLessThan(10_000);
    expect((await call(url, 'GET', '/health')).status).toBe(200);
  }, 90_000);

  it('notices a hung broker (no answer, no closed socket) within seconds: /health at once, then every call 503 at once; serves again when it answers', async () => {
    expect((await zones()).status).toBe(200);
    relay.freeze();
    const frozenAt = Date.now();
    // /health asks for a round trip, bounded: it does not wait for the client to give up on the link.
    const health = await timed(() => call(url, 'GET', '/health'));
    expect(health.ms).toBeLessThan(1_000);
    expect(health.status).toBe(503);
    // Unanswered pings (every 2 s, 2 at most) make the client drop the link; then no call waits for the timeout.
    await eventually(async () => (await timed(zones)).ms < 500, { timeoutMs: 12_000, intervalMs: 200 });
    expect(Date.now() - frozenAt).toBeLessThan(10_000);
    await expectRefusedAtOnce();
    relay.thaw();
    const thawedAt = Date.now();
    await eventually(async () => (await zones()).status === 200, { timeoutMs: 10_000, intervalMs: 100 });
    expect(Date.now() - thawedAt).toBeLessThan(10_000);
    expect((await call(url, 'GET', '/health')).status).toBe(200);
  }, 60_000);
});

describe('A gateway started while NATS is down', () => {
  it('starts anyway, answers 503 with Retry-After at once meanwhile, and serves once NATS is up', async () => {
    const late = await startPrivateNats({ jetstream: false });
    await late.kill();
    const started = Date.now();
    const early = await createGateway({
      port: 0,
      host: '127.0.0.1',
      natsUrl: late.url,
      jwtSecret: JWT_SECRET,
      rpcTimeoutMs: RPC_TIMEOUT_MS,
      namespace: 'gwlate',
      logLevel: process.env.GW_DEBUG ? 'info' : 'silent',
      maxInFlight: 64,
      retryAfterSeconds: 1,
    });
    let lateStub: StubService | undefined;
    try {
      const earlyUrl = await early.listen();
      expect(Date.now() - started).toBeLessThan(5_000);
      const health = await timed(() => call(earlyUrl, 'GET', '/health'));
      expect(health.ms).toBeLessThan(1_000);
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ ready: false, reason: 'nats unreachable' });
      expect(health.headers.get('retry-after')).toBe('1');
      const refused = await timed(() => call(earlyUrl, 'GET', '/api/v1/zones', { token: leader }));
      expect(refused.ms).toBeLessThan(1_000);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');

      await late.restart();
      lateStub = await startStubService(late.url, 'gwlate', 'jiandu.qry.case-management.>');
      lateStub.respond(() => ({ ok: true, value: { items: [] } }));
      const back = Date.now();
      await eventually(async () => (await call(earlyUrl, 'GET', '/api/v1/zones', { token: leader })).status === 200, {
        timeoutMs: 10_000,
        intervalMs: 100,
      });
      expect(Date.now() - back).toBeLessThan(10_000);
      expect((await call(earlyUrl, 'GET', '/health')).status).toBe(200);
    } finally {
      await early.close();
      await lateStub?.close();
      await late.stop();
    }
  }, 30_000);
});
