// A nats-server of the test's own, for tests that kill, restart or misconfigure the broker.
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './names.js';
import { launch, terminate, waitReady, type Spawned } from './private-process.js';

export const NATS_SERVER_BIN = process.env['NATS_SERVER_BIN'] ?? '/usr/sbin/nats-server';

export interface PrivateNatsOptions {
  jetstream?: boolean;
  args?: string[];
}

export interface PrivateServer {
  url: string;
  port: number;
  dir: string;
  /** Graceful stop; removes the temp dir. */
  stop(): Promise<void>;
  /** SIGKILL; keeps the data for restart(). */
  kill(): Promise<void>;
  /** Takes the server away whole (PostgreSQL: a fast shutdown that ends every backend); keeps the data for restart(). */
  down(): Promise<void>;
  /** Starts again on the same port with the same data, stopping first if still running. */
  restart(): Promise<void>;
}

export async function startPrivateNats(options: PrivateNatsOptions = {}): Promise<PrivateServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'jiandu-nats-'));
  const port = await freePort();
  const args = [
    '-a',
    '127.0.0.1',
    '-p',
    String(port),
    ...(options.jetstream === false ? [] : ['-js', '-sd', path.join(dir, 'jetstream')]),
    ...(options.args ?? []),
  ];
  let server: Spawned | undefined;

  const start = async () => {
    const launched = launch(NATS_SERVER_BIN, args);
    server = launched;
    await waitReady(launched, () => natsInfo(port));
  };
  const halt = async (signal: NodeJS.Signals) => {
    if (server) await terminate(server, signal);
    server = undefined;
  };

  try {
    await start();
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    dir,
    async stop() {
      await halt('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    },
    kill: () => halt('SIGKILL'),
    down: () => halt('SIGKILL'),
    async restart() {
      await halt('SIGTERM');
      await start();
    },
  };
}

/** Ready means the server greets a client with its INFO line. */
function natsInfo(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(1_000);
    socket.once('data', (chunk) => {
      socket.destroy();
      if (chunk.toString().startsWith('INFO')) resolve();
      else reject(new Error('no INFO'));
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(new Error('timeout'));
    });
    socket.once('error', reject);
  });
}
