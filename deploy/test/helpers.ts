import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export function run(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {},
): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? ROOT,
    env: options.env ?? process.env,
    input: options.input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.error) throw new Error(`${command} could not run: ${result.error.message}`);
  return result;
}

export function read(relative: string): string {
  return readFileSync(path.join(ROOT, relative), 'utf8');
}

/** YAML to JSON with the Python that runs docker-compose itself (it always has PyYAML). */
export function yamlDocuments(text: string): unknown[] {
  const python = composePython();
  const result = run(python, ['-c', 'import json, sys, yaml; print(json.dumps(list(yaml.safe_load_all(sys.stdin))))'], {
    input: text,
  });
  if (result.status !== 0) throw new Error(`YAML parse failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as unknown[];
}

export function which(command: string): string | undefined {
  const result = run('sh', ['-c', `command -v ${command}`]);
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function composePython(): string {
  const compose = which('docker-compose');
  if (!compose) throw new Error('docker-compose is not installed (apt-get install docker-compose); these tests need it');
  const shebang = /^#!\s*(\S+)/.exec(readFileSync(compose, 'utf8').split('\n', 1)[0] ?? '');
  return shebang?.[1] ?? 'python3';
}
