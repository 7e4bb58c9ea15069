export * from './actor.js';
export * from './offices.js';
export * from './token.js';
export * from './policy.js';
export * from './secrets.js';
export * from './access-policy.js';
export * from './service-token.js';
export * from './sensitive.js';
