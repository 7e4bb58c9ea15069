import { jestConfig } from '../jest.base.js';
// The fault suite: the whole system as processes, built once into .faults-dist/ (not dist/, which
// the e2e project builds at the same time in CI), on a private PostgreSQL and nats-server.
process.env.JIANDU_DIST_DIR ??= '.faults-dist';
// FAULTS_NATS_SERVER: the binary of the private nats-server (scripts/nats-server-2.10.sh prints one
// of 2.10, which the stream-full fault needs; .ci/run sets it). Without it, NATS_SERVER_BIN or the
// system's /usr/sbin/nats-server (libs/testing). The shared NATS is never touched.
if (process.env.FAULTS_NATS_SERVER) process.env.NATS_SERVER_BIN = process.env.FAULTS_NATS_SERVER;
export default jestConfig(import.meta.dirname, {
  globalSetup: '<rootDir>/src/build.global-setup.js',
  testTimeout: 600_000,
});
