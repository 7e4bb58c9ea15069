import nx from '@nx/eslint-plugin';

// What services/*/src/domain never imports, specs included.
const domainPurity = [
  { group: ['@nestjs/*'], message: 'domain/ must not import NestJS' },
  { group: ['@nats-io/*', 'nats'], message: 'domain/ must not import NATS' },
  { group: ['pg', 'pg-*'], message: 'domain/ must not import pg' },
  { group: ['@jiandu/event-store', '@jiandu/messaging'], message: 'domain/ must not import infrastructure libraries' },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '**/.nx', 'coverage'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            // Services depend only on libraries; libraries never on services.
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:ops', onlyDependOnLibsWithTags: ['type:lib'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The domain is pure: decide/evolve only. No framework, broker, database or infrastructure library.
    files: ['services/*/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...domainPurity,
            { group: ['@jiandu/testing'], message: 'domain/ must not import infrastructure libraries' },
          ],
        },
      ],
    },
  },
  {
    // Domain specs may also use @jiandu/testing (given/when/then for deciders); the rest still holds.
    files: ['services/*/src/domain/**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: domainPurity }] },
  },
];
