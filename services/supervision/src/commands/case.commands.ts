// The case's command handlers (审查调查). A case is opened by the system when a verification is
// decided `file-case` (in that command's transaction), with the verification's subject and whether
// the subject heads a lower-level party committee, so nobody retypes them; leadership approves (or
// refuses) the filing; the handling office reports and transfers; the review's return and its end of
// the case (a sanction decided, or none) come in as the system.
import type { PoolClient } from 'pg';
import { supervisionOperations as ops } from '@jiandu/contracts';
import type { Handler, RpcCall } from '@jiandu/runtime';
import {
  caseDecider,
  caseIdFor,
  caseStream,
  type Case,
  type CaseCommand,
  type CaseConfig,
  type CaseEvent,
  type ConcludeCase,
  type OpenCase,
  type ReturnCaseFromReview,
} from '../domain/case.js';
import type { Verification } from '../domain/verification.js';
import { projectCaseEvent } from '../projections/cases.projection.js';
import { findRecordCadre } from '../projections/units.projection.js';
import { callerOf, runCommand, type Aggregate, type Caller, type CommandDeps } from './run-command.js';

export const cases: Aggregate<CaseCommand, CaseEvent, Case, CaseConfig> = {
  kind: 'case',
  stream: caseStream,
  decider: caseDecider,
  config: (config) => config.case,
  project: projectCaseEvent,
  owner: (state) => (state.status === 'Initial' ? undefined : { office: state.office, unitId: state.unitId }),
};

/** The case a verification decided `file-case` opens, from the verification's own state; undefined otherwise. */
export function caseOpeningOf(verification: Verification): OpenCase | undefined {
  if (verification.status !== 'Decided' || verification.decision !== 'file-case' || !verification.subject) return undefined;
  const { verificationId, clueId, clueNumber, sourceRef, unitId, office, subject, plan } = verification;
  return {
    type: 'OpenCase',
    data: {
      caseId: caseIdFor(clueId),
      verificationId,
      clueId,
      clueNumber,
      ...(sourceRef ? { sourceRef } : {}),
      unitId,
      office,
      subject,
      subjectHeadsLowerCommittee: plan.subjectHeadsLowerCommittee,
    },
  };
}

/** Opens a case as the system; one whose stream exists already is left as it is. */
export async function openCase(deps: CommandDeps, command: OpenCase, caller: Caller, tx: PoolClient): Promise<void> {
  const id = command.data.caseId;
  if ((await deps.ctx.store.readStream(caseStream(id), 1, tx)).length > 0) return;
  await runCommand(deps, cases, id, command, caller, tx);
}

/** The review sent the case back: it returns to investigating, unless that round's return is already here. */
export async function returnCaseFromReview(
  deps: CommandDeps,
  command: ReturnCaseFromReview,
  caller: Caller,
  tx: PoolClient,
): Promise<void> {
  const events = await deps.ctx.store.readStream(caseStream(command.data.caseId), 1, tx);
  if (events.length === 0) throw new Error(`case ${command.data.caseId} is not known here`);
  const done = events.some(
    (e) => e.type === 'CaseReturnedFromReview' && (e.data as { round: number }).round === command.data.round + 1,
  );
  if (done) return;
  await runCommand(deps, cases, command.data.caseId, command, caller, tx);
}

/**
 * The review office ended the case (a sanction, or none): it concludes, once. A case this service
 * never opened has nothing to end (the sanction's other consequences still follow).
 */
export async function concludeCase(deps: CommandDeps, command: ConcludeCase, caller: Caller, tx: PoolClient): Promise<void> {
  const events = await deps.ctx.store.readStream(caseStream(command.data.caseId), 1, tx);
  if (events.length === 0 || events.some((e) => e.type === 'CaseConcluded')) return;
  await runCommand(deps, cases, command.data.caseId, command, caller, tx);
}

export function caseCommands(deps: CommandDeps) {
  const run = async (call: RpcCall<unknown>, command: CaseCommand, tx: PoolClient) => {
    const { id, status } = await runCommand(deps, cases, command.data.caseId, command, callerOf(call), tx);
    return { id, status };
  };
  /** The clue's linked cadre (ClueLinkedToCadre), so the case's public events carry its id (issue 12). */
  const linked = async <P extends { caseId: string }>(payload: P, tx: PoolClient): Promise<P & { cadreId?: string }> => {
    const cadreId = await findRecordCadre(tx, deps.ctx.store.schema, 'case', payload.caseId);
    return { ...payload, ...(cadreId === undefined ? {} : { cadreId }) };
  };
  const approveFiling: Handler<typeof ops.approveCaseFiling> = async (call, tx) =>
    run(call, { type: 'ApproveCaseFiling', data: await linked(call.payload, tx) }, tx);
  const rejectFiling: Handler<typeof ops.rejectCaseFiling> = async (call, tx) =>
    run(call, { type: 'RejectCaseFiling', data: await linked(call.payload, tx) }, tx);
  const extend: Handler<typeof ops.extendCase> = (call, tx) => run(call, { type: 'ExtendCase', data: call.payload }, tx);
  const submitReport: Handler<typeof ops.submitCaseReport> = (call, tx) =>
    run(call, { type: 'SubmitCaseReport', data: call.payload }, tx);
  const transfer: Handler<typeof ops.transferCaseToReview> = async (call, tx) =>
    run(call, { type: 'TransferCaseToReview', data: await linked(call.payload, tx) }, tx);
  return { approveFiling, rejectFiling, extend, submitReport, transfer };
}
