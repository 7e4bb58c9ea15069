// CPU used during a step, per process, from /proc (Linux): the services, the PostgreSQL backends of
// the run's database, the rest of PostgreSQL (other databases' backends, WAL writer, checkpointer),
// nats-server, the load generator, and whatever else the machine ran meanwhile.
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

const TICKS_PER_S = 100; // USER_HZ on Linux

function ticksOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return undefined;
  }
}

function byCommand(database: string): Map<string, number> {
  const totals = new Map<string, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (comm !== 'postgres' && comm !== 'nats-server') continue;
      // A backend's title names its database: "postgres: 15/main: user database host(port) state".
      const ours = comm === 'postgres' && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(` ${database} `);
      totals.set(`${ours ? 'ours' : comm}:${entry}`, ticksOf(Number(entry)) ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return totals;
}

function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = line[3]! + (line[4] ?? 0);
  const total = line.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

export interface CpuSnapshot {
  at: number;
  services: Map<string, number>;
  others: Map<string, number>;
  self: NodeJS.CpuUsage;
  machine: { busy: number; total: number };
}

export function snapshot(pids: Map<string, number>, database: string): CpuSnapshot {
  const services = new Map<string, number>();
  for (const [name, pid] of pids) services.set(`${name}:${pid}`, ticksOf(pid) ?? 0);
  return { at: performance.now(), services, others: byCommand(database), self: process.cpuUsage(), machine: machineTicks() };
}

/** Percent of one core per process between two snapshots, e.g. "gateway 31, petitions 24, …". */
export function describe(a: CpuSnapshot, b: CpuSnapshot): string {
  const seconds = (b.at - a.at) / 1000;
  const pct = (ticks: number) => Math.round((100 * ticks) / TICKS_PER_S / seconds);
  const parts: string[] = [];
  let accounted = 0;
  for (const [key, end] of b.services) {
    const start = a.services.get(key);
    if (start === undefined) {
      parts.push(`${key.split(':')[0]} (restarted)`);
      continue;
    }
    parts.push(`${key.split(':')[0]} ${pct(end - start)}`);
    accounted += end - start;
  }
  const groups = { ours: 0, postgres: 0, 'nats-server': 0 };
  for (const [key, end] of b.others) {
    const delta = end - (a.others.get(key) ?? 0); // a backend born in the step counts from zero
    groups[key.split(':')[0] as keyof typeof groups] += delta;
    accounted += delta;
  }
  parts.push(`postgres (this run's backends) ${pct(groups.ours)}`, `postgres (the rest) ${pct(groups.postgres)}`, `nats-server ${pct(groups['nats-server'])}`);
  const self = (b.self.user - a.self.user + b.self.system - a.self.system) / 1e4 / seconds;
  parts.push(`load generator ${Math.round(self)}`);
  const cores = os.cpus().length;
  const machineBusy = ((b.machine.busy - a.machine.busy) / Math.max(1, b.machine.total - a.machine.total)) * 100 * cores;
  const elsewhere = machineBusy - (100 * accounted) / TICKS_PER_S / seconds - self;
  return `${parts.join(', ')}; everything else ${Math.max(0, Math.round(elsewhere))}; machine ${Math.round(machineBusy)} of ${cores * 100}`;
}
