// The review's command handlers (审理). Every command loads the review's stream, decides with the
// configured limits and periods, appends, and in the same transaction projects the list, the
// sanctions and the clock. The system receives a transferred case and ends effect periods.
import type { PoolClient } from 'pg';
import type { Actor } from '@jiandu/access';
import { reviewOperations as ops } from '@jiandu/contracts';
import type { EventMetadata } from '@jiandu/event-store';
import { callMetadata, executeCommand, type Handler, type RpcCall, type ServiceContext } from '@jiandu/runtime';
import type { ReviewServiceConfig } from '../config.js';
import { commonIssueId, reviewDecider, reviewStream, type ReviewCommand, type Review } from '../domain/review.js';
import { projectClockEvent } from '../projections/clocks.projection.js';
import { projectReviewEvent } from '../projections/reviews.projection.js';

export interface CommandDeps {
  ctx: ServiceContext;
  config: ReviewServiceConfig;
}

export interface Caller {
  actor: Actor;
  metadata: Omit<EventMetadata, 'occurredAt'>;
}

export const callerOf = (call: RpcCall<unknown>): Caller => ({ actor: call.actor, metadata: callMetadata(call) });

/** What the service does on its own (receiving a case, ending an effect period) is signed by the system. */
export function systemCaller(correlationId: string, causationId?: string): Caller {
  const actor: Actor = { sub: 'system:review', name: '审理系统', office: 'review-office', roles: [], zones: [] };
  return {
    actor,
    metadata: {
      actor: { sub: actor.sub, name: actor.name, office: actor.office },
      correlationId,
      ...(causationId ? { causationId } : {}),
    },
  };
}

const STATUS: Record<Review['status'], string> = {
  Initial: 'unknown',
  Reviewing: 'reviewing',
  SentBack: 'sent-back',
  SanctionProposed: 'sanction-proposed',
  Decided: 'decided',
  Concluded: 'concluded',
};

export async function runReviewCommand(
  deps: CommandDeps,
  reviewId: string,
  command: ReviewCommand,
  caller: Caller,
  tx: PoolClient,
): Promise<{ id: string; status: string; state: Review }> {
  const { ctx, config } = deps;
  const schema = ctx.store.schema;
  const now = ctx.now();
  const at = now.toISOString();
  const { events, state } = await executeCommand(ctx.store, reviewDecider, reviewStream(reviewId), command, {
    context: { now, actor: caller.actor, config: config.review },
    metadata: { ...caller.metadata, occurredAt: at },
    tx,
  });
  const round = state.status === 'Initial' ? 1 : state.round;
  for (const event of events) {
    await projectReviewEvent(tx, schema, event, at);
    await projectClockEvent(tx, ctx.store, event, round, config);
  }
  return { id: reviewId, status: STATUS[state.status], state };
}

export function reviewCommands(deps: CommandDeps) {
  const run = async (call: RpcCall<unknown>, command: Exclude<ReviewCommand, { type: 'ReceiveCase' }>, tx: PoolClient) => {
    const { id, status } = await runReviewCommand(deps, command.data.reviewId, command, callerOf(call), tx);
    return { id, status };
  };
  const extend: Handler<typeof ops.extendReview> = (call, tx) => run(call, { type: 'ExtendReview', data: call.payload }, tx);
  const sendBack: Handler<typeof ops.sendCaseBack> = (call, tx) => run(call, { type: 'SendCaseBack', data: call.payload }, tx);
  const propose: Handler<typeof ops.proposeSanction> = (call, tx) =>
    run(call, { type: 'ProposeSanction', data: call.payload }, tx);
  const approve: Handler<typeof ops.approveSanction> = (call, tx) =>
    run(call, { type: 'ApproveSanction', data: call.payload }, tx);
  const reject: Handler<typeof ops.rejectSanction> = (call, tx) => run(call, { type: 'RejectSanction', data: call.payload }, tx);
  const concludeWithoutSanction: Handler<typeof ops.concludeWithoutSanction> = (call, tx) =>
    run(call, { type: 'ConcludeWithoutSanction', data: call.payload }, tx);
  /** Answers the common issue's id: the 加强监督建议书 supervision issues on it refers to it. */
  const identifyCommonIssue: Handler<typeof ops.identifyCommonIssue> = async (call, tx) => {
    const command = { type: 'IdentifyCommonIssue' as const, data: call.payload };
    const { state } = await runReviewCommand(deps, call.payload.reviewId, command, callerOf(call), tx);
    const issues = state.status === 'Decided' ? state.commonIssues.length : 0;
    return { id: commonIssueId(call.payload.reviewId, issues), status: 'identified' };
  };
  return { extend, sendBack, propose, approve, reject, concludeWithoutSanction, identifyCommonIssue };
}
