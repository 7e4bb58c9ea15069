import { jestConfig } from '../jest.base.js';
// The fault suite: the whole system as processes, built once into .faults-dist/ (not dist/, which
// the e2e project builds at the same time in CI), on a private PostgreSQL and nats-server.
process.env.JIANDU_DIST_DIR ??= '.faults-dist';
export default jestConfig(import.meta.dirname, {
  globalSetup: '<rootDir>/src/build.global-setup.js',
  testTimeout: 600_000,
});
