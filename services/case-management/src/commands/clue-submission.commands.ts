// The submissions' commands, each in the transaction the RPC server opened. Registering one is one
// signed step by 案管: the submission is marked registered and the clue is registered (numbered,
// routed, clocked) in the same transaction, so a submission is never registered without its clue,
// nor twice (the submission's decider refuses a second time, and the rollback gives the number back).
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { caseManagementOperations as ops } from '@jiandu/contracts';
import { executeCommand, type Handler, type ServiceContext } from '@jiandu/runtime';
import type { ClueClockConfig } from '../domain/deadlines.js';
import { submissionDecider, submissionStream, type SubmissionCommand } from '../domain/clue-submission.js';
import type { RegisterClue } from '../domain/problem-clue.js';
import { projectSubmissionEvents } from '../projections/clue-submissions.projection.js';
import { readSubmission } from '../queries/clue-submissions.queries.js';
import { issuedByCall, placeClue, runClueCommand, type Issued } from './clue.commands.js';

export interface ClueSubmissionCommands {
  submitClue: Handler<typeof ops.submitClue>;
  registerClueSubmission: Handler<typeof ops.registerClueSubmission>;
  declineClueSubmission: Handler<typeof ops.declineClueSubmission>;
}

export function clueSubmissionCommands(
  { store, now }: Pick<ServiceContext, 'store' | 'now'>,
  clock: ClueClockConfig = {},
): ClueSubmissionCommands {
  const schema = store.schema;
  const run = async (tx: PoolClient, command: SubmissionCommand, issued: Issued) => {
    const result = await executeCommand(store, submissionDecider, submissionStream(command.data.submissionId), command, {
      ...issued,
      tx,
    });
    await projectSubmissionEvents(tx, schema, result.events, issued.metadata.occurredAt);
    return result;
  };
  const answer = async (tx: PoolClient, submissionId: string) => {
    const submission = await readSubmission(tx, schema, submissionId);
    if (!submission) throw new Error(`submission ${submissionId} was not written`);
    return submission;
  };
  return {
    async submitClue(call, tx) {
      const issued = issuedByCall(call, now());
      const submissionId = `cs-${randomUUID()}`;
      await run(
        tx,
        { type: 'SubmitClue', data: { submissionId, ...call.payload, categories: [...call.payload.categories] } },
        issued,
      );
      return answer(tx, submissionId);
    },
    async registerClueSubmission(call, tx) {
      const issued = issuedByCall(call, now());
      const clueId = `c-${randomUUID()}`;
      const { state } = await run(
        tx,
        { type: 'RegisterSubmission', data: { submissionId: call.payload.submissionId, clueId } },
        issued,
      );
      if (state.status !== 'Registered') throw new Error(`submission ${call.payload.submissionId} was not registered`);
      const placed = await placeClue(store, tx, state.accused.unitId, issued.context.now, clock);
      const registration: RegisterClue = {
        type: 'RegisterClue',
        data: {
          clueId,
          ...placed,
          source: state.source,
          sourceRef: state.reference,
          unitId: state.accused.unitId,
          accused: { ...state.accused },
          categories: [...state.categories],
          ...(state.category === undefined ? {} : { category: state.category }),
          summary: state.summary,
        },
      };
      const status = await runClueCommand(store, tx, registration, issued, clock);
      const { number, zoneId, assignedOffice, dispositionDeadline } = registration.data;
      return { id: clueId, number, status, zoneId, assignedOffice, dispositionDeadline };
    },
    async declineClueSubmission(call, tx) {
      const issued = issuedByCall(call, now());
      const { submissionId, reason } = call.payload;
      await run(tx, { type: 'DeclineSubmission', data: { submissionId, reason } }, issued);
      return { id: submissionId, status: 'declined' };
    },
  };
}
