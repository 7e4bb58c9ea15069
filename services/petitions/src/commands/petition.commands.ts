// Petition command handlers: each loads the petition's stream, decides (domain/petition.ts) and
// appends, in the transaction the RPC server (or the consumer) opened; whatever else the command
// changes (the vault, the lookup code's hash, the office's list, the clocks) is written in that
// transaction.
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { DomainException, notFound, petitionOperations as ops } from '@jiandu/contracts';
import { getClock, ruleText, startClock, stopClock, type ClockEvents } from '@jiandu/deadlines';
import type { EventMetadata, PostgresEventStore } from '@jiandu/event-store';
import {
  callMetadata,
  executeCommand,
  type CommandResult,
  type Handler,
  type RpcCall,
  type ServiceContext,
} from '@jiandu/runtime';
import type { Actor } from '@jiandu/access';
import { chinaDate } from '@jiandu/calendar';
import { feedbackClockId, type Conclusion } from '../domain/conclusion.js';
import {
  PETITION_OFFICE,
  petitionDecider,
  petitionStatus,
  petitionStream,
  type Petition,
  type PetitionCommand,
  type PetitionEvent,
} from '../domain/petition.js';
import { newLookupCode, storeLookupCode } from '../lookup-codes/lookup-code.js';
import { DEFAULT_CLOCK_RULES, projectPetitionClocks, type PetitionClockRules } from '../projections/clocks.projection.js';
import { earlierPetitionsAbout, projectPetitionEvent } from '../projections/petition-list.projection.js';
import type { ReporterVault } from '../vault/reporter-vault.js';

type Ops = typeof ops;
type Result = CommandResult<PetitionEvent, Petition>;

/** Where the petition stands after the command, as the contract's `StatusChanged` says it. */
const statusChanged = (id: string, { state }: Result) => ({
  id,
  status: state.status === 'Initial' ? 'unknown' : petitionStatus(state),
});

/**
 * Writes what the command's events change beside them, in its transaction: the office's list and
 * the petition's clocks.
 */
export async function projectPetition(
  tx: PoolClient,
  store: ClockEvents,
  result: Result,
  now: Date,
  rules: PetitionClockRules,
): Promise<void> {
  const { state } = result;
  if (state.status === 'Initial') return;
  for (const event of result.events) {
    await projectPetitionEvent(tx, store.schema, event, petitionStatus(state), now.toISOString());
    await projectPetitionClocks(tx, store, event, state, chinaDate(now), rules);
  }
}

/** Loads the petition's stream on `tx`, decides as the caller, appends with the expected version, projects. */
async function decideOn(
  ctx: ServiceContext,
  rules: PetitionClockRules,
  call: RpcCall<unknown>,
  tx: PoolClient,
  command: PetitionCommand,
  expected?: 'no-stream',
): Promise<Result> {
  const now = ctx.now();
  const result = await executeCommand(ctx.store, petitionDecider, petitionStream(command.data.petitionId), command, {
    context: { now, actor: call.actor },
    metadata: callMetadata(call),
    tx,
    ...(expected ? { expected } : {}),
  });
  await projectPetition(tx, ctx.store, result, now, rules);
  return result;
}

/** The feedback meets its clock (or breaches it when late), in the feedback's transaction. */
async function stopFeedbackClock(
  ctx: ServiceContext,
  tx: PoolClient,
  petitionId: string,
  events: PetitionEvent[],
): Promise<void> {
  const clockId = feedbackClockId(petitionId);
  for (const event of events) {
    if (event.type !== 'FeedbackDelivered') continue;
    if (await getClock(tx, ctx.store.schema, clockId)) await stopClock(tx, ctx.store, clockId, event.data.deliveredOn);
    else ctx.logger.warn({ petitionId, clockId }, 'feedback delivered without a running feedback clock');
  }
}

