export * from './config.js';
export * from './logger.js';
export * from './command.js';
export * from './database.js';
export * from './rpc-server.js';
export * from './service-host.js';
export * from './clock.js';
export * from './metrics.js';
