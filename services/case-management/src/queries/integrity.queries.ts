// The integrity files' rows as the contract answers them: a cadre's file summary (no name: the name
// is shown only in a recorded, approved read), an access request, and the whole file for a read
// (commands/integrity.commands.ts records the read before answering with it).
import type { Pool, PoolClient } from 'pg';
import type { Actor } from '@jiandu/access';
import type {
  Cadre,
  CadreLevel,
  IntegrityEntry,
  IntegrityFile,
  IntegrityFileAccessRequest,
  integrityOperations as ops,
} from '@jiandu/contracts';
import type { Handler, ServiceContext } from '@jiandu/runtime';
import type { Static } from '@sinclair/typebox';
import type { AccessRequestRow, CadreRow, EntryRow } from '../projections/integrity.projection.js';

type Db = Pool | PoolClient;

/** The file's row, its dates as ISO days. */
export const CADRE_COLUMNS = `cadre_id, name, unit_id, position, level, staff_sub, relative_subs, file_status,
  to_char(opened_on, 'YYYY-MM-DD') AS opened_on, to_char(due_on, 'YYYY-MM-DD') AS due_on,
  to_char(completed_on, 'YYYY-MM-DD') AS completed_on, entry_count`;

export function toCadre(row: CadreRow): Static<typeof Cadre> {
  return {
    id: row.cadre_id,
    unitId: row.unit_id,
    position: row.position,
    level: row.level as CadreLevel,
    fileStatus: row.file_status,
    openedOn: row.opened_on,
    dueOn: row.due_on,
    ...(row.completed_on === null ? {} : { completedOn: row.completed_on }),
    entryCount: row.entry_count,
  };
}

export async function readCadre(db: Db, schema: string, cadreId: string): Promise<Static<typeof Cadre> | undefined> {
  const { rows } = await db.query<CadreRow>(`SELECT ${CADRE_COLUMNS} FROM ${schema}.cadres WHERE cadre_id = $1`, [cadreId]);
  return rows[0] && toCadre(rows[0]);
}

export function toAccessRequest(row: AccessRequestRow): Static<typeof IntegrityFileAccessRequest> {
  return {
    id: row.request_id,
    cadreId: row.cadre_id,
    status: row.status,
    reason: row.reason,
    requestedBy: { office: row.requester_office },
    requestedAt: row.requested_at.toISOString(),
    ...(row.decided_at === null ? {} : { decidedAt: row.decided_at.toISOString() }),
    reads: row.reads,
  };
}

export function toEntry(row: EntryRow): Static<typeof IntegrityEntry> {
  const {
    entryId,
    kind,
    sourceType,
    sourceRef,
    clueId,
    clueNumber,
    occurredOn,
    corrects,
    outcome,
    measure,
    party,
    governmental,
    citations,
  } = row.entry;
  return {
    id: entryId,
    kind,
    sourceType,
    sourceRef,
    ...(clueId === undefined ? {} : { clueId }),
    ...(clueNumber === undefined ? {} : { clueNumber }),
    occurredOn,
    recordedAt: row.recorded_at.toISOString(),
    ...(corrects === undefined ? {} : { corrects }),
    ...(outcome === undefined ? {} : { outcome }),
    ...(measure === undefined ? {} : { measure }),
    ...(party === undefined ? {} : { party: party as Static<typeof IntegrityEntry>['party'] & object }),
    ...(governmental === undefined
      ? {}
      : { governmental: governmental as Static<typeof IntegrityEntry>['governmental'] & object }),
    ...(citations === undefined ? {} : { citations: citations.map((c) => ({ kind: c.kind, number: c.number })) }),
  };
}

/** The whole file, entries in the order they were appended. */
export async function readIntegrityFile(
  db: Db,
  schema: string,
  cadreId: string,
  requestId: string,
): Promise<Static<typeof IntegrityFile> | undefined> {
  const { rows } = await db.query<CadreRow>(`SELECT ${CADRE_COLUMNS} FROM ${schema}.cadres WHERE cadre_id = $1`, [cadreId]);
  const row = rows[0];
  if (!row) return undefined;
  const entries = await db.query<EntryRow>(
    `SELECT entry_id, seq, entry, recorded_at FROM ${schema}.integrity_entries WHERE cadre_id = $1 ORDER BY seq`,
    [cadreId],
  );
  const cadre = toCadre(row);
  return {
    cadre: { id: row.cadre_id, name: row.name, unitId: row.unit_id, position: row.position, level: cadre.level },
    status: cadre.fileStatus,
    openedOn: cadre.openedOn,
    dueOn: cadre.dueOn,
    ...(cadre.completedOn === undefined ? {} : { completedOn: cadre.completedOn }),
    entries: entries.rows.map(toEntry),
    accessRequest: requestId,
  };
}

/** Leadership, which decides them, sees every request; 案管 and 党风政风监督室 their own. */
const seesEveryRequest = (actor: Actor) => actor.office === 'leadership';

export function integrityQueries({ store, pool }: Pick<ServiceContext, 'store' | 'pool'>) {
  const listIntegrityFileAccessRequests: Handler<typeof ops.listIntegrityFileAccessRequests> = async (call) => {
    const { status, cadreId, page = 1, pageSize = 20 } = call.payload;
    const conditions: string[] = [];
    const values: unknown[] = [];
    const where = (sql: string, value: unknown) => {
      values.push(value);
      conditions.push(sql.replace('?', `$${values.length}`));
    };
    if (!seesEveryRequest(call.actor)) where('requester_sub = ?', call.actor.sub);
    if (status !== undefined) where('status = ?', status);
    if (cadreId !== undefined) where('cadre_id = ?', cadreId);
    const clause = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const table = `${store.schema}.integrity_access_requests`;
    const { rows } = await pool.query<AccessRequestRow>(
      `SELECT * FROM ${table} ${clause} ORDER BY requested_at DESC, request_id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      values,
    );
    const count = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} ${clause}`, values);
    return { items: rows.map(toAccessRequest), total: Number(count.rows[0]?.n ?? 0) };
  };
  return { listIntegrityFileAccessRequests };
}
