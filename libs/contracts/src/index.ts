export * from './subjects.js';
export * from './validation.js';
export * from './envelope.js';
export * from './registry.js';
export * from './errors.js';
export * from './api/index.js';
export * from './events/index.js';
export * from './idempotency-key.js';
