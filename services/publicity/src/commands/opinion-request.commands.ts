// The opinion request's command handlers (廉政意见回复). Every command loads the request's stream,
// decides with the configured limit, appends, and in the same transaction projects the list, the
// screening outbox and the clock. The system records what each screening proposes (screenings.ts).
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { Actor } from '@jiandu/access';
import { publicityOperations as ops } from '@jiandu/contracts';
import type { EventMetadata } from '@jiandu/event-store';
import { callMetadata, executeCommand, type Handler, type RpcCall, type ServiceContext } from '@jiandu/runtime';
import type { PublicityServiceConfig } from '../config.js';
import {
  opinionRequestDecider,
  opinionRequestStream,
  type OpinionCommand,
  type OpinionRequest,
} from '../domain/opinion-request.js';
import { projectClockEvent } from '../projections/clocks.projection.js';
import { OPINION_STATUS, projectOpinionEvents } from '../projections/opinion-requests.projection.js';

export interface CommandDeps {
  ctx: ServiceContext;
  config: PublicityServiceConfig;
}

export interface Caller {
  actor: Actor;
  metadata: Omit<EventMetadata, 'occurredAt'>;
}

export const callerOf = (call: RpcCall<unknown>): Caller => ({ actor: call.actor, metadata: callMetadata(call) });

/** What the service does on its own (recording a screening's proposal) is signed by the system. */
export const SYSTEM_ACTOR: Actor = {
  sub: 'system:publicity',
  name: '组宣部核查系统',
  office: 'publicity-dept',
  roles: [],
  zones: [],
};
export function systemCaller(correlationId: string): Caller {
  const { sub, name, office } = SYSTEM_ACTOR;
  return { actor: SYSTEM_ACTOR, metadata: { actor: { sub, name, office }, correlationId } };
}

export async function runOpinionCommand(
  deps: CommandDeps,
  requestId: string,
  command: OpinionCommand,
  caller: Caller,
  tx: PoolClient,
): Promise<{ id: string; status: string; state: OpinionRequest }> {
  const { ctx, config } = deps;
  const schema = ctx.store.schema;
  const now = ctx.now();
  const metadata = { ...caller.metadata, occurredAt: now.toISOString() };
  const { events, state } = await executeCommand(ctx.store, opinionRequestDecider, opinionRequestStream(requestId), command, {
    context: { now, actor: caller.actor, config: config.opinion },
    metadata,
    tx,
  });
  await projectOpinionEvents(tx, schema, events, state, metadata);
  for (const event of events) await projectClockEvent(tx, ctx.store, event, config);
  return { id: requestId, status: OPINION_STATUS[state.status], state };
}

export function opinionRequestCommands(deps: CommandDeps) {
  const run = async (call: RpcCall<unknown>, command: OpinionCommand, tx: PoolClient) => {
    const { id, status } = await runOpinionCommand(deps, command.data.requestId, command, callerOf(call), tx);
    return { id, status };
  };
  const request: Handler<typeof ops.requestOpinion> = async (call, tx) => {
    const requestId = `or-${randomUUID()}`;
    const { id, status, state } = await runOpinionCommand(
      deps,
      requestId,
      { type: 'RequestOpinion', data: { requestId, ...call.payload } },
      callerOf(call),
      tx,
    );
    return { id, status, dueOn: state.status === 'Initial' ? '' : state.dueOn };
  };
  const submitScreening: Handler<typeof ops.submitScreening> = (call, tx) =>
    run(call, { type: 'SubmitScreening', data: call.payload }, tx);
  const proposeReply: Handler<typeof ops.proposeReply> = (call, tx) =>
    run(call, { type: 'ProposeReply', data: call.payload }, tx);
  const approveReply: Handler<typeof ops.approveReply> = (call, tx) =>
    run(call, { type: 'ApproveReply', data: call.payload }, tx);
  const rejectReply: Handler<typeof ops.rejectReply> = (call, tx) => run(call, { type: 'RejectReply', data: call.payload }, tx);
  const sendReply: Handler<typeof ops.sendReply> = (call, tx) => run(call, { type: 'SendReply', data: call.payload }, tx);
  return { request, submitScreening, proposeReply, approveReply, rejectReply, sendReply };
}
