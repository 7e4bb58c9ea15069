// A newcomer's first hour: `npm start` on a machine without PostgreSQL and NATS (forced here, on
// free ports: JIANDU_POSTGRES=embedded, JIANDU_NATS=start) brings up the embedded PostgreSQL and a
// nats-server of its own, serves the README's walk-through (scripts/walkthrough.sh, run as it is),
// stops everything it started on Ctrl-C, and finds the data again on the next start, with every
// hash chain intact (`npm run verify`'s CLI).
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@jiandu/testing';

const ROOT = path.resolve(import.meta.dirname, '../..');
// npm scripts put the pinned Node 24 first on the PATH; do the same for the scripts run here.
const PATH = `${path.join(ROOT, 'node_modules/.bin')}:${process.env.PATH}`;

interface Started {
  child: ChildProcess;
  output: () => string;
  databaseUrl: string;
  pids: () => Promise<number[]>;
}

/**
 * The pids of the servers start.mjs started for this state directory (embedded postgres, nats-server).
 * A PostgreSQL child just forked for a new connection shows its parent's command line until it sets
 * its own title, so only the processes whose parent is not one of them count: the servers.
 */
async function serversOf(stateDir: string): Promise<number[]> {
  const { stdout } = await promisify(execFile)('ps', ['-eo', 'pid=,ppid=,args=']);
  const matching = stdout
    .split('\n')
    .filter((line) => line.includes(stateDir) && /(postgres|nats-server)/.test(line))
    .map((line) => line.trim().split(/\s+/).slice(0, 2).map(Number) as [number, number]);
  const pids = new Set(matching.map(([pid]) => pid));
  return matching.filter(([, parent]) => !pids.has(parent)).map(([pid]) => pid);
}

async function startSystem(stateDir: string, ports: Record<string, number>): Promise<Started> {
  let output = '';
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PATH,
      DATABASE_URL: '',
      NATS_URL: '',
      JIANDU_POSTGRES: 'embedded',
      JIANDU_NATS: 'start',
      JIANDU_STATE_DIR: stateDir,
      JIANDU_NAMESPACE: '',
      PORT: String(ports['gateway']),
      PETITIONS_HEALTH_PORT: String(ports['petitions']),
      CASE_MANAGEMENT_HEALTH_PORT: String(ports['case-management']),
      SUPERVISION_HEALTH_PORT: String(ports['supervision']),
      ANALYTICS_HEALTH_PORT: '0', // any free port
      REVIEW_HEALTH_PORT: '0', // any free port
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += String(chunk)));
  child.stderr!.on('data', (chunk) => (output += String(chunk)));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
    const ok = await fetch(`http://127.0.0.1:${ports['gateway']}/health`, { signal: AbortSignal.timeout(1_000) }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok && /PostgreSQL: embedded/.test(output)) break;
    if (Date.now() > deadline) throw new Error(`npm start not healthy within 120 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const pgPort = /PostgreSQL: embedded [\d.]+ on 127\.0\.0\.1:(\d+)/.exec(output)?.[1];
  return {
    child,
    output: () => output,
    databaseUrl: `postgres://postgres@127.0.0.1:${pgPort}/jiandu`,
    pids: () => serversOf(stateDir),
  };
}

/** Ctrl-C, as a terminal sends it; resolves with the exit code. */
async function ctrlC(started: Started): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => started.child.once('exit', (code) => resolve(code)));
  started.child.kill('SIGINT');
  return exited;
}

describe('npm start on a machine without PostgreSQL and NATS', () => {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'jiandu-start-'));
  // As .jiandu in a checkout: run as root, the embedded server's own user passes through it.
  chmodSync(stateDir, 0o755);
  const ports: Record<string, number> = {};
  let running: Started | undefined;

  beforeAll(async () => {
    for (const name of ['gateway', 'petitions', 'case-management', 'supervision']) ports[name] = await freePort();
  });
  afterAll(async () => {
    if (running && running.child.exitCode === null) await ctrlC(running);
    for (const pid of await serversOf(stateDir)) process.kill(pid, 'SIGKILL');
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('serves the walk-through, stops what it started, and finds the data again after a restart', async () => {
    running = await startSystem(stateDir, ports);
    expect(running.output()).toMatch(/\[start\] PostgreSQL: embedded 1[5-9][.\d]* on 127\.0\.0\.1:\d+ \(.*postgres\)/);
    expect(running.output()).toMatch(/\[start\] NATS: started nats-server [\d.]+ on 127\.0\.0\.1:\d+/);
    expect(await running.pids()).toHaveLength(2);

    // The README's walk-through, as it is.
    const walk = await promisify(execFile)('bash', ['scripts/walkthrough.sh'], {
      cwd: ROOT,
      env: { ...process.env, PATH, API: `http://127.0.0.1:${ports['gateway']}/api/v1`, RUN: 'e2e' },
      timeout: 150_000,
    });
    const petitionId = walk.stdout.trim();
    expect(petitionId).toMatch(/^p-/);
    expect(walk.stderr).toMatch(/walkthrough: done/);

    // Ctrl-C: the services stop, then the servers start.mjs started; nothing is left.
    expect(await ctrlC(running)).toBe(0);
    expect(await running.pids()).toEqual([]);

    // Started again on the same state: the petition is there as the walk-through left it.
    running = await startSystem(stateDir, ports);
    const token = (
      await promisify(execFile)(
        process.execPath,
        ['scripts/token.mjs', '--sub', 'po1', '--name', '张三', '--office', 'petition-office', '--roles', 'staff'],
        { cwd: ROOT, env: { ...process.env, JIANDU_STATE_DIR: stateDir } },
      )
    ).stdout.trim();
    const petition = await fetch(`http://127.0.0.1:${ports['gateway']}/api/v1/petitions/${petitionId}`, {
      headers: { authorization: `Bearer ${token}` },
    }).then((r) => r.json() as Promise<{ status: string }>);
    expect(petition.status).toBe('feedback-delivered');

    // npm run verify: every service's hash chain and seals intact.
    const verify = await promisify(execFile)(process.execPath, ['dist/libs/event-store/src/verify-cli.js'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: running.databaseUrl },
    });
    expect(verify.stdout).toMatch(/petitions/);
    expect(verify.stdout).not.toMatch(/broken/i);

    expect(await ctrlC(running)).toBe(0);
    expect(await running.pids()).toEqual([]);
    // The embedded server shut down cleanly (a fast shutdown, not a crash).
    expect(readFileSync(path.join(stateDir, 'postgres.log'), 'utf8')).toMatch(/database system is shut down/);
  });
});
