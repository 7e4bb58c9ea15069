// The integrity files' commands: a cadre's stream (`cadre-<id>`) and an access request's
// (`integrity-access-<id>`), each decided, appended and projected in one transaction. A read is
// recorded in a transaction of its own, granted or refused, before the refusal is answered: a
// refused read leaves its record (the RPC server would roll a refused command back, so the read is
// a query operation that writes its record itself).
import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { domainError, DomainException, type integrityOperations as ops } from '@jiandu/contracts';
import { withTransaction, type PostgresEventStore } from '@jiandu/event-store';
import { executeCommand, type Handler, type ServiceContext } from '@jiandu/runtime';
import {
  accessDecider,
  accessStream,
  READ_REFUSALS,
  type AccessCommand,
  type IntegrityFileAccessRefused,
} from '../domain/integrity-access.js';
import {
  cadreDecider,
  cadreStream,
  DEFAULT_INTEGRITY_FILE_MONTHS,
  type CadreCommand,
  type EntryFacts,
} from '../domain/integrity-file.js';
import {
  projectAccessEvents,
  projectCadreEvents,
  type AccessRequestRow,
  type CadreRow,
} from '../projections/integrity.projection.js';
import { CADRE_COLUMNS, readCadre, readIntegrityFile, toAccessRequest } from '../queries/integrity.queries.js';
import { issuedByCall, issuedOnEvent, type Issued, type SystemActor } from './clue.commands.js';

export interface IntegrityLimits {
  /** INTEGRITY_FILE_MONTHS. */
  months: number;
}

/** The system actor that appends entries from other offices' events. */
export const INTEGRITY_RECORDER = {
  sub: 'system:case-management',
  name: '案管室据办理结果记载廉政档案',
  office: 'case-management',
} satisfies SystemActor;

const cadreNotFound = () =>
  new DomainException(domainError('CADRE_NOT_FOUND', 404, { zh: '未找到该干部', en: 'cadre not found' }));

/** 回避: the cadre's own account and the declared relatives'. */
export const recusedFrom = (cadre: Pick<CadreRow, 'staff_sub' | 'relative_subs'>, sub: string): boolean =>
  cadre.staff_sub === sub || cadre.relative_subs.includes(sub);

export async function runCadreCommand(
  store: PostgresEventStore,
  tx: PoolClient,
  command: CadreCommand,
  issued: Issued,
  limits: IntegrityLimits = { months: DEFAULT_INTEGRITY_FILE_MONTHS },
) {
  const result = await executeCommand(store, cadreDecider, cadreStream(command.data.cadreId), command, {
    context: { ...issued.context, config: { months: limits.months } },
    metadata: issued.metadata,
    tx,
  });
  await projectCadreEvents(tx, store, result.events, issued.metadata.occurredAt, limits);
  return result;
}

async function runAccessCommand(
  store: PostgresEventStore,
  tx: PoolClient,
  requestId: string,
  command: AccessCommand,
  issued: Issued,
) {
  const result = await executeCommand(store, accessDecider, accessStream(requestId), command, { ...issued, tx });
  await projectAccessEvents(tx, store.schema, result.events);
  return result;
}

/** Serialises, per clue, a link and the entries about that clue that arrive meanwhile. */
export const lockClueSubject = (tx: PoolClient, clueId: string) =>
  tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`integrity-clue:${clueId}`]);

/** Appends an entry from an event to the cadre's file, as the system (the decider drops a repeated event). */
export async function appendEntry(
  store: PostgresEventStore,
  tx: PoolClient,
  cadreId: string,
  entry: EntryFacts,
  issued: Issued,
  limits?: IntegrityLimits,
): Promise<number> {
  const { events } = await runCadreCommand(store, tx, { type: 'AppendIntegrityEntry', data: { cadreId, entry } }, issued, limits);
  return events.length;
}

async function cadreRow(db: Pool | PoolClient, schema: string, cadreId: string): Promise<CadreRow | undefined> {
  const { rows } = await db.query<CadreRow>(`SELECT ${CADRE_COLUMNS} FROM ${schema}.cadres WHERE cadre_id = $1`, [cadreId]);
  return rows[0];
}

async function requestRow(db: Pool | PoolClient, schema: string, requestId: string): Promise<AccessRequestRow | undefined> {
  const { rows } = await db.query<AccessRequestRow>(`SELECT * FROM ${schema}.integrity_access_requests WHERE request_id = $1`, [
    requestId,
  ]);
  return rows[0];
}

export interface IntegrityCommands {
  registerCadre: Handler<typeof ops.registerCadre>;
  completeIntegrityFile: Handler<typeof ops.completeIntegrityFile>;
  linkClueToCadre: Handler<typeof ops.linkClueToCadre>;
  requestIntegrityFileAccess: Handler<typeof ops.requestIntegrityFileAccess>;
  approveIntegrityFileAccess: Handler<typeof ops.approveIntegrityFileAccess>;
  rejectIntegrityFileAccess: Handler<typeof ops.rejectIntegrityFileAccess>;
  readIntegrityFile: Handler<typeof ops.readIntegrityFile>;
}

