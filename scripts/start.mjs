#!/usr/bin/env node
// Runs the whole system locally: each service as its own process, against NATS_URL and DATABASE_URL.
// Ctrl-C (SIGINT) or SIGTERM stops them all cleanly.
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

const children = new Map();
let stopping = false;

function prefix(name, stream, out) {
  let buffered = '';
  stream.on('data', (chunk) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) out.write(`[${name}] ${line}\n`);
  });
}

for (const service of services) {
  const entry = path.join(root, 'dist/services', service.name, 'src/main.js');
  const child = spawn(process.execPath, [entry], {
    env: { ...process.env, ...service.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  prefix(service.name, child.stdout, process.stdout);
  prefix(service.name, child.stderr, process.stderr);
  children.set(service.name, child);
  child.on('exit', (code, signal) => {
    children.delete(service.name);
    if (!stopping) {
      console.error(`[start] ${service.name} exited (${signal ?? code}); stopping the others`);
      stop(1);
    } else if (children.size === 0) {
      process.exit(process.exitCode ?? 0);
    }
  });
}

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
