// Builds the services and libraries into .faults-dist/ (JIANDU_DIST_DIR), the fault suite's own
// copy: the e2e project builds dist/ in its globalSetup at the same time, and a half-written dist/
// must never be what a fault suite restarts a service from.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function build() {
  const root = path.resolve(import.meta.dirname, '../..');
  const out = process.env.JIANDU_DIST_DIR ?? '.faults-dist';
  execFileSync(
    path.join(root, 'node_modules/.bin/swc'),
    ['services', 'libs', '-d', out, '--config-file', '.swcrc', '--quiet', '--ignore', '**/*.spec.ts,**/jest.config.js'],
    { cwd: root, stdio: 'inherit' },
  );
}
