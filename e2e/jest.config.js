import { jestConfig } from '../jest.base.js';
// The services run from dist/ as real processes: build once before the suites start.
export default jestConfig(import.meta.dirname, {
  globalSetup: '<rootDir>/src/build.global-setup.js',
  setupFilesAfterEnv: ['<rootDir>/src/retry.setup.ts'],
  testTimeout: 180_000,
});
