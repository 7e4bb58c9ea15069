// The whole system for one test file: its own database, JetStream stream and subject namespace,
// and each service as its own process (from dist/), so tests can kill and restart them.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { signToken, type Actor } from '@jiandu/access';
import {
  contractChecker,
  ContractViolation,
  createTestDatabase,
  eventually,
  freePort,
  uniqueName,
  type Answer,
  type ContractChecker,
  type TestDatabase,
} from '@jiandu/testing';

// The repository root, whether this file runs from e2e/src (Jest) or from dist/e2e/src (bench).
const ROOT = path.resolve(import.meta.dirname, import.meta.dirname.includes(`${path.sep}dist${path.sep}`) ? '../../..' : '../..');
// Where the services were built: dist/ (npm run build), or JIANDU_DIST_DIR (relative to the root),
// so a suite running beside e2e (the fault suite) builds and runs its own copy.
const DIST = path.resolve(ROOT, process.env.JIANDU_DIST_DIR ?? 'dist');
export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
export const JWT_SECRET = 'e2e-jwt-secret-at-least-32-characters-long';
const SERVICES = ['petitions', 'case-management', 'supervision', 'gateway'] as const;
/** Started only when a suite asks for them (SystemOptions), so the others do not pay for the process. */
const OPTIONAL_SERVICES = ['analytics', 'review', 'publicity'] as const;
export type ServiceName = (typeof SERVICES)[number] | (typeof OPTIONAL_SERVICES)[number];

interface Running {
  child: ChildProcess;
  port: number;
}

export interface System {
  db: TestDatabase;
  namespace: string;
  stream: string;
  baseUrl: string;
  /** Every line every process wrote, for the privacy scan. */
  logs: string[];
  /** `replica` > 1 starts another instance of the same service (its health on its own port). */
  start(name: ServiceName, replica?: number, env?: Record<string, string>): Promise<void>;
  kill(name: ServiceName, replica?: number): Promise<void>;
  /** The processes that exited on their own (none should, whatever the fault). */
  exited(): string[];
  /** The service's /metrics text (Prometheus), beside its /health. */
  metrics(name: ServiceName, replica?: number): Promise<string>;
  /** GET /health of one process: status, body and how long the answer took (aborted after 3 s: status 0). */
  health(
    name: ServiceName,
    replica?: number,
  ): Promise<{ status: number; body: { ready?: boolean; reason?: string }; ms: number }>;
  /** The NATS server the processes use (the shared one unless SystemOptions.natsUrl). */
  natsUrl: string;
  stop(): Promise<void>;
  token(actor: Partial<Actor> & Pick<Actor, 'office'>): Promise<string>;
  /**
   * One request to the gateway. Its answer is checked against the OpenAPI document the gateway
   * serves (contract.ts): a status the operation does not declare, a body its schema refuses (an
   * undeclared or renamed property too) or a missing required header throws ContractViolation.
   */
  api(
    method: string,
    url: string,
    token?: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Headers }>;
  /** The same check for an answer fetched another way (throws ContractViolation). */
  conform(method: string, url: string, answer: Answer): void;
  /** Every answer checked so far that broke the document (also those thrown). */
  violations: string[];
}

export interface SystemOptions {
  /** A private PostgreSQL server (postgres://…/postgres) instead of the shared one. */
  postgresUrl?: string;
  /** A private nats-server (nats://…) instead of the shared one, for every process and for stop(). */
  natsUrl?: string;
  /** Start the analytics service too (opt-in: a fifth process the other suites do not need). */
  analytics?: boolean;
  /** Start the review service (审理) too. */
  review?: boolean;
  /** Start the publicity service (组宣部) too. */
  publicity?: boolean;
}

