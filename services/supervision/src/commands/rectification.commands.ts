// The rectification item's command handlers (整改): opened by the office that follows it, for a
// unit that exists and lies in its zones.
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { supervisionOperations as ops } from '@jiandu/contracts';
import type { Handler, RpcCall } from '@jiandu/runtime';
import {
  rectificationDecider,
  rectificationStream,
  type Rectification,
  type RectificationCommand,
  type RectificationEvent,
} from '../domain/rectification.js';
import { projectRectificationEvent } from '../projections/rectifications.projection.js';
import { assertUnitInCallerZones } from './recommendation.commands.js';
import { callerOf, runCommand, type Aggregate, type CommandDeps } from './run-command.js';

export const rectifications: Aggregate<RectificationCommand, RectificationEvent, Rectification, undefined> = {
  kind: 'rectification',
  stream: rectificationStream,
  decider: rectificationDecider,
  config: () => undefined,
  project: projectRectificationEvent,
  owner: (state) => (state.status === 'Initial' ? undefined : { office: state.office, unitId: state.unitId }),
};

export function rectificationCommands(deps: CommandDeps) {
  const run = async (call: RpcCall<unknown>, command: RectificationCommand, tx: PoolClient) => {
    const { id, status } = await runCommand(deps, rectifications, command.data.rectificationId, command, callerOf(call), tx);
    return { id, status };
  };
  const open: Handler<typeof ops.openRectification> = async (call, tx) => {
    await assertUnitInCallerZones(deps, call, call.payload.unitId, tx);
    const rectificationId = `rect-${randomUUID()}`;
    return run(call, { type: 'OpenRectification', data: { rectificationId, ...call.payload, office: call.actor.office } }, tx);
  };
  const reportProgress: Handler<typeof ops.reportRectificationProgress> = (call, tx) =>
    run(call, { type: 'ReportProgress', data: call.payload }, tx);
  const complete: Handler<typeof ops.completeRectification> = (call, tx) =>
    run(call, { type: 'CompleteRectification', data: call.payload }, tx);
  const verify: Handler<typeof ops.verifyRectification> = (call, tx) =>
    run(call, { type: 'VerifyRectification', data: call.payload }, tx);
  const reopen: Handler<typeof ops.reopenRectification> = (call, tx) =>
    run(call, { type: 'ReopenRectification', data: call.payload }, tx);
  return { open, reportProgress, complete, verify, reopen };
}
