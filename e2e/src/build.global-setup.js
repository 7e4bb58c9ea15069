// Builds every service into dist/ once, so each suite can start them as separate processes.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function build() {
  const root = path.resolve(import.meta.dirname, '../..');
  execFileSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
}
