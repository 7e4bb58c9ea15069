#!/usr/bin/env node
// The stack test's containers, driven by testcontainers (the design card's tool) through podman's
// Docker-compatible socket: `npm run stack -- test` (deploy/stack/stack.sh) renders the compose
// files and builds the images, then runs
//   node deploy/stack/stack-test.mjs <rendered compose file> <project> -- <command to run once up>...
// testcontainers brings the compose project up (docker-compose 1.29 as its compose executable: no
// `docker compose` v2 here) and waits until every container's healthcheck passes; then the command
// (the smoke: walk-through, restart, verify, restore) runs against it; then testcontainers takes
// the project down with its volumes, whatever the command's outcome.
// Ryuk (testcontainers' reaper) is off: its image cannot be pulled here (no registry), and the
// down in `finally` (and stack.sh's own `down -v` after it) does its work.
// Environment: DOCKER_HOST (unix:///run/podman/podman.sock), STACK_UP_TIMEOUT_MS (180000).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { DockerComposeEnvironment, Wait } from 'testcontainers';

const [file, project, separator, ...command] = process.argv.slice(2);
if (!file || !project || separator !== '--' || command.length === 0) {
  console.error('usage: stack-test.mjs <compose file> <project> -- <command> [args...]');
  process.exit(2);
}
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
process.env.DOCKER_HOST ??= 'unix:///run/podman/podman.sock';
const upTimeoutMs = Number(process.env.STACK_UP_TIMEOUT_MS ?? 180_000);
const log = (line) => console.error(`[stack-test] ${line}`);

function run(argv) {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: 'inherit' });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', (err) => {
      log(`${argv[0]}: ${err.message}`);
      resolve(1);
    });
  });
}

const started = Date.now();
let environment;
let status = 1;
try {
  environment = await new DockerComposeEnvironment(path.dirname(path.resolve(file)), path.basename(file))
    .withProjectName(project)
    .withClientOptions({
      executable: { standalone: true, executablePath: 'docker-compose' },
      commandOptions: ['--no-build'],
    })
    // Every container of the stack has a healthcheck (compose): healthy, not merely running.
    .withDefaultWaitStrategy(Wait.forHealthCheck())
    .withStartupTimeout(upTimeoutMs)
    .up();
  log(`up and healthy in ${Math.round((Date.now() - started) / 1000)}s (testcontainers, project ${project})`);
  status = await run(command);
} catch (err) {
  log(`FAILED: ${err instanceof Error ? err.message : String(err)}`);
  status = 1;
} finally {
  if (environment) {
    await environment.down({ removeVolumes: true, timeout: 30_000 }).catch((err) => log(`down: ${err.message}`));
    log('down, volumes removed (testcontainers)');
  }
}
process.exit(status);
