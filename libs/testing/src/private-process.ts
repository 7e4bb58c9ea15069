// Shared plumbing of the private servers: spawn, wait until ready, stop, and never leak.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

const running = new Set<ChildProcess>();
// A failed test must not leave servers behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface Spawned {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

export function launch(command: string, args: string[], options: SpawnOptions = {}): Spawned {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    });
    child.once('error', (error) => {
      running.delete(child);
      output += String(error);
      resolve(null);
    });
  });
  return { child, output: () => output, exited };
}

/** Polls `ready` until it succeeds; fails early, with the server's output, if the process exits. */
export async function waitReady(server: Spawned, ready: () => Promise<void>, timeoutMs = 20_000): Promise<void> {
  let gone = false;
  void server.exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`server exited before it was ready:\n${server.output()}`);
    try {
      await ready();
      return;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  server.child.kill('SIGKILL');
  throw new Error(`server not ready within ${timeoutMs} ms (${String(last)}):\n${server.output()}`);
}

export async function terminate(server: Spawned, signal: NodeJS.Signals): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill(signal);
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
  await server.exited;
  clearTimeout(timer);
}
