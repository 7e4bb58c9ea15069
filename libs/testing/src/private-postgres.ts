// A PostgreSQL cluster of the test's own (initdb into a temp dir), for crash and restart tests.
import { chown, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './names.js';
import { launch, terminate, waitReady, type Spawned } from './private-process.js';
import type { PrivateServer } from './private-nats.js';

export const POSTGRES_BIN_DIR = process.env['POSTGRES_BIN_DIR'] ?? '/usr/lib/postgresql/15/bin';

export async function startPrivatePostgres(): Promise<PrivateServer> {
  // initdb and postgres refuse to run as root.
  const { uid, gid } = await postgresUser();
  const dir = await mkdtemp(path.join(tmpdir(), 'jiandu-pg-'));
  const data = path.join(dir, 'data');
  const sockets = path.join(dir, 'sock');
  await mkdir(sockets);
  await Promise.all([chown(dir, uid, gid), chown(sockets, uid, gid)]);
  const as = { uid, gid, cwd: dir, env: { ...process.env, HOME: dir, LC_ALL: 'C' } };
  const port = await freePort();
  let server: Spawned | undefined;

  const start = async () => {
    const launched = launch(
      path.join(POSTGRES_BIN_DIR, 'postgres'),
      [
        '-D',
        data,
        '-p',
        String(port),
        '-k',
        sockets,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'fsync=off',
        '-c',
        'full_page_writes=off',
      ],
      as,
    );
    server = launched;
    await waitReady(launched, () => selectOne(port));
  };
  // SIGINT is PostgreSQL's fast shutdown; SIGTERM would wait for every client to leave.
  const halt = async (signal: NodeJS.Signals) => {
    if (server) await terminate(server, signal);
    server = undefined;
  };

  try {
    const initdb = launch(
      path.join(POSTGRES_BIN_DIR, 'initdb'),
      ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
      as,
    );
    if ((await initdb.exited) !== 0) throw new Error(`initdb failed:\n${initdb.output()}`);
    await start();
  } catch (error) {
    await halt('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    async stop() {
      await halt('SIGINT');
      await rm(dir, { recursive: true, force: true });
    },
    // A SIGKILLed postmaster leaves its backends serving the connections they have: not an outage.
    kill: () => halt('SIGKILL'),
    down: () => halt('SIGINT'),
    async restart() {
      await halt('SIGINT');
      // After a SIGKILL, orphaned backends may hold the old shared memory for a moment.
      await retry(start, 10_000);
    },
  };
}

async function selectOne(port: number): Promise<void> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    user: 'postgres',
    database: 'postgres',
    connectionTimeoutMillis: 1_000,
  });
  await client.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    await client.end();
  }
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const line = (await readFile('/etc/passwd', 'utf8')).split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('no postgres user on this machine');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

async function retry(fn: () => Promise<void>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
