import { read } from './helpers.js';

interface Stage {
  from: string;
  name?: string;
  lines: string[];
}

function parse(dockerfile: string): { args: Record<string, string>; stages: Stage[] } {
  const logical = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of logical) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) {
      const image = from[1].replace(/\$\{(\w+)\}/g, (_, name: string) => args[name] ?? '');
      stages.push({ from: image, name: from[2], lines: [] });
      continue;
    }
    const arg = /^ARG\s+(\w+)=(\S+)/i.exec(line);
    if (arg && stages.length === 0) args[arg[1]] = arg[2];
    stages.at(-1)?.lines.push(line);
  }
  return { args, stages };
}

describe('Dockerfile', () => {
  const { stages } = parse(read('Dockerfile'));
  const runtime = stages[stages.length - 1];
  const build = stages[0];
  const pkg = JSON.parse(read('package.json')) as { devDependencies: Record<string, string> };

  it('is multi-stage and builds with npm ci, npm run build, then prunes dev dependencies', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const runs = build.lines.filter((line) => line.startsWith('RUN')).join('\n');
    expect(runs).toMatch(/npm ci/);
    expect(runs).toMatch(/npm run build/);
    expect(runs).toMatch(/npm prune --omit=dev/);
  });

  it('runs on Node 24, the major of the pinned runtime, in both stages', () => {
    const major = /^(\d+)\./.exec(pkg.devDependencies.node)?.[1];
    expect(major).toBe('24');
    for (const stage of stages) expect(stage.from).toMatch(new RegExp(`^node:${major}(?:[.-]|$)`));
  });

  it('runs as the non-root node user, set after every COPY', () => {
    const lastUser = runtime.lines.findLastIndex((line) => /^USER\s/i.test(line));
    expect(runtime.lines[lastUser]).toMatch(/^USER\s+node$/);
    expect(runtime.lines.slice(lastUser).some((line) => /^(COPY|ADD|RUN)\s/i.test(line))).toBe(false);
  });

  it('starts dist/services/$SERVICE/src/main.js with a healthcheck on /health', () => {
    const cmd = runtime.lines.find((line) => /^CMD\s/i.test(line));
    expect(cmd).toMatch(/node dist\/services\/\$\{?SERVICE\}?\/src\/main\.js/);
    const health = runtime.lines.find((line) => /^HEALTHCHECK\s/i.test(line));
    expect(health).toMatch(/\/health/);
    expect(runtime.lines.some((line) => /^ENV\s.*NODE_ENV=production/i.test(line))).toBe(true);
  });

  it('copies into the runtime stage the production dependencies, the libraries and one service only', () => {
    const copies = runtime.lines.filter((line) => /^(COPY|ADD)\s/i.test(line));
    expect(copies).toEqual([
      'COPY --from=build /app/package.json ./package.json',
      'COPY --from=build /app/node_modules ./node_modules',
      'COPY --from=build /app/dist/libs ./dist/libs',
      'COPY --from=build /app/dist/services/${SERVICE} ./dist/services/${SERVICE}',
    ]);
    expect(runtime.lines.some((line) => /npm (ci|install)/.test(line))).toBe(false);
    expect(runtime.lines.some((line) => /^STOPSIGNAL\s+SIGTERM$/i.test(line))).toBe(true);
  });

  it('takes its base from the NODE_IMAGE build argument in both stages', () => {
    const raw = read('Dockerfile');
    expect(raw).toMatch(/^ARG NODE_IMAGE=node:24-bookworm-slim$/m);
    expect(raw.match(/^FROM \$\{NODE_IMAGE\} AS \w+$/gm)).toHaveLength(2);
  });

  it('keeps secrets, git and local builds out of the build context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim());
    for (const entry of ['.git', 'node_modules', 'dist', '.env', '.env.*']) expect(ignored).toContain(entry);
  });
});
