// Starts a gateway on a free port against real NATS with a unique subject namespace, and captures
// its log lines.
import { signToken, type Actor } from '@jiandu/access';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { createGateway, type Gateway } from '../src/main.js';
import { startStubService, type StubService } from './stub-service.js';

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
export const JWT_SECRET = 'gateway-test-secret-0123456789-abcdefgh';

export interface Harness {
  url: string;
  gateway: Gateway;
  stub: StubService;
  namespace: string;
  logLines(): string[];
  close(): Promise<void>;
}

export async function startHarness(
  options: {
    rpcTimeoutMs?: number;
    maxInFlight?: number;
    retryAfterSeconds?: number;
    logLevel?: string;
    lookupRateLimit?: number;
    trustProxy?: string[];
  } = {},
): Promise<Harness> {
  const namespace = `gwtest${randomUUID().slice(0, 8)}`;
  const lines: string[] = [];
  const logDestination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const stub = await startStubService(NATS_URL, namespace);
  const gateway = await createGateway({
    port: 0,
    host: '127.0.0.1',
    natsUrl: NATS_URL,
    jwtSecret: JWT_SECRET,
    rpcTimeoutMs: options.rpcTimeoutMs ?? 700,
    namespace: namespace,
    logLevel: options.logLevel ?? 'info',
    logDestination,
    maxInFlight: options.maxInFlight ?? 64,
    retryAfterSeconds: options.retryAfterSeconds ?? 1,
    // The suites ask the lookup more often than a person would: the limit's own spec sets it low.
    lookupRateLimit: options.lookupRateLimit ?? 1_000_000,
    ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
  });
  const url = await gateway.listen();
  return {
    url,
    gateway,
    stub,
    namespace,
    logLines: () => [...lines],
    close: async () => {
      await gateway.close();
      await stub.close();
    },
  };
}

export function tokenFor(office: string, extra: Partial<Actor> = {}): Promise<string> {
  return signToken(
    {
      sub: `u-${office}`,
      name: `测试-${office}`,
      office: office as Actor['office'],
      roles: ['staff'],
      zones: ['zone-1'],
      ...extra,
    },
    JWT_SECRET,
    '10m',
  );
}

export async function call(
  url: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  // eslint-disable-line @typescript-eslint/no-explicit-any
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(url + path, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON (Swagger UI HTML)
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** The last request the stub service received. */
export function lastCall(h: Harness) {
  const last = h.stub.calls.at(-1);
  if (!last) throw new Error('the stub service received nothing');
  return last;
}
