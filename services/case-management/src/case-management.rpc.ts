// Case management's request/reply operations: the unit and zone registry, the clue ledger, and
// disposition proposals and approvals. Clue commands update the ledger in the same transaction.
import { caseManagementOperations as ops, DomainException, forbidden, notFound, type ListCluesRequest } from '@jiandu/contracts';
import { isDispatchedAgency, isOffice, isSupervisionOffice, type Actor } from '@jiandu/access';
import type { PoolClient } from 'pg';
import { callMetadata, executeCommand, fromStored, type RpcCall, type RpcRoute, type ServiceContext } from '@jiandu/runtime';
import { clueHistory } from './domain/clue-history.js';
import type { ClueCommand, ClueEvent } from './domain/problem-clue.js';
import { projectClueEvent, queryLedger, toSummary } from './clue-ledger/clue-ledger.projection.js';
import { clueDecider, clueStream } from './on-petition-transferred.reactor.js';
import { registryCommands } from './handlers/registry.handler.js';
import { registryQueries } from './queries/registry.query.js';

function route<P>(operation: RpcRoute['operation'], handle: (call: RpcCall<P>, tx: PoolClient) => Promise<unknown>): RpcRoute {
  return { operation, handle: handle as RpcRoute['handle'] };
}


const CLUE = { zh: '问题线索', en: 'problem clue' };
const notVisible = () => new DomainException(forbidden('FORBIDDEN_OFFICE', { zh: '无权查看问题线索', en: 'you may not read problem clues' }));

/** 案管 and leadership see every clue; a 纪检监察室 or 派驻机构 only those assigned to it (issue #3). */
function ledgerScope(actor: Actor): { all: true } | { office: string } {
  if (isOffice(actor, 'case-management', 'leadership')) return { all: true };
  if (isSupervisionOffice(actor) || isDispatchedAgency(actor)) return { office: actor.office };
  throw notVisible();
}

export function caseManagementRpc(ctx: ServiceContext): RpcRoute[] {
  const { store, pool } = ctx;
  const schema = store.schema;

  /** A clue command and its ledger row, in the call's transaction. */
  const clueCommand = async (call: RpcCall<{ clueId: string }>, tx: PoolClient, command: ClueCommand) => {
    const occurredAt = ctx.now().toISOString();
    const result = await executeCommand(store, clueDecider, clueStream(call.payload.clueId), command, {
      context: { now: new Date(occurredAt), actor: call.actor },
      metadata: { ...callMetadata(call), occurredAt },
      tx,
    });
    for (const event of result.events) await projectClueEvent(tx, schema, event, occurredAt);
    const { rows } = await tx.query<{ status: string }>(`SELECT status FROM ${schema}.clue_ledger WHERE clue_id = $1`, [call.payload.clueId]);
    return { id: call.payload.clueId, status: rows[0]?.status ?? 'unknown' };
  };

  return [
    ...registryCommands(ctx),
    ...registryQueries(ctx),
    route<ListCluesRequest>(ops.listClues, async (call) => {
      const scope = ledgerScope(call.actor);
      return queryLedger(pool, schema, call.payload, 'office' in scope ? scope.office : undefined);
    }),
    route<{ clueId: string }>(ops.getClue, async (call) => {
      const scope = ledgerScope(call.actor);
      const page = await queryLedgerRow(call.payload.clueId);
      // Another office's clue answers "not found": its existence is need-to-know too.
      if (!page || ('office' in scope && page.assignedOffice !== scope.office)) throw new DomainException(notFound(CLUE, 'CLUE_NOT_FOUND'));
      const events = await store.readStream(clueStream(call.payload.clueId));
      const history = clueHistory(events.map((e) => ({ event: fromStored<ClueEvent>(e), metadata: e.metadata })));
      return { ...page, history: history.map((h) => ({ type: h.what, at: h.at, actor: h.by })) };
    }),
    route<{ clueId: string; kind: 'inquiry' | 'verification' | 'shelve' | 'close'; reason: string }>(ops.proposeDisposition, (call, tx) =>
      clueCommand(call, tx, { type: 'ProposeDisposition', data: call.payload }),
    ),
    route<{ clueId: string; note?: string }>(ops.approveDisposition, (call, tx) => clueCommand(call, tx, { type: 'ApproveDisposition', data: call.payload })),
    route<{ clueId: string; note: string }>(ops.rejectDisposition, (call, tx) => clueCommand(call, tx, { type: 'RejectDisposition', data: call.payload })),
  ];

  async function queryLedgerRow(clueId: string) {
    const { rows } = await pool.query(
      `SELECT clue_id, number, status, source, unit_id, assigned_office, registered_at,
              to_char(disposition_deadline, 'YYYY-MM-DD') AS disposition_deadline, disposition
         FROM ${schema}.clue_ledger WHERE clue_id = $1`,
      [clueId],
    );
    return rows[0] ? toSummary(rows[0]) : undefined;
  }
}
