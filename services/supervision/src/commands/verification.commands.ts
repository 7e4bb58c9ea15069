// The preliminary verification's command handlers (初步核实). A verification is opened by the system
// (on an approved disposition, or converted from an inquiry); the handling office plans, reports
// and decides; leadership approves or rejects the plan.
import type { PoolClient } from 'pg';
import { supervisionOperations as ops } from '@jiandu/contracts';
import type { Handler, RpcCall } from '@jiandu/runtime';
import {
  verificationDecider,
  verificationStream,
  type OpenVerification,
  type Verification,
  type VerificationCommand,
  type VerificationConfig,
  type VerificationEvent,
} from '../domain/verification.js';
import { projectVerificationEvent } from '../projections/verifications.projection.js';
import { findRecordCadre } from '../projections/units.projection.js';
import { caseOpeningOf, openCase } from './case.commands.js';
import { callerOf, runCommand, systemCaller, type Aggregate, type Caller, type CommandDeps } from './run-command.js';

export const verifications: Aggregate<VerificationCommand, VerificationEvent, Verification, VerificationConfig> = {
  kind: 'verification',
  stream: verificationStream,
  decider: verificationDecider,
  config: (config) => config.verification,
  project: projectVerificationEvent,
  owner: (state) => (state.status === 'Initial' ? undefined : { office: state.office, unitId: state.unitId }),
};

/** Opens a verification as the system; one whose stream exists already is left as it is. */
export async function openVerification(
  deps: CommandDeps,
  command: OpenVerification,
  caller: Caller,
  tx: PoolClient,
): Promise<void> {
  const id = command.data.verificationId;
  if ((await deps.ctx.store.readStream(verificationStream(id), 1, tx)).length > 0) return;
  await runCommand(deps, verifications, id, command, caller, tx);
}

export function verificationCommands(deps: CommandDeps) {
  const run = async (call: RpcCall<unknown>, command: VerificationCommand, tx: PoolClient) => {
    const { id, status } = await runCommand(deps, verifications, command.data.verificationId, command, callerOf(call), tx);
    return { id, status };
  };
  const submitPlan: Handler<typeof ops.submitVerificationPlan> = (call, tx) =>
    run(call, { type: 'SubmitVerificationPlan', data: call.payload }, tx);
  const approve: Handler<typeof ops.approveVerification> = (call, tx) =>
    run(call, { type: 'ApproveVerification', data: call.payload }, tx);
  const reject: Handler<typeof ops.rejectVerificationPlan> = (call, tx) =>
    run(call, { type: 'RejectVerificationPlan', data: call.payload }, tx);
  const extend: Handler<typeof ops.extendVerification> = (call, tx) =>
    run(call, { type: 'ExtendVerification', data: call.payload }, tx);
  const submitReport: Handler<typeof ops.submitVerificationReport> = (call, tx) =>
    run(call, { type: 'SubmitVerificationReport', data: call.payload }, tx);
  /** Deciding `file-case` opens the case on the same clue, in the same transaction, as the system. */
  const decide: Handler<typeof ops.decideVerification> = async (call, tx) => {
    // The clue's linked cadre (ClueLinkedToCadre), so the public decision carries its id (issue 12).
    const cadreId = await findRecordCadre(tx, deps.ctx.store.schema, 'verification', call.payload.verificationId);
    const data = { ...call.payload, ...(cadreId === undefined ? {} : { cadreId }) };
    const command: VerificationCommand = { type: 'DecideVerification', data };
    const { id, status, state } = await runCommand(deps, verifications, call.payload.verificationId, command, callerOf(call), tx);
    const opening = caseOpeningOf(state);
    if (opening) await openCase(deps, opening, systemCaller(opening.data.office, call.correlationId, `${id}:decided`), tx);
    return { id, status };
  };
  return { submitPlan, approve, reject, extend, submitReport, decide };
}
