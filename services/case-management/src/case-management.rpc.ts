// Case management's request/reply operations: the unit and zone registry, the clue ledger, and
// disposition proposals and approvals. Clue commands update the ledger in the same transaction.
import { chinaDate } from '@jiandu/calendar';
import { caseManagementOperations as ops, DomainException, forbidden, notFound, type ListCluesRequest } from '@jiandu/contracts';
import { isDispatchedAgency, isOffice, isSupervisionOffice, type Actor } from '@jiandu/access';
import type { PoolClient } from 'pg';
import { callMetadata, executeCommand, fromStored, type RpcCall, type RpcRoute, type ServiceContext } from '@jiandu/runtime';
import { clueHistory } from './domain/clue-history.js';
import type { ClueCommand, ClueEvent } from './domain/problem-clue.js';
import type { RegistryCommand } from './domain/registry.js';
import { projectClueEvent, queryLedger, toSummary } from './clue-ledger/clue-ledger.projection.js';
import { clueDecider, clueStream, registryDecider } from './on-petition-transferred.reactor.js';
import { listRegistry, projectRegistryEvents, registrySnapshot, unitStream, zoneStream } from './registry/registry.projection.js';

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

  /** A registry command on its zone's or unit's own stream, decided on the rows it needs, read in the call's transaction. */
  const registryCommand = async (call: RpcCall<unknown>, tx: PoolClient, command: RegistryCommand) => {
    const stream = command.type === 'RegisterZone' ? zoneStream(command.data.zoneId) : unitStream(command.data.unitId);
    const { registry, versions } = await registrySnapshot(tx, schema, {
      zoneIds: [command.data.zoneId],
      unitIds: command.type === 'RegisterZone' ? [] : [command.data.unitId],
    });
    const result = await executeCommand(store, registryDecider, stream, command, {
      context: { now: ctx.now(), actor: call.actor },
      metadata: callMetadata(call),
      tx,
      snapshot: { state: registry, version: versions.get(stream) ?? 0 },
    });
    await projectRegistryEvents(tx, schema, result.events, result.version);
  };

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
    route<{ id: string; name: string; office: string }>(ops.registerZone, async (call, tx) => {
      const { id, name, office } = call.payload;
      await registryCommand(call, tx, { type: 'RegisterZone', data: { zoneId: id, name, office } });
      return { id, name, office };
    }),
    route<{ id: string; name: string; zoneId: string; staffCount: number }>(ops.registerUnit, async (call, tx) => {
      const { id, name, zoneId, staffCount } = call.payload;
      await registryCommand(call, tx, { type: 'RegisterUnit', data: { unitId: id, name, zoneId, staffCount } });
      return { id, name, zoneId, staffCount };
    }),
    route<{ unitId: string; zoneId: string; effectiveFrom?: string }>(ops.moveUnit, async (call, tx) => {
      const { unitId, zoneId } = call.payload;
      const effectiveFrom = call.payload.effectiveFrom ?? chinaDate(ctx.now());
      await registryCommand(call, tx, { type: 'MoveUnit', data: { unitId, zoneId, effectiveFrom } });
      return { unitId, zoneId, effectiveFrom };
    }),
    route(ops.listZones, async () => ({ items: (await listRegistry(pool, schema)).zones })),
    route(ops.listUnits, async () => ({ items: (await listRegistry(pool, schema)).units })),
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
