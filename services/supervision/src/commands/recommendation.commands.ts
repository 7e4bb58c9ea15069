// The recommendation's command handlers (纪律检查建议 / 监察建议): issued by a supervision office or
// an agency, in its own name, to a unit that exists and lies in its zones.
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { DomainException, supervisionOperations as ops } from '@jiandu/contracts';
import { localDate } from '@jiandu/decision';
import type { Handler, RpcCall } from '@jiandu/runtime';
import {
  recommendationDecider,
  recommendationStream,
  type Recommendation,
  type RecommendationCommand,
  type RecommendationConfig,
  type RecommendationEvent,
} from '../domain/recommendation.js';
import { unitInCallerZones } from '../domain/units.js';
import { projectRecommendationEvent } from '../projections/recommendations.projection.js';
import { findUnit } from '../projections/units.projection.js';
import { callerOf, runCommand, type Aggregate, type CommandDeps } from './run-command.js';

export const recommendations: Aggregate<RecommendationCommand, RecommendationEvent, Recommendation, RecommendationConfig> = {
  kind: 'recommendation',
  stream: recommendationStream,
  decider: recommendationDecider,
  config: (config) => config.recommendation,
  project: projectRecommendationEvent,
  owner: (state) => (state.status === 'Initial' ? undefined : { office: state.office, unitId: state.unitId }),
};

/** Refuses (404, 403) a unit that is not registered or lies outside the caller's zones. */
export async function assertUnitInCallerZones(
  deps: CommandDeps,
  call: RpcCall<unknown>,
  unitId: string,
  tx: PoolClient,
): Promise<void> {
  const unit = await findUnit(tx, deps.ctx.store.schema, unitId, localDate(deps.ctx.now()));
  const refused = unitInCallerZones(unitId, unit, call.actor);
  if (refused) throw new DomainException(refused);
}

export function recommendationCommands(deps: CommandDeps) {
  const run = async (call: RpcCall<unknown>, command: RecommendationCommand, tx: PoolClient) => {
    const { id, status } = await runCommand(deps, recommendations, command.data.recommendationId, command, callerOf(call), tx);
    return { id, status };
  };
  const issue: Handler<typeof ops.issueRecommendation> = async (call, tx) => {
    await assertUnitInCallerZones(deps, call, call.payload.unitId, tx);
    const recommendationId = `rec-${randomUUID()}`;
    return run(call, { type: 'IssueRecommendation', data: { recommendationId, ...call.payload, office: call.actor.office } }, tx);
  };
  const recordResponse: Handler<typeof ops.recordRecommendationResponse> = (call, tx) =>
    run(call, { type: 'RecordResponse', data: call.payload }, tx);
  const verify: Handler<typeof ops.verifyRecommendation> = (call, tx) =>
    run(call, { type: 'VerifyRecommendation', data: call.payload }, tx);
  const close: Handler<typeof ops.closeRecommendation> = (call, tx) =>
    run(call, { type: 'CloseRecommendation', data: call.payload }, tx);
  const recordRefusal: Handler<typeof ops.recordRecommendationRefusal> = (call, tx) =>
    run(call, { type: 'RecordRefusal', data: call.payload }, tx);
  return { issue, recordResponse, verify, close, recordRefusal };
}