export async function startSystem(env: Record<string, string> = {}, options: SystemOptions = {}): Promise<System> {
  const db = await createTestDatabase('e2e', options.postgresUrl);
  const natsUrl = options.natsUrl ?? NATS_URL;
  const namespace = uniqueName('e2e');
  const stream = namespace.toUpperCase();
  const logs: string[] = [];
  const running = new Map<string, Running>();
  const ports = new Map<ServiceName, number>();
  for (const name of [...SERVICES, ...OPTIONAL_SERVICES]) ports.set(name, await freePort());
  const baseUrl = `http://127.0.0.1:${ports.get('gateway')}`;
  let contract: ContractChecker | undefined;
  const violations: string[] = [];
  function conform(method: string, url: string, answer: Answer): void {
    if (!contract) throw new Error('the OpenAPI document was not loaded');
    const problems = contract.problems(method, url, answer);
    if (problems.length === 0) return;
    violations.push(...problems);
    throw new ContractViolation(problems, answer.body);
  }

  async function start(name: ServiceName, replica = 1, extra: Record<string, string> = {}): Promise<void> {
    const port = replica === 1 ? ports.get(name)! : await freePort();
    const child = spawn(process.execPath, [path.join(DIST, 'services', name, 'src/main.js')], {
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        DATABASE_URL: db.url,
        NATS_URL: natsUrl,
        JWT_SECRET,
        JIANDU_NAMESPACE: namespace,
        JIANDU_SUBJECT_PREFIX: namespace,
        JIANDU_EVENT_STREAM: stream,
        HEALTH_PORT: String(port),
        PORT: String(port),
        LOG_LEVEL: 'debug',
        SEAL_INTERVAL_MS: '200',
        ...env,
        ...extra,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const out of [child.stdout!, child.stderr!])
      out.on('data', (chunk: Buffer) => logs.push(...chunk.toString().split('\n').filter(Boolean)));
    running.set(`${name}#${replica}`, { child, port });
    // A process that dies while starting (a failpoint armed, a bad setting) fails the start at once.
    const died = new Promise<never>((_, reject) =>
      child.once('exit', (code, signal) =>
        reject(new Error(`${name} exited with ${code ?? signal} while starting:\n${logs.slice(-20).join('\n')}`)),
      ),
    );
    died.catch(() => undefined);
    const ready = eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${logs.slice(-20).join('\n')}`);
        const res = await fetch(`http://127.0.0.1:${port}/health`);
        if (res.status !== 200) throw new Error(`${name} not ready`);
        return true;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    await Promise.race([ready, died]);
  }

  async function kill(name: ServiceName, replica = 1): Promise<void> {
    const key = `${name}#${replica}`;
    const r = running.get(key);
    if (!r) return;
    running.delete(key);
    if (r.child.exitCode !== null) return;
    const exited = new Promise((resolve) => r.child.once('exit', resolve));
    r.child.kill('SIGKILL');
    await exited;
  }

  async function stopOne(key: string): Promise<void> {
    const r = running.get(key);
    if (!r) return;
    running.delete(key);
    if (r.child.exitCode !== null) return;
    const exited = new Promise((resolve) => r.child.once('exit', resolve));
    r.child.kill('SIGTERM');
    const timer = setTimeout(() => r.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  const system: System = {
    db,
    namespace,
    stream,
    baseUrl,
    logs,
    start,
    kill,
    exited: () =>
      [...running.entries()].filter(([, r]) => r.child.exitCode !== null || r.child.signalCode !== null).map(([key]) => key),
    async metrics(name, replica = 1) {
      const r = running.get(`${name}#${replica}`);
      if (!r) throw new Error(`${name}#${replica} is not running`);
      const res = await fetch(`http://127.0.0.1:${r.port}/metrics`);
      const type = res.headers.get('content-type') ?? '';
      if (res.status !== 200 || !type.startsWith('text/plain; version=0.0.4'))
        throw new Error(`${name} /metrics → ${res.status} ${type}`);
      return res.text();
    },
    async health(name, replica = 1) {
      const r = running.get(`${name}#${replica}`);
      if (!r) throw new Error(`${name}#${replica} is not running`);
      const started = performance.now();
      try {
        const res = await fetch(`http://127.0.0.1:${r.port}/health`, { signal: AbortSignal.timeout(3_000) });
        const body = (await res.json()) as { ready?: boolean; reason?: string };
        return { status: res.status, body, ms: performance.now() - started };
      } catch {
        return { status: 0, body: {}, ms: performance.now() - started };
      }
    },
    natsUrl,
    async stop() {
      for (const key of [...running.keys()].reverse()) await stopOne(key);
      // A private nats-server may be gone already: the database is dropped whatever happens here.
      const nc = await connect({ servers: natsUrl, timeout: 3_000 }).catch(() => undefined);
      if (nc) {
        await (await jetstreamManager(nc)).streams.delete(stream).catch(() => undefined);
        await nc.close();
      }
      await db.drop();
    },
    token: (actor) =>
      signToken(
        {
          sub: actor.sub ?? `u-${actor.office}`,
          name: actor.name ?? '测试用户',
          office: actor.office,
          roles: actor.roles ?? ['staff'],
          zones: actor.zones ?? [],
        },
        JWT_SECRET,
      ),
    conform,
    violations,
    async api(method, url, token, body, extra = {}) {
      const headers: Record<string, string> = { ...extra };
      if (token) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${baseUrl}${url}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      conform(method, url, { status: res.status, headers: res.headers, body: parsed });
      return { status: res.status, body: parsed, headers: res.headers };
    },
  };
  try {
    for (const name of SERVICES) await start(name);
    if (options.analytics) await start('analytics');
    if (options.review) await start('review');
    if (options.publicity) await start('publicity');
    // The document the gateway serves is the one every answer is held to.
    const served = await fetch(`${baseUrl}/api/docs-json`);
    if (served.status !== 200) throw new Error(`/api/docs-json → ${served.status}`);
    contract = contractChecker((await served.json()) as Record<string, unknown>);
  } catch (error) {
    await system.stop();
    throw error;
  }
  return system;
}