export function petitionCommands(ctx: ServiceContext, vault: ReporterVault, rules: PetitionClockRules) {
  const run = (call: RpcCall<unknown>, tx: PoolClient, command: PetitionCommand, expected?: 'no-stream') =>
    decideOn(ctx, rules, call, tx, command, expected);

  // The event, the sealed reporter and the lookup code's hash commit together, or not at all.
  const registerPetition: Handler<Ops['registerPetition']> = async (call, tx) => {
    const petitionId = `p-${randomUUID()}`;
    // The contract pairs them: a real-name petition carries its reporter, an anonymous one none.
    const { reporter, realName: _realName, ...facts } = call.payload;
    const sealing = reporter ? { realName: true as const, reporterRef: `r-${randomUUID()}` } : { realName: false as const };
    // Earlier petitions about the same accused and unit are proposed as repeats, for the office to confirm or reject.
    const repeatCandidates = await earlierPetitionsAbout(tx, ctx.store.schema, facts.accused);
    await run(call, tx, { type: 'RegisterPetition', data: { petitionId, ...facts, ...sealing, repeatCandidates } }, 'no-stream');
    if (sealing.realName && reporter) await vault.store(tx, sealing.reporterRef, petitionId, reporter);
    const lookupCode = newLookupCode();
    await storeLookupCode(tx, ctx.store.schema, lookupCode, petitionId);
    return { id: petitionId, lookupCode, status: 'received' };
  };

  const screenPetition: Handler<Ops['screenPetition']> = async (call, tx) =>
    statusChanged(call.payload.petitionId, await run(call, tx, { type: 'ScreenPetition', data: call.payload }));
  const acceptPetition: Handler<Ops['acceptPetition']> = async (call, tx) =>
    statusChanged(call.payload.petitionId, await run(call, tx, { type: 'AcceptPetition', data: call.payload }));
  const rejectPetition: Handler<Ops['rejectPetition']> = async (call, tx) =>
    statusChanged(call.payload.petitionId, await run(call, tx, { type: 'RejectPetition', data: call.payload }));
  const forwardToSuperior: Handler<Ops['forwardToSuperior']> = async (call, tx) =>
    statusChanged(call.payload.petitionId, await run(call, tx, { type: 'ForwardToSuperior', data: call.payload }));
  const forwardToSubordinate: Handler<Ops['forwardToSubordinate']> = async (call, tx) =>
    statusChanged(call.payload.petitionId, await run(call, tx, { type: 'ForwardToSubordinate', data: call.payload }));
  const raiseObjection: Handler<Ops['raiseObjection']> = async (call, tx) =>
    statusChanged(call.payload.petitionId, await run(call, tx, { type: 'RaiseObjection', data: call.payload }));
  const notifyAcceptance: Handler<Ops['notifyAcceptance']> = async (call, tx) =>
    statusChanged(call.payload.petitionId, await run(call, tx, { type: 'NotifyAcceptance', data: call.payload }));
  const confirmRepeat: Handler<Ops['confirmRepeat']> = async (call, tx) =>
    statusChanged(call.payload.petitionId, await run(call, tx, { type: 'ConfirmRepeat', data: call.payload }));
  const rejectRepeat: Handler<Ops['rejectRepeat']> = async (call, tx) =>
    statusChanged(call.payload.petitionId, await run(call, tx, { type: 'RejectRepeat', data: call.payload }));
  const transferPetition: Handler<Ops['transferPetition']> = async (call, tx) =>
    statusChanged(call.payload.petitionId, await run(call, tx, { type: 'TransferPetition', data: call.payload }));

  // A duplicate links an earlier petition that exists: its stream is read in the command's transaction.
  const markDuplicate: Handler<Ops['markDuplicate']> = async (call, tx) => {
    const earlier = await ctx.store.readStream(petitionStream(call.payload.duplicateOf), 1, tx);
    const earlierExists = earlier.length > 0;
    return statusChanged(
      call.payload.petitionId,
      await run(call, tx, { type: 'MarkDuplicate', data: { ...call.payload, earlierExists } }),
    );
  };

  // The feedback and the stop of its clock (met, or breached when late) commit together.
  const deliverFeedback: Handler<Ops['deliverFeedback']> = async (call, tx) => {
    const result = await run(call, tx, { type: 'DeliverFeedback', data: call.payload });
    await stopFeedbackClock(ctx, tx, call.payload.petitionId, result.events);
    return statusChanged(call.payload.petitionId, result);
  };

  // The read is recorded in the same transaction that opens the vault: no read without its record.
  // A retry with the same Idempotency-Key reads (and records) again: an identity is never stored outside the vault.
  const readReporter: Handler<Ops['readReporter']> = async (call, tx) => {
    const { state } = await run(call, tx, { type: 'ReadReporterIdentity', data: call.payload });
    const ref = 'reporterRef' in state ? state.reporterRef : undefined;
    const identity = ref ? await vault.read(tx, ref) : undefined;
    if (!identity) {
      throw new DomainException(
        notFound({ zh: '举报人身份（可能已销毁）', en: 'reporter identity (it may have been erased)' }, 'REPORTER_NOT_FOUND'),
      );
    }
    return identity;
  };

  return {
    registerPetition,
    screenPetition,
    acceptPetition,
    rejectPetition,
    forwardToSuperior,
    forwardToSubordinate,
    markDuplicate,
    raiseObjection,
    notifyAcceptance,
    confirmRepeat,
    rejectRepeat,
    transferPetition,
    deliverFeedback,
    readReporter,
  };
}

/** 信访室 concludes on the supervision office's result; who decided that result is in the supervision store. */
export const CONCLUDER = { sub: 'system:petitions', name: '信访室据办理结果办结', office: PETITION_OFFICE } satisfies Omit<
  Actor,
  'roles' | 'zones'
>;

export interface ConcludeOptions {
  now: Date;
  /** Correlation and causation of the result that concludes the petition. */
  cause: Pick<EventMetadata, 'correlationId' | 'causationId'>;
  /** 实名举报结果反馈: working days from conclusion to the real-name reporter's feedback. */
  feedbackWorkingDays: number;
  /** The petition's other clocks (a conclusion starts or stops none of them). */
  rules?: PetitionClockRules;
}

/**
 * Concludes a transferred petition on the result of its clue, as the service (CONCLUDER), in the
 * caller's transaction; for a real-name reporter the feedback clock starts there too. A result
 * that arrives again concludes nothing more and starts no second clock.
 */
export async function concludePetition(
  store: PostgresEventStore,
  tx: PoolClient,
  petitionId: string,
  conclusion: Conclusion,
  options: ConcludeOptions,
): Promise<void> {
  const { now, cause, feedbackWorkingDays, rules } = options;
  const result = await executeCommand(
    store,
    petitionDecider,
    petitionStream(petitionId),
    { type: 'ConcludePetition', data: { petitionId, ...conclusion } },
    {
      context: { now, actor: { ...CONCLUDER, roles: [], zones: [] } },
      metadata: { actor: CONCLUDER, ...cause, occurredAt: now.toISOString() },
      tx,
    },
  );
  await projectPetition(tx, store, result, now, rules ?? DEFAULT_CLOCK_RULES);
  const { state } = result;
  if (result.events.length === 0 || state.status === 'Initial' || !state.realName) return;
  const limit = { workingDays: feedbackWorkingDays };
  await startClock(tx, store, {
    id: feedbackClockId(petitionId),
    measures: 'petition-feedback',
    rule: ruleText('实名举报结果反馈', limit),
    limit,
    startedOn: conclusion.concludedOn,
    subject: petitionStream(petitionId),
    office: PETITION_OFFICE,
    unitId: state.accused.unitId,
  });
}
