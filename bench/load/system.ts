// The system as `npm start` runs it (scripts/start.mjs: the four processes from dist/), on its own
// database, JetStream stream and subject namespace, so a run never meets another one.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, readdirSync, readFileSync, closeSync } from 'node:fs';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';

// The repository root, from dist/bench/load.
const ROOT = path.resolve(import.meta.dirname, '../../..');
export const SERVICE_NAMES = ['petitions', 'case-management', 'supervision', 'gateway'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface BenchSystem {
  baseUrl: string;
  databaseUrl: string;
  database: string;
  namespace: string;
  stream: string;
  jwtSecret: string;
  logFile: string;
  /** A small pool on the run's database, for the harness (never for the measured traffic). */
  pool: pg.Pool;
  /** The pid of each service process now running under start.mjs. */
  pids(): Map<ServiceName, number>;
  stop(): Promise<void>;
}

export interface StartOptions {
  runDir: string;
  /** postgres://user@host:port (no database). */
  postgresBase: string;
  natsUrl: string;
  env?: Record<string, string>;
  /** Extra node flags for every service (START_NODE_FLAGS). */
  nodeFlags?: string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitHealthy(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`start.mjs exited with ${child.exitCode} before ${url} was healthy`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} not healthy within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function startBenchSystem(options: StartOptions): Promise<BenchSystem> {
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14) + String(process.pid % 1000).padStart(3, '0');
  const database = `jiandu_bench_${stamp}`;
  const databaseUrl = `${options.postgresBase.replace(/\/$/, '')}/${database}`;
  const namespace = `bench${stamp}`;
  const stream = `JIANDU_BENCH_${stamp}`;
  const jwtSecret = `bench-jwt-secret-${stamp}-at-least-32-characters`;
  const ports = {
    gateway: await freePort(),
    petitions: await freePort(),
    'case-management': await freePort(),
    supervision: await freePort(),
  };
  mkdirSync(options.runDir, { recursive: true });
  const logFile = path.join(options.runDir, 'system.log');
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts/start.mjs')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      DATABASE_URL: databaseUrl,
      NATS_URL: options.natsUrl,
      JWT_SECRET: jwtSecret,
      VAULT_MASTER_KEY: randomBytes(32).toString('base64'),
      JIANDU_NAMESPACE: namespace,
      JIANDU_EVENT_STREAM: stream,
      PORT: String(ports.gateway),
      PETITIONS_HEALTH_PORT: String(ports.petitions),
      CASE_MANAGEMENT_HEALTH_PORT: String(ports['case-management']),
      SUPERVISION_HEALTH_PORT: String(ports.supervision),
      ANALYTICS_HEALTH_PORT: '0', // any free port
      LOG_LEVEL: 'warn',
      START_NODE_FLAGS: options.nodeFlags ?? '',
      ...options.env,
    },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  const baseUrl = `http://127.0.0.1:${ports.gateway}`;
  let pool: pg.Pool | undefined;

  async function stop(): Promise<void> {
    await pool?.end().catch(() => undefined);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM'); // start.mjs stops every service (SIGKILL after 10 s)
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    const nc = await connect({ servers: options.natsUrl });
    await (await jetstreamManager(nc)).streams.delete(stream).catch(() => undefined);
    await nc.close();
    const admin = new pg.Client({ connectionString: `${options.postgresBase.replace(/\/$/, '')}/postgres` });
    await admin.connect();
    await admin
      .query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
      .catch((e: Error) => console.error(`could not drop ${database}: ${e.message}`));
    await admin.end();
  }

  try {
    for (const name of SERVICE_NAMES) await waitHealthy(`http://127.0.0.1:${ports[name]}/health`, child, 60_000);
    pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    baseUrl,
    databaseUrl,
    database,
    namespace,
    stream,
    jwtSecret,
    logFile,
    pool,
    pids() {
      const found = new Map<ServiceName, number>();
      for (const entry of readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        try {
          const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
          const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
          if (ppid !== child.pid) continue;
          const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
          const name = SERVICE_NAMES.find((n) => cmd.includes(`dist/services/${n}/src/main.js`));
          if (name) found.set(name, Number(entry));
        } catch {
          // gone meanwhile
        }
      }
      return found;
    },
    stop,
  };
}
