// The oversight task's command handlers (督查督办): 办公室 assigns and closes; the assignee and
// 办公室 record progress.
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { supervisionOperations as ops } from '@jiandu/contracts';
import type { Handler, RpcCall } from '@jiandu/runtime';
import {
  oversightTaskDecider,
  oversightTaskStream,
  type OversightTask,
  type OversightTaskCommand,
  type OversightTaskEvent,
} from '../domain/oversight-task.js';
import { projectOversightTaskEvent } from '../projections/oversight-tasks.projection.js';
import { callerOf, runCommand, type Aggregate, type CommandDeps } from './run-command.js';

export const oversightTasks: Aggregate<OversightTaskCommand, OversightTaskEvent, OversightTask, undefined> = {
  kind: 'oversight-task',
  stream: oversightTaskStream,
  decider: oversightTaskDecider,
  config: () => undefined,
  project: projectOversightTaskEvent,
  owner: (state) => (state.status === 'Initial' ? undefined : { office: state.assigneeOffice }),
};

export function oversightTaskCommands(deps: CommandDeps) {
  const run = async (call: RpcCall<unknown>, command: OversightTaskCommand, tx: PoolClient) => {
    const { id, status } = await runCommand(deps, oversightTasks, command.data.taskId, command, callerOf(call), tx);
    return { id, status };
  };
  const assign: Handler<typeof ops.assignOversightTask> = (call, tx) =>
    run(call, { type: 'AssignOversightTask', data: { taskId: `task-${randomUUID()}`, ...call.payload } }, tx);
  const recordProgress: Handler<typeof ops.recordOversightProgress> = (call, tx) =>
    run(call, { type: 'RecordTaskProgress', data: call.payload }, tx);
  const close: Handler<typeof ops.closeOversightTask> = (call, tx) =>
    run(call, { type: 'CloseOversightTask', data: call.payload }, tx);
  return { assign, recordProgress, close };
}
