#!/usr/bin/env node
// Runs the whole system locally: each service as its own process, against NATS_URL and DATABASE_URL.
//
// Logs: the children write their JSON lines (each names its `service`) straight to this terminal;
// nothing passes through this process. Its own events (a service exited, restarted, stopped) are
// JSON lines too, with `"service":"start"`.
// Crashes: a service that exits on its own is started again after 1 s, then 2 s, 4 s … at most 30 s
// while it keeps failing; once it has been up for a minute the next failure waits 1 s again. The
// others keep serving meanwhile.
// Stopping: Ctrl-C (SIGINT), SIGTERM or SIGHUP sends every service one SIGTERM (each stops its steps
// within SHUTDOWN_TIMEOUT_MS); one still running 10 s later is killed. A second Ctrl-C kills at once.
// The children run in their own process groups, so the terminal's Ctrl-C reaches only this process
// and each service is asked to stop exactly once.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { infrastructure } from './infra.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = process.env.PORT ?? '3000';
const services = [
  { name: 'petitions', env: { HEALTH_PORT: process.env.PETITIONS_HEALTH_PORT ?? '3001' } },
  { name: 'case-management', env: { HEALTH_PORT: process.env.CASE_MANAGEMENT_HEALTH_PORT ?? '3002' } },
  { name: 'supervision', env: { HEALTH_PORT: process.env.SUPERVISION_HEALTH_PORT ?? '3003' } },
  { name: 'review', env: { HEALTH_PORT: process.env.REVIEW_HEALTH_PORT ?? '3005' } },
  { name: 'publicity', env: { HEALTH_PORT: process.env.PUBLICITY_HEALTH_PORT ?? '3006' } },
  { name: 'analytics', env: { HEALTH_PORT: process.env.ANALYTICS_HEALTH_PORT ?? '3004' } },
  { name: 'gateway', env: { PORT: port } },
];
// Extra node flags for every child (e.g. a CPU profile): START_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
const nodeFlags = (process.env.START_NODE_FLAGS ?? '').split(' ').filter(Boolean);

const BACKOFF_FIRST_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;
const HEALTHY_AFTER_MS = 60_000;
const KILL_AFTER_MS = 10_000;

/** @type {Map<string, import('node:child_process').ChildProcess>} */
const children = new Map();
/** @type {Set<NodeJS.Timeout>} */
const pendingRestarts = new Set();
let stopping = false;

/** One JSON line, like the services' (pino levels: 30 info, 40 warn, 50 error). */
function log(level, msg, fields = {}) {
  process.stderr.write(
    `${JSON.stringify({ level, time: new Date().toISOString(), service: 'start', pid: process.pid, ...fields, msg })}\n`,
  );
}

/** `failures`: how many times in a row this service has failed without staying up a minute. */
function launch(service, failures = 0) {
  const entry = path.join(root, 'dist/services', service.name, 'src/main.js');
  const child = spawn(process.execPath, [...nodeFlags, entry], {
    env: { ...process.env, ...service.env },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true, // its own process group: see the header
  });
  const startedAt = Date.now();
  children.set(service.name, child);
  let ended = false;
  const ended$ = (code, signal, error) => {
    if (ended) return;
    ended = true;
    if (children.get(service.name) === child) children.delete(service.name);
    if (stopping) {
      log(30, `${service.name} stopped`, { child: service.name, code, signal });
      if (children.size === 0) void leave(process.exitCode ?? 0);
      return;
    }
    const upMs = Date.now() - startedAt;
    const inARow = upMs >= HEALTHY_AFTER_MS ? 0 : failures;
    const wait = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** inARow);
    log(
      50,
      `${service.name} exited (${error ? error.message : (signal ?? `code ${code}`)}) after ${(upMs / 1000).toFixed(1)} s; starting it again in ${wait / 1000} s`,
      {
        child: service.name,
        code,
        signal,
        upMs,
        failuresInARow: inARow + 1,
        restartInMs: wait,
      },
    );
    const timer = setTimeout(() => {
      pendingRestarts.delete(timer);
      if (!stopping) launch(service, inARow + 1);
    }, wait);
    pendingRestarts.add(timer);
  };
  child.on('exit', (code, signal) => ended$(code, signal));
  child.on('error', (error) => {
    // Could not be started (or signalled): treat as an exit, unless it is still running.
    if (child.pid === undefined || child.exitCode !== null) ended$(null, null, error);
    else log(40, `${service.name}: ${error.message}`, { child: service.name });
  });
}

// PostgreSQL and NATS: the configured or running ones, else started here (scripts/infra.mjs).
let infra;
try {
  infra = await infrastructure({ root, say: (line) => console.log(`[start] ${line}`) });
} catch (error) {
  console.error(`[start] ${error.message}`);
  process.exit(1);
}
process.env.DATABASE_URL = infra.databaseUrl;
process.env.NATS_URL = infra.natsUrl;

for (const service of services) launch(service);

console.log(`[start] Jiandu is starting: API http://localhost:${port}/api/v1  docs http://localhost:${port}/api/docs`);
console.log('[start] Ctrl-C stops every service.');

function signalAll(signal) {
  for (const child of children.values()) {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** Stops what infra.mjs started (nothing it found running), then exits. */
let leaving = false;
async function leave(code) {
  if (leaving) return;
  leaving = true;
  setTimeout(() => process.exit(code), 10_000).unref();
  await infra?.stop();
  process.exit(code);
}

function stop(reason) {
  if (stopping) {
    // Asked again while stopping (a second Ctrl-C): do not wait.
    log(40, `${reason} again: killing ${[...children.keys()].join(', ') || 'nothing'}`);
    signalAll('SIGKILL');
    process.exitCode = 1;
    if (children.size === 0) {
      infra?.kill();
      process.exit(1);
    }
    return;
  }
  stopping = true;
  process.exitCode = 0;
  for (const timer of pendingRestarts) clearTimeout(timer);
  pendingRestarts.clear();
  log(30, `${reason}: stopping ${[...children.keys()].join(', ') || 'nothing'}`);
  signalAll('SIGTERM');
  // A service that does not stop in time is killed, so Ctrl-C always returns the terminal.
  setTimeout(() => {
    if (children.size === 0) return;
    log(50, `still running after ${KILL_AFTER_MS / 1000} s, killed: ${[...children.keys()].join(', ')}`);
    process.exitCode = 1;
    signalAll('SIGKILL');
    // The exits arrive at once after SIGKILL; if not, leave anyway.
    setTimeout(() => void leave(1), 1_000).unref();
  }, KILL_AFTER_MS).unref();
  if (children.size === 0) void leave(0);
}

process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGHUP', () => stop('SIGHUP'));
// This process failing must not leave the services running on their own.
process.on('exit', () => {
  signalAll('SIGKILL'); // normally none is left by then
  infra?.kill();
});
process.on('uncaughtException', (error) => {
  log(60, `start failed: ${error.message}`);
  signalAll('SIGKILL');
  infra?.kill();
  process.exit(1);
});
