// One row of a service's operation table: a contract operation and the handler that serves it,
// typed from the operation's own schemas. The handler receives the request as the contract
// defines it (`Static<typeof op.request>`, already validated by the RPC server) and must answer
// what the contract's response schema says, so a renamed or missing field fails to compile.
import type { Static, TSchema } from '@sinclair/typebox';
import type { PoolClient } from 'pg';
import type { ApiOperation } from '@jiandu/contracts';
import type { RpcCall, RpcRoute } from './rpc-server.js';

export type RequestOf<Op extends ApiOperation> = Static<Op['request']>;
export type ResponseOf<Op extends ApiOperation> = Static<Op['response']>;

/**
 * A command handler gets the transaction the RPC server opened for it; a query handler gets none
 * (it reads on the pool) and ignores the second argument.
 */
export type Handler<Op extends ApiOperation> = (call: RpcCall<RequestOf<Op>>, tx: PoolClient) => Promise<ResponseOf<Op>>;

export function route<Req extends TSchema, Res extends TSchema>(
  operation: ApiOperation<Req, Res>,
  handle: Handler<ApiOperation<Req, Res>>,
  options: Pick<RpcRoute, 'anonymous' | 'replay'> = {},
): RpcRoute {
  // The RPC server validated the payload against `operation.request` before calling.
  return { operation, ...options, handle: handle as RpcRoute['handle'] };
}

/** A handler for every operation of a service's contract, by the operation's key. */
export type Handlers<Ops extends Record<string, ApiOperation>> = { [K in keyof Ops]: Handler<Ops[K]> };

/**
 * A service's whole operation table from its contract's operations and a handler for each, by
 * the same key: an operation without a handler, or a handler of the wrong type, does not compile.
 */
export function routeTable<Ops extends Record<string, ApiOperation>>(
  operations: Ops,
  handlers: Handlers<Ops>,
  options: Partial<Record<keyof Ops, Pick<RpcRoute, 'anonymous' | 'replay'>>> = {},
): RpcRoute[] {
  return (Object.keys(operations) as (keyof Ops & string)[]).map((key) => ({
    operation: operations[key],
    ...options[key],
    // The RPC server validated the payload against the operation's request schema before calling.
    handle: handlers[key] as RpcRoute['handle'],
  }));
}
