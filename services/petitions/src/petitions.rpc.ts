// The petitions service's request/reply operations: each loads a petition stream, decides, and
// appends; registration also seals the reporter into the vault in the same transaction.
import { randomUUID } from 'node:crypto';
import { DomainException, forbidden, notFound, petitionOperations as ops, type RegisterPetitionRequest } from '@jiandu/contracts';
import { getClock, stopClock } from '@jiandu/deadlines';
import type { PoolClient } from 'pg';
import { callMetadata, executeCommand, type RpcCall, type RpcRoute, type ServiceContext } from '@jiandu/runtime';
import type { Actor } from '@jiandu/access';
import { feedbackClockId } from './domain/conclusion.js';
import * as petition from './domain/petition.js';
import { lookupHash, newLookupCode } from './lookup-code.js';
import { petitionDecider, streamOf } from './petition-stream.js';
import { petitionView, statusName, statusOf } from './petition-view.js';
import type { ReporterVault } from './vault/reporter-vault.js';

const decider = petitionDecider;
const PETITION = { zh: '信访件', en: 'petition' };

function route<P>(operation: RpcRoute['operation'], handle: (call: RpcCall<P>, tx: PoolClient) => Promise<unknown>, options: Partial<RpcRoute> = {}): RpcRoute {
  return { operation, handle: handle as RpcRoute['handle'], ...options };
}


function requirePetitionOffice(actor: Actor): void {
  if (actor.office !== petition.PETITION_OFFICE) {
    throw new DomainException(forbidden('FORBIDDEN_OFFICE', { zh: '只有信访室可以查看信访件', en: 'only the petition office reads petitions' }));
  }
}

export function petitionsRpc(ctx: ServiceContext, vault: ReporterVault): RpcRoute[] {
  const { store, pool } = ctx;
  const schema = store.schema;

  const command = async (call: RpcCall<{ petitionId: string }>, tx: PoolClient, cmd: petition.PetitionCommand) => {
    const result = await executeCommand(store, decider, streamOf(call.payload.petitionId), cmd, {
      context: { now: ctx.now(), actor: call.actor },
      metadata: callMetadata(call),
      tx,
    });
    return { id: call.payload.petitionId, status: statusName(result.state) };
  };

  return [
    // The event, the sealed reporter and the lookup code's hash commit together, or not at all.
    route<RegisterPetitionRequest>(ops.registerPetition, async (call, tx) => {
      const petitionId = `p-${randomUUID()}`;
      const reporterRef = call.payload.realName ? `r-${randomUUID()}` : undefined;
      const lookupCode = newLookupCode();
      const { reporter, ...facts } = call.payload;
      await executeCommand(
        store,
        decider,
        streamOf(petitionId),
        { type: 'RegisterPetition', data: { petitionId, ...facts, ...(reporterRef ? { reporterRef } : {}) } },
        { context: { now: ctx.now(), actor: call.actor }, metadata: callMetadata(call), tx, expected: 'no-stream' },
      );
      if (reporterRef && reporter) await vault.store(tx, reporterRef, petitionId, reporter);
      await tx.query(`INSERT INTO ${schema}.lookup_codes (code_hash, petition_id) VALUES ($1, $2)`, [lookupHash(lookupCode), petitionId]);
      return { id: petitionId, lookupCode, status: 'received' };
    }),
    route<{ petitionId: string }>(ops.acceptPetition, (call, tx) =>
      command(call, tx, { type: 'AcceptPetition', data: { petitionId: call.payload.petitionId } }),
    ),
    route<{ petitionId: string; reason: petition.NotAcceptedReason; note?: string }>(ops.rejectPetition, (call, tx) =>
      command(call, tx, { type: 'RejectPetition', data: { petitionId: call.payload.petitionId, reason: call.payload.reason, ...(call.payload.note === undefined ? {} : { note: call.payload.note }) } }),
    ),
    route<{ petitionId: string }>(ops.transferPetition, (call, tx) =>
      command(call, tx, { type: 'TransferPetition', data: { petitionId: call.payload.petitionId } }),
    ),
    // The feedback and the stop of its clock (met, or breached when late) commit together.
    route<{ petitionId: string; note: string }>(ops.deliverFeedback, async (call, tx) => {
      const { petitionId, note } = call.payload;
      const result = await executeCommand(store, decider, streamOf(petitionId), { type: 'DeliverFeedback', data: { petitionId, note } }, {
        context: { now: ctx.now(), actor: call.actor },
        metadata: callMetadata(call),
        tx,
      });
      const clockId = feedbackClockId(petitionId);
      for (const event of result.events) {
        if (event.type !== 'FeedbackDelivered') continue;
        if (await getClock(tx, schema, clockId)) await stopClock(tx, schema, clockId, event.data.deliveredOn);
        else ctx.logger.warn({ petitionId, clockId }, 'feedback delivered without a running feedback clock');
      }
      return { id: petitionId, status: statusName(result.state) };
    }),
    route<{ petitionId: string }>(ops.getPetition, async (call) => {
      requirePetitionOffice(call.actor);
      const view = petitionView(await store.readStream(streamOf(call.payload.petitionId)));
      if (!view) throw new DomainException(notFound(PETITION, 'PETITION_NOT_FOUND'));
      return view;
    }),
    // The read is recorded in the same transaction that opens the vault: no read without its record.
    // A retry with the same Idempotency-Key reads (and records) again: an identity is never stored outside the vault.
    route<{ petitionId: string; reason: string }>(
      ops.readReporter,
      async (call, tx) => {
        const result = await executeCommand(
          store,
          decider,
          streamOf(call.payload.petitionId),
          { type: 'ReadReporterIdentity', data: { petitionId: call.payload.petitionId, reason: call.payload.reason } },
          { context: { now: ctx.now(), actor: call.actor }, metadata: callMetadata(call), tx },
        );
        const ref = 'reporterRef' in result.state ? result.state.reporterRef : undefined;
        const identity = ref ? await vault.read(tx, ref) : undefined;
        if (!identity) {
          throw new DomainException(notFound({ zh: '举报人身份（可能已销毁）', en: 'reporter identity (it may have been erased)' }, 'REPORTER_NOT_FOUND'));
        }
        return identity;
      },
      { replay: 'rerun' },
    ),
    route<{ lookupCode: string }>(
      ops.lookup,
      async (call) => {
        const { rows } = await pool.query<{ petition_id: string }>(`SELECT petition_id FROM ${schema}.lookup_codes WHERE code_hash = $1`, [
          lookupHash(call.payload.lookupCode),
        ]);
        const found = rows[0] && statusOf(await store.readStream(streamOf(rows[0].petition_id)));
        if (!found) throw new DomainException(notFound({ zh: '查询码对应的信访件', en: 'petition for this lookup code' }, 'LOOKUP_NOT_FOUND'));
        return found;
      },
      { anonymous: true },
    ),
  ];
}
