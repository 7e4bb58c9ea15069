export * from './types.js';
export * from './failpoints.js';
export { EVENTS_STREAM, ensureConsumer, ensureStream, withNamespace, withoutNamespace } from './jetstream-setup.js';
export type { ConsumerDef, StreamDef } from './jetstream-setup.js';
export { messagingMigrations } from './inbox.js';
export type { ParkReason } from './inbox.js';
export { startRelay } from './relay.js';
export type { Relay, RelayOptions } from './relay.js';
export { startConsumer } from './consumer.js';
export type { ConsumerOptions, ConsumerRunner } from './consumer.js';
export {
  INTERNAL_ERROR,
  SERVICE_UNAVAILABLE,
  SystemException,
  isRpcRequest,
  isSystemError,
  natsMicroservice,
  rpc,
} from './rpc.js';
export type { RpcActor, RpcError, RpcReply, RpcRequest, SystemError } from './rpc.js';
export { createRpcClient, natsClientProxy, natsCredentials } from './rpc-client.js';
export type { CallOptions, RpcClient } from './rpc-client.js';
export { deliverEvent, type Delivery } from './deliver.js';
export {
  DETAIL_MAX_CHARS,
  assertDeadLetterId,
  assertDeadLetterSchema,
  deadLetterSchemas,
  dropDeadLetters,
  hasDeadLetters,
  listDeadLetters,
  printableDetail,
  retryDeadLetter,
} from './dead-letters.js';
export type { DropResult, ListOptions, ParkedMessage, RetryOptions, RetryResult } from './dead-letters.js';
