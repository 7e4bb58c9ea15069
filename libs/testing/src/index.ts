export * from './specification.js';
export * from './arbitrary-from-schema.js';
export * from './openapi-contract.js';
export * from './eventually.js';
export * from './names.js';
export * from './test-database.js';
export * from './private-nats.js';
export * from './private-postgres.js';