export function integrityCommands(
  { store, pool, now }: Pick<ServiceContext, 'store' | 'pool' | 'now'>,
  limits: IntegrityLimits = { months: DEFAULT_INTEGRITY_FILE_MONTHS },
): IntegrityCommands {
  const schema = store.schema;
  return {
    async registerCadre(call, tx) {
      const issued = issuedByCall(call, now());
      const { id, name, unitId, position, level, staffSub, relativeSubs = [] } = call.payload;
      const unit = await tx.query(`SELECT 1 FROM ${schema}.registry_units WHERE unit_id = $1`, [unitId]);
      if (unit.rowCount === 0)
        throw new DomainException(domainError('UNIT_NOT_FOUND', 404, { zh: '未找到该单位', en: 'unit not found' }));
      const cadreId = id ?? `cadre-${randomUUID()}`;
      const data = { cadreId, name, unitId, position, level, ...(staffSub === undefined ? {} : { staffSub }), relativeSubs };
      await runCadreCommand(
        store,
        tx,
        { type: 'RegisterCadre', data: { ...data, relativeSubs: [...relativeSubs] } },
        issued,
        limits,
      );
      const cadre = await readCadre(tx, schema, cadreId);
      if (!cadre) throw new Error(`cadre ${cadreId} was not written`);
      return cadre;
    },
    async completeIntegrityFile(call, tx) {
      const issued = issuedByCall(call, now());
      const { cadreId } = call.payload;
      await runCadreCommand(store, tx, { type: 'CompleteIntegrityFile', data: { cadreId } }, issued, limits);
      return { id: cadreId, status: 'complete' };
    },
    async linkClueToCadre(call, tx) {
      const issued = issuedByCall(call, now());
      const { clueId, cadreId } = call.payload;
      await lockClueSubject(tx, clueId);
      const clue = await tx.query(`SELECT 1 FROM ${schema}.clue_ledger WHERE clue_id = $1`, [clueId]);
      if (clue.rowCount === 0)
        throw new DomainException(domainError('CLUE_NOT_FOUND', 404, { zh: '未找到该问题线索', en: 'clue not found' }));
      const linked = await tx.query<{ cadre_id: string }>(`SELECT cadre_id FROM ${schema}.cadre_clues WHERE clue_id = $1`, [
        clueId,
      ]);
      const linkedTo = linked.rows[0]?.cadre_id;
      await runCadreCommand(
        store,
        tx,
        { type: 'LinkClue', data: { cadreId, clueId, ...(linkedTo === undefined ? {} : { linkedTo }) } },
        issued,
        limits,
      );
      // The entries about this clue that waited for its subject: appended now, as the system, in order.
      const { rows: pending } = await tx.query<{ source_event_id: string; entry: EntryFacts }>(
        `WITH gone AS (DELETE FROM ${schema}.integrity_pending WHERE clue_id = $1 RETURNING source_event_id, entry, seq)
         SELECT source_event_id, entry FROM gone ORDER BY seq`,
        [clueId],
      );
      let appended = 0;
      for (const row of pending) {
        // Caused by the event the entry comes from, in the link's correlation.
        const onEvent = issuedOnEvent(
          INTEGRITY_RECORDER,
          { eventId: row.source_event_id, metadata: issued.metadata },
          issued.context.now,
        );
        appended += await appendEntry(store, tx, cadreId, row.entry, onEvent, limits);
      }
      return { clueId, cadreId, entriesAppended: appended };
    },
    async requestIntegrityFileAccess(call, tx) {
      const issued = issuedByCall(call, now());
      const { cadreId, reason } = call.payload;
      const requestId = `ia-${randomUUID()}`;
      const cadreExists = (await cadreRow(tx, schema, cadreId)) !== undefined;
      await runAccessCommand(
        store,
        tx,
        requestId,
        { type: 'RequestAccess', data: { requestId, cadreId, reason, cadreExists } },
        issued,
      );
      const row = await requestRow(tx, schema, requestId);
      if (!row) throw new Error(`access request ${requestId} was not written`);
      return toAccessRequest(row);
    },
    async approveIntegrityFileAccess(call, tx) {
      const issued = issuedByCall(call, now());
      const { requestId, note } = call.payload;
      const request = await requestRow(tx, schema, requestId);
      const cadre = request && (await cadreRow(tx, schema, request.cadre_id));
      const recused = cadre !== undefined && recusedFrom(cadre, call.actor.sub);
      await runAccessCommand(
        store,
        tx,
        requestId,
        { type: 'ApproveAccess', data: { requestId, ...(note === undefined ? {} : { note }), recused } },
        issued,
      );
      return { id: requestId, status: 'approved' };
    },
    async rejectIntegrityFileAccess(call, tx) {
      const issued = issuedByCall(call, now());
      const { requestId, note } = call.payload;
      await runAccessCommand(store, tx, requestId, { type: 'RejectAccess', data: { requestId, note } }, issued);
      return { id: requestId, status: 'rejected' };
    },
    async readIntegrityFile(call) {
      const issued = issuedByCall(call, now());
      const { cadreId, accessRequest: requestId } = call.payload;
      // The read's record commits whatever the answer; a refusal is answered after it.
      const outcome = await withTransaction(pool, async (tx) => {
        const cadre = await cadreRow(tx, schema, cadreId);
        if (!cadre) throw cadreNotFound();
        const recused = recusedFrom(cadre, call.actor.sub);
        const { events } = await runAccessCommand(
          store,
          tx,
          requestId,
          { type: 'ReadFile', data: { requestId, cadreId, recused } },
          issued,
        );
        const refused = events.find((e): e is IntegrityFileAccessRefused => e.type === 'IntegrityFileAccessRefused');
        if (refused) return refused.data.code;
        const file = await readIntegrityFile(tx, schema, cadreId, requestId);
        if (!file) throw cadreNotFound();
        return file;
      });
      if (typeof outcome === 'string') throw new DomainException(READ_REFUSALS[outcome]);
      return outcome;
    },
  };
}
