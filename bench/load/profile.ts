// A short reading of the .cpuprofile files `node --cpu-prof` writes: per process, the share of time
// it was busy, the ten functions with the most self time, and self time by area (package or ours).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function shortUrl(url: string): string {
  if (!url) return '';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  const dist = url.indexOf('/dist/');
  if (dist >= 0) return url.slice(dist + '/dist/'.length);
  return url.replace(/^file:\/\//, '');
}

function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native/builtin)';
  if (url.startsWith('node:')) return 'node core';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const ours = /\/dist\/(services\/[a-z-]+|libs\/[a-z-]+)\//.exec(url);
  return ours ? ours[1]! : 'other';
}

export interface ProfileSummary {
  service: string;
  file: string;
  seconds: number;
  busyPct: number;
  top: { pct: number; name: string }[];
  areas: { pct: number; name: string }[];
}

/** A time window on the monotonic clock in microseconds: `process.hrtime.bigint() / 1000n` of any process on the machine. */
export interface Window {
  fromUs: number;
  toUs: number;
}

export async function summarizeProfile(file: string, window?: Window): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  // Sample i was taken at startTime + timeDeltas[0..i] and lasted until sample i+1 (microseconds,
  // the same monotonic clock as process.hrtime), so a window of the run can be read on its own.
  const selfUs = new Map<number, number>();
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    if (window && (at < window.fromUs || at > window.toUs)) continue;
    const us = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(profile.samples[i]!, (selfUs.get(profile.samples[i]!) ?? 0) + us);
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0) || 1;
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  let idle = 0;
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
    if (functionName === '(idle)') {
      idle += us;
      continue;
    }
    const key = `${functionName || '(anonymous)'}${url ? ` ${shortUrl(url)}:${lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    const area = areaOf(url, functionName);
    byArea.set(area, (byArea.get(area) ?? 0) + us);
  }
  const service =
    profile.nodes.map((n) => /\/dist\/services\/([a-z-]+)\/src\/main\.js/.exec(n.callFrame.url)?.[1]).find(Boolean) ?? 'unknown';
  const busy = total - idle || 1;
  // Shares of the process's busy time: where its CPU went.
  const rank = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({ name, pct: (100 * us) / busy }));
  return {
    service,
    file,
    seconds: window
      ? (Math.min(window.toUs, profile.endTime) - Math.max(window.fromUs, profile.startTime)) / 1e6
      : (profile.endTime - profile.startTime) / 1e6,
    busyPct: (100 * (total - idle)) / total,
    top: rank(byFunction, 10),
    areas: rank(byArea, 8),
  };
}

/** Prints the summary of every profile in `dir` (within `window` if given): busy share, then shares of the busy time. */
export async function printProfiles(dir: string, window?: Window & { label: string }): Promise<void> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile')).sort();
  if (files.length === 0) {
    console.log(`no .cpuprofile in ${dir} (a process killed rather than stopped writes none)`);
    return;
  }
  console.log(`\nCPU profiles in ${dir}${window ? `, read over ${window.label}` : ''}`);
  for (const file of files) {
    const s = await summarizeProfile(path.join(dir, file), window);
    console.log(
      `\n${s.service} (${file}): ${s.seconds.toFixed(0)} s, busy ${s.busyPct.toFixed(1)} % of one core; top self time (% of its busy time):`,
    );
    for (const { pct, name } of s.top) console.log(`  ${pct.toFixed(1).padStart(5)} %  ${name}`);
    console.log(`  by area: ${s.areas.map(({ pct, name }) => `${name} ${pct.toFixed(1)}`).join(', ')}`);
  }
}

// Alone: node dist/bench/load/profile.js <dir>
if (import.meta.url === `file://${process.argv[1]}`) {
  await printProfiles(process.argv[2] ?? '.');
}
