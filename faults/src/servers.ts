// Faults on the private servers beyond what PrivateServer offers: pausing nats-server (SIGSTOP /
// SIGCONT), and stopping PostgreSQL with pg_ctl (fast or immediate shutdown).
import { execFile } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { POSTGRES_BIN_DIR, type PrivateServer } from '@jiandu/testing';

const run = promisify(execFile);

/** The pid of the process whose command line has `binary` and `-p <port>` (the private server's). */
export async function pidOf(binary: string, port: number): Promise<number> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    const args = cmdline.split('\0');
    if (!args[0]?.endsWith(binary)) continue;
    const p = args.indexOf('-p');
    if (p >= 0 && args[p + 1] === String(port)) return Number(entry);
  }
  throw new Error(`no ${binary} on port ${port}`);
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const line = (await readFile('/etc/passwd', 'utf8')).split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('no postgres user on this machine');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** pg_ctl stop -m <mode> on the private cluster (its data in `<dir>/data`), as the postgres user. */
export async function pgCtlStop(postgres: PrivateServer, mode: 'fast' | 'immediate'): Promise<void> {
  const { uid, gid } = await postgresUser();
  await run(
    path.join(POSTGRES_BIN_DIR, 'pg_ctl'),
    ['stop', '-D', path.join(postgres.dir, 'data'), '-m', mode, '-w', '-t', '30'],
    {
      uid,
      gid,
      cwd: postgres.dir,
      env: { ...process.env, HOME: postgres.dir, LC_ALL: 'C' },
    },
  );
}
