#!/usr/bin/env node
// Runs the whole system locally: each service as its own process, against NATS_URL and DATABASE_URL.
// The children write their JSON logs (each line names its service) straight to this terminal. A
// service that exits on its own is started again with backoff, the others keep serving. Ctrl-C
// (SIGINT) or SIGTERM stops them all, within 10 s.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = process.env.PORT ?? '3000';
const services = [
  { name: 'petitions', env: { HEALTH_PORT: process.env.PETITIONS_HEALTH_PORT ?? '3001' } },
  { name: 'case-management', env: { HEALTH_PORT: process.env.CASE_MANAGEMENT_HEALTH_PORT ?? '3002' } },
  { name: 'supervision', env: { HEALTH_PORT: process.env.SUPERVISION_HEALTH_PORT ?? '3003' } },
  { name: 'gateway', env: { PORT: port } },
];
// Extra node flags for every child (e.g. --cpu-prof for a profile): START_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
const nodeFlags = (process.env.START_NODE_FLAGS ?? '').split(' ').filter(Boolean);

const children = new Map();
let stopping = false;

function launch(service, attempt = 0) {
  const entry = path.join(root, 'dist/services', service.name, 'src/main.js');
  const child = spawn(process.execPath, [...nodeFlags, entry], { env: { ...process.env, ...service.env }, stdio: ['ignore', 'inherit', 'inherit'] });
  const startedAt = Date.now();
  children.set(service.name, child);
  child.on('exit', (code, signal) => {
    children.delete(service.name);
    if (stopping) {
      if (children.size === 0) process.exit(process.exitCode ?? 0);
      return;
    }
    // Up for a minute: a new failure, not the same one again.
    const next = Date.now() - startedAt > 60_000 ? 0 : attempt + 1;
    const wait = Math.min(30_000, 1000 * 2 ** Math.max(0, next - 1));
    console.error(`[start] ${service.name} exited (${signal ?? code}); starting it again in ${wait / 1000} s`);
    setTimeout(() => stopping || launch(service, next), wait);
  });
}

for (const service of services) launch(service);

console.log(`[start] Jiandu is starting: API http://localhost:${port}/api/v1  docs http://localhost:${port}/api/docs`);
console.log('[start] Ctrl-C stops every service.');

function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  for (const child of children.values()) child.kill('SIGTERM');
  // A service that does not stop in time is killed, so Ctrl-C always returns the terminal.
  setTimeout(() => {
    for (const child of children.values()) child.kill('SIGKILL');
    process.exit(code || 1);
  }, 10_000).unref();
  if (children.size === 0) process.exit(code);
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
