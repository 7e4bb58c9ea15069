// The petitions service's request/reply operations: each loads a petition stream, decides, and
// appends; registration also seals the reporter into the vault in the same transaction.
import { randomUUID } from 'node:crypto';
import { DomainException, forbidden, notFound, petitionOperations as ops, type RegisterPetitionRequest } from '@jiandu/contracts';
import { withTransaction } from '@jiandu/event-store';
import { getClock, stopClock } from '@jiandu/deadlines';
import { callMetadata, executeCommand, transactionWithRetry, type RpcCall, type RpcRoute, type ServiceContext } from '@jiandu/runtime';
import type { Actor } from '@jiandu/access';
import { feedbackClockId } from './domain/conclusion.js';
import * as petition from './domain/petition.js';
import { lookupHash, newLookupCode } from './lookup-code.js';
import { petitionDecider, streamOf } from './petition-stream.js';
import { petitionView, statusName, statusOf } from './petition-view.js';
import type { ReporterVault } from './vault/reporter-vault.js';

const decider = petitionDecider;
const PETITION = { zh: '信访件', en: 'petition' };

function route<P>(operation: RpcRoute['operation'], handle: (call: RpcCall<P>) => Promise<unknown>, anonymous = false): RpcRoute {
  return { operation, handle: handle as RpcRoute['handle'], anonymous };
}


function requirePetitionOffice(actor: Actor): void {
  if (actor.office !== petition.PETITION_OFFICE) {
    throw new DomainException(forbidden('FORBIDDEN_OFFICE', { zh: '只有信访室可以查看信访件', en: 'only the petition office reads petitions' }));
  }
}

export function petitionsRpc(ctx: ServiceContext, vault: ReporterVault): RpcRoute[] {
  const { store, pool } = ctx;
  const schema = store.schema;

  const command = async (call: RpcCall<{ petitionId: string }>, cmd: petition.PetitionCommand) => {
    const result = await executeCommand(store, decider, streamOf(call.payload.petitionId), cmd, {
      context: { now: ctx.now(), actor: call.actor },
      metadata: callMetadata(call),
    });
    return { id: call.payload.petitionId, status: statusName(result.state) };
  };

  return [
    route<RegisterPetitionRequest>(ops.registerPetition, async (call) => {
      const petitionId = `p-${randomUUID()}`;
      const reporterRef = call.payload.realName ? `r-${randomUUID()}` : undefined;
      const lookupCode = newLookupCode();
      const { reporter, ...facts } = call.payload;
      await withTransaction(pool, async (tx) => {
        await executeCommand(
          store,
          decider,
          streamOf(petitionId),
          { type: 'RegisterPetition', data: { petitionId, ...facts, ...(reporterRef ? { reporterRef } : {}) } },
          { context: { now: ctx.now(), actor: call.actor }, metadata: callMetadata(call), tx },
        );
        if (reporterRef && reporter) await vault.store(tx, reporterRef, petitionId, reporter);
        await tx.query(`INSERT INTO ${schema}.lookup_codes (code_hash, petition_id) VALUES ($1, $2)`, [lookupHash(lookupCode), petitionId]);
      });
      return { id: petitionId, lookupCode, status: 'received' };
    }),
    route<{ petitionId: string }>(ops.acceptPetition, (call) =>
      command(call, { type: 'AcceptPetition', data: { petitionId: call.payload.petitionId } }),
    ),
    route<{ petitionId: string; reason: petition.NotAcceptedReason; note?: string }>(ops.rejectPetition, (call) =>
      command(call, { type: 'RejectPetition', data: { petitionId: call.payload.petitionId, reason: call.payload.reason, ...(call.payload.note === undefined ? {} : { note: call.payload.note }) } }),
    ),
    route<{ petitionId: string }>(ops.transferPetition, (call) =>
      command(call, { type: 'TransferPetition', data: { petitionId: call.payload.petitionId } }),
    ),
    route<{ petitionId: string; note: string }>(ops.deliverFeedback, async (call) => {
      const { petitionId, note } = call.payload;
      // The feedback and the stop of its clock (met, or breached when late) commit together.
      return transactionWithRetry(pool, async (tx) => {
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
      });
    }),
    route<{ petitionId: string }>(ops.getPetition, async (call) => {
      requirePetitionOffice(call.actor);
      const view = petitionView(await store.readStream(streamOf(call.payload.petitionId)));
      if (!view) throw new DomainException(notFound(PETITION, 'PETITION_NOT_FOUND'));
      return view;
    }),
    route<{ petitionId: string; reason: string }>(ops.readReporter, async (call) => {
      // The read is recorded in the same transaction that opens the vault: no read without its record.
      return withTransaction(pool, async (tx) => {
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
      });
    }),
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
      true,
    ),
  ];
}
