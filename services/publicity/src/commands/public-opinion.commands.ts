// 舆情 command handlers: load the item's stream, decide, append, and project the list and the
// assessment clock in the same transaction.
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { publicityOperations as ops } from '@jiandu/contracts';
import { callMetadata, executeCommand, type Handler, type RpcCall } from '@jiandu/runtime';
import {
  publicOpinionDecider,
  publicOpinionStream,
  type PublicOpinionCommand,
  type PublicOpinionItem,
} from '../domain/public-opinion.js';
import { projectClockEvent } from '../projections/clocks.projection.js';
import { projectPublicOpinionEvent } from '../projections/public-opinion.projection.js';
import type { CommandDeps } from './opinion-request.commands.js';

const STATUS: Record<PublicOpinionItem['status'], string> = {
  Initial: 'unknown',
  Collected: 'collected',
  Assessed: 'assessed',
  Forwarded: 'forwarded',
  Closed: 'closed',
};

export function publicOpinionCommands({ ctx, config }: CommandDeps) {
  const run = async (call: RpcCall<unknown>, command: PublicOpinionCommand, tx: PoolClient) => {
    const now = ctx.now();
    const at = now.toISOString();
    const { events, state } = await executeCommand(
      ctx.store,
      publicOpinionDecider,
      publicOpinionStream(command.data.itemId),
      command,
      {
        context: { now, actor: call.actor, config: config.publicOpinion },
        metadata: { ...callMetadata(call), occurredAt: at },
        tx,
      },
    );
    for (const event of events) {
      await projectPublicOpinionEvent(tx, ctx.store.schema, event, at);
      await projectClockEvent(tx, ctx.store, event, config);
    }
    return { id: command.data.itemId, status: STATUS[state.status] };
  };
  const collect: Handler<typeof ops.collectPublicOpinion> = (call, tx) =>
    run(call, { type: 'CollectPublicOpinion', data: { itemId: `po-${randomUUID()}`, ...call.payload } }, tx);
  const assess: Handler<typeof ops.assessPublicOpinion> = (call, tx) =>
    run(call, { type: 'AssessPublicOpinion', data: { ...call.payload, categories: [...call.payload.categories] } }, tx);
  const forward: Handler<typeof ops.forwardPublicOpinion> = (call, tx) =>
    run(call, { type: 'ForwardPublicOpinion', data: call.payload }, tx);
  const close: Handler<typeof ops.closePublicOpinion> = (call, tx) =>
    run(call, { type: 'ClosePublicOpinion', data: call.payload }, tx);
  return { collect, assess, forward, close };
}
