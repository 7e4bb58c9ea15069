// The inquiry's command handlers (谈话函询). An inquiry is opened by the system (on an approved
// disposition, or as the second round of a concluded one); the handling office does the rest.
import type { PoolClient } from 'pg';
import { supervisionOperations as ops } from '@jiandu/contracts';
import { localDate } from '@jiandu/decision';
import type { Handler, RpcCall } from '@jiandu/runtime';
import {
  followUp,
  inquiryDecider,
  inquiryStream,
  type Inquiry,
  type InquiryCommand,
  type InquiryConfig,
  type InquiryEvent,
  type OpenInquiry,
} from '../domain/inquiry.js';
import { projectInquiryEvent } from '../projections/inquiries.projection.js';
import { findRecordCadre } from '../projections/units.projection.js';
import { openVerification } from './verification.commands.js';
import { callerOf, runCommand, systemCaller, type Aggregate, type Caller, type CommandDeps } from './run-command.js';

export const inquiries: Aggregate<InquiryCommand, InquiryEvent, Inquiry, InquiryConfig> = {
  kind: 'inquiry',
  stream: inquiryStream,
  decider: inquiryDecider,
  config: (config) => config.inquiry,
  project: projectInquiryEvent,
  owner: (state) => (state.status === 'Initial' ? undefined : { office: state.office, unitId: state.unitId }),
};

/** Opens an inquiry as the system; an inquiry whose stream exists already is left as it is. */
export async function openInquiry(deps: CommandDeps, command: OpenInquiry, caller: Caller, tx: PoolClient): Promise<void> {
  const id = command.data.inquiryId;
  if ((await deps.ctx.store.readStream(inquiryStream(id), 1, tx)).length > 0) return;
  await runCommand(deps, inquiries, id, command, caller, tx);
}

export function inquiryCommands(deps: CommandDeps) {
  const today = () => localDate(deps.ctx.now());
  const run = (call: RpcCall<unknown>, command: InquiryCommand, tx: PoolClient) =>
    runCommand(deps, inquiries, command.data.inquiryId, command, callerOf(call), tx);

  const conductTalk: Handler<typeof ops.conductTalk> = async (call, tx) => {
    const { inquiryId, conductedOn, summary } = call.payload;
    const { id, status } = await run(
      call,
      { type: 'ConductTalk', data: { inquiryId, conductedOn: conductedOn ?? today(), summary } },
      tx,
    );
    return { id, status };
  };
  const sendLetter: Handler<typeof ops.sendInquiryLetter> = async (call, tx) => {
    const { id, status } = await run(call, { type: 'SendLetter', data: call.payload }, tx);
    return { id, status };
  };
  const receiveReply: Handler<typeof ops.receiveInquiryReply> = async (call, tx) => {
    const { inquiryId, receivedOn, summary } = call.payload;
    const { id, status } = await run(
      call,
      { type: 'ReceiveReply', data: { inquiryId, receivedOn: receivedOn ?? today(), summary } },
      tx,
    );
    return { id, status };
  };
  const assess: Handler<typeof ops.assessInquiry> = async (call, tx) => {
    const { id, status } = await run(call, { type: 'AssessInquiry', data: call.payload }, tx);
    return { id, status };
  };
  /** Concluding may start the second round or a verification: same transaction, as the system. */
  const conclude: Handler<typeof ops.concludeInquiry> = async (call, tx) => {
    // The clue's linked cadre (ClueLinkedToCadre), so the public conclusion carries its id (issue 12).
    const cadreId = await findRecordCadre(tx, deps.ctx.store.schema, 'inquiry', call.payload.inquiryId);
    const data = { ...call.payload, ...(cadreId === undefined ? {} : { cadreId }) };
    const { id, status, state } = await run(call, { type: 'ConcludeInquiry', data }, tx);
    const next = followUp(state);
    if (next && state.status !== 'Initial') {
      const system = systemCaller(state.office, call.correlationId, `${id}:concluded`);
      if (next.type === 'OpenInquiry') await openInquiry(deps, next, system, tx);
      else await openVerification(deps, next, system, tx);
    }
    return { id, status };
  };
  return { conductTalk, sendLetter, receiveReply, assess, conclude };
}
