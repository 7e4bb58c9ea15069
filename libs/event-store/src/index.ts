export * from './types.js';
export { openEventStore } from './postgres-event-store.js';
export type { PostgresEventStore } from './postgres-event-store.js';
export { withTransaction } from './with-transaction.js';
export { appRoleName, appRolePool } from './app-role.js';
export { canonicalJson } from './canonical-json.js';
export { chainHash } from './hash-chain.js';
export { eventsChannel } from './commit-notifier.js';
