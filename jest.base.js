// Shared Jest settings: SWC transform (with decorator metadata for Nest), native ESM, @jiandu/* aliases.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));

export function jestConfig(projectDir, overrides = {}) {
  return {
    displayName: path.relative(root, projectDir),
    rootDir: projectDir,
    testEnvironment: 'node',
    extensionsToTreatAsEsm: ['.ts'],
    transform: {
      '^.+\\.ts$': [
        '@swc/jest',
        {
          swcrc: false,
          jsc: {
            parser: { syntax: 'typescript', decorators: true },
            target: 'es2023',
            keepClassNames: true,
            transform: { legacyDecorator: true, decoratorMetadata: true },
          },
          module: { type: 'es6' },
        },
      ],
    },
    moduleNameMapper: {
      '^@jiandu/([a-z-]+)$': `${root}/libs/$1/src/index.ts`,
      '^(\\.{1,2}/.*)\\.js$': '$1',
    },
    testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
    testTimeout: 60_000,
    // The default output, and in CI a file of what failed (or passed only on retry), printed last.
    reporters: ['default', `${root}/scripts/jest-failures-reporter.mjs`],
    ...overrides,
  };
}
