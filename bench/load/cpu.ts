// CPU used during a step, per process, from /proc (Linux): the services, the PostgreSQL backends of
// the run's database, the rest of PostgreSQL (other databases' backends, WAL writer, checkpointer),
// nats-server, the load generator, and whatever else the machine ran meanwhile (named, so a
// neighbour's test run on a shared machine explains a bad step instead of hiding in it).
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

const TICKS_PER_S = 100; // USER_HZ on Linux

interface Proc {
  ticks: number; // utime + stime
  group: string; // a service's name, 'postgres (this run)', 'postgres (the rest)', 'nats-server', 'load generator', or 'other'
  label: string;
}

function read(pid: string, services: Map<number, string>, database: string): Proc | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const n = Number(pid);
    if (services.has(n)) return { ticks, group: services.get(n)!, label: services.get(n)! };
    if (n === process.pid) return { ticks, group: 'load generator', label: 'load generator' };
    if (comm === 'nats-server') return { ticks, group: 'nats-server', label: comm };
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
    // A backend's title names its database: "postgres: 15/main: user database host(port) state".
    if (comm === 'postgres')
      return {
        ticks,
        group: cmdline.includes(` ${database} `) ? 'postgres (this run)' : 'postgres (the rest)',
        label: cmdline.slice(0, 60),
      };
    return { ticks, group: 'other', label: (cmdline || `[${comm}]`).slice(0, 90) };
  } catch {
    return undefined; // gone meanwhile
  }
}

function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = line[3]! + (line[4] ?? 0);
  const total = line.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

export interface CpuSnapshot {
  at: number;
  procs: Map<string, Proc>;
  machine: { busy: number; total: number };
}

/** `services`: pid → service name. */
export function snapshot(services: Map<string, number>, database: string): CpuSnapshot {
  const byPid = new Map<number, string>([...services].map(([name, pid]) => [pid, name]));
  const procs = new Map<string, Proc>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const p = read(entry, byPid, database);
    if (p) procs.set(entry, p);
  }
  return { at: performance.now(), procs, machine: machineTicks() };
}

const ORDER = [
  'petitions',
  'case-management',
  'supervision',
  'gateway',
  'postgres (this run)',
  'postgres (the rest)',
  'nats-server',
  'load generator',
];

/** Percent of one core per process between two snapshots, e.g. "gateway 31, petitions 24, …". */
export function describe(a: CpuSnapshot, b: CpuSnapshot): string {
  const seconds = (b.at - a.at) / 1000;
  const pct = (ticks: number) => Math.round((100 * ticks) / TICKS_PER_S / seconds);
  const groups = new Map<string, number>();
  const others: [string, number][] = [];
  for (const [pid, p] of b.procs) {
    const before = a.procs.get(pid);
    // A process born in the step counts from zero; a pid reused by another command too.
    const delta = p.ticks - (before && before.label === p.label ? before.ticks : 0);
    if (delta <= 0) continue;
    groups.set(p.group, (groups.get(p.group) ?? 0) + delta);
    if (p.group === 'other') others.push([p.label, delta]);
  }
  const parts = ORDER.map((g) => `${g} ${pct(groups.get(g) ?? 0)}`);
  const cores = os.cpus().length;
  const machine = ((b.machine.busy - a.machine.busy) / Math.max(1, b.machine.total - a.machine.total)) * 100 * cores;
  const top = others
    .sort((x, y) => y[1] - x[1])
    .slice(0, 3)
    .filter(([, t]) => pct(t) >= 3)
    .map(([label, t]) => `${pct(t)} ${label}`);
  return `${parts.join(', ')}; other processes ${pct(groups.get('other') ?? 0)}${top.length ? ` (${top.join('; ')})` : ''}; machine ${Math.round(machine)} of ${cores * 100}`;
}
