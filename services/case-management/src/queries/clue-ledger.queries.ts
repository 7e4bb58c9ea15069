// The clue ledger's operations: the list (台账) and one clue with its history. They read the
// ledger projection's rows on the pool (no transaction), scoped by who asks, and answer the
// contract's ClueList and Clue.
import type { Pool } from 'pg';
import { authorize, isDispatchedAgency, isSupervisionOffice, seesAllZones, type Actor, type OperationName } from '@jiandu/access';
import {
  DomainException,
  forbidden,
  notFound,
  PROBLEM_CATEGORIES,
  type caseManagementOperations as ops,
  type ClueSummary,
  type ListCluesRequest,
} from '@jiandu/contracts';
import { fromStored, type Handler, type ServiceContext } from '@jiandu/runtime';
import { clueHistory } from '../domain/clue-history.js';
import { clueStream, type ClueEvent } from '../domain/problem-clue.js';
import type { ClueLedgerRow } from '../projections/clue-ledger.projection.js';

const CLUE = { zh: '问题线索', en: 'problem clue' };
const notVisible = () =>
  new DomainException(forbidden('FORBIDDEN_OFFICE', { zh: '无权查看问题线索', en: 'you may not read problem clues' }));

/**
 * Who reads which clues, from the access library (not a second list): the operation's rule says
 * which offices may read at all (ACCESS_POLICY); those that see every zone (案管, 党风政风监督室,
 * leadership: `seesAllZones`) read every clue; a 纪检监察室 or 派驻机构 only those assigned to it (issue #3).
 */
function ledgerScope(
  operation: Extract<OperationName, 'list-clues' | 'get-clue'>,
  actor: Actor,
): { all: true } | { office: string } {
  if (!authorize(operation, actor).ok) throw notVisible();
  if (seesAllZones(actor)) return { all: true };
  if (isSupervisionOffice(actor) || isDispatchedAgency(actor)) return { office: actor.office };
  throw notVisible();
}

export interface ClueLedgerQueries {
  listClues: Handler<typeof ops.listClues>;
  getClue: Handler<typeof ops.getClue>;
}

export function clueLedgerQueries({ store, pool }: Pick<ServiceContext, 'store' | 'pool'>): ClueLedgerQueries {
  const schema = store.schema;
  return {
    async listClues(call) {
      const scope = ledgerScope('list-clues', call.actor);
      return queryLedger(pool, schema, call.payload, 'office' in scope ? scope.office : undefined);
    },
    async getClue(call) {
      const scope = ledgerScope('get-clue', call.actor);
      const summary = await ledgerRow(pool, schema, call.payload.clueId);
      // Another office's clue answers "not found": its existence is need-to-know too.
      if (!summary || ('office' in scope && summary.assignedOffice !== scope.office))
        throw new DomainException(notFound(CLUE, 'CLUE_NOT_FOUND'));
      const events = await store.readStream(clueStream(call.payload.clueId));
      const history = clueHistory(events.map((e) => ({ event: fromStored<ClueEvent>(e), metadata: e.metadata })));
      return { ...summary, history: history.map((h) => ({ type: h.what, at: h.at, actor: h.by })) };
    },
  };
}

const COLUMNS = `clue_id, number, status, source, source_ref, unit_id, zone_id, categories, category, assigned_office, registered_at,
                 to_char(disposition_deadline, 'YYYY-MM-DD') AS disposition_deadline, disposition`;

async function ledgerRow(pool: Pool, schema: string, clueId: string): Promise<ClueSummary | undefined> {
  const { rows } = await pool.query<ClueLedgerRow>(`SELECT ${COLUMNS} FROM ${schema}.clue_ledger WHERE clue_id = $1`, [clueId]);
  return rows[0] && toSummary(rows[0]);
}

/** `onlyOffice` narrows a supervision office or agency to its own clues, whatever filter it asked for. */
async function queryLedger(
  pool: Pool,
  schema: string,
  filter: ListCluesRequest,
  onlyOffice?: string,
): Promise<{ items: ClueSummary[]; total: number }> {
  const { where, values } = ledgerFilter(filter, onlyOffice);
  const page = filter.page ?? 1;
  const pageSize = filter.pageSize ?? 20;
  const { rows } = await pool.query<ClueLedgerRow & { total: string }>(
    `SELECT ${COLUMNS}, count(*) OVER () AS total
       FROM ${schema}.clue_ledger ${where}
      ORDER BY registered_at DESC, number DESC
      LIMIT $${values.length + 1} OFFSET $${values.length + 2}`,
    [...values, pageSize, (page - 1) * pageSize],
  );
  if (rows.length > 0) return { items: rows.map(toSummary), total: Number(rows[0]!.total) };
  // Past the last page the window count is not there: count alone.
  if (page === 1) return { items: [], total: 0 };
  const count = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.clue_ledger ${where}`, values);
  return { items: [], total: Number(count.rows[0]!.n) };
}

/** The WHERE clause of a list request and its parameters ($1…). */
function ledgerFilter(filter: ListCluesRequest, onlyOffice: string | undefined): { where: string; values: unknown[] } {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    values.push(value);
    conditions.push(sql.replace('?', `$${values.length}`));
  };
  if (onlyOffice !== undefined) add('assigned_office = ?', onlyOffice);
  if (filter.office) add('assigned_office = ?', filter.office);
  if (filter.status) add('status = ?', filter.status);
  if (filter.unitId) add('unit_id = ?', filter.unitId);
  if (filter.zoneId) add('zone_id = ?', filter.zoneId);
  if (filter.source) add('source = ?', filter.source);
  // A code or any code beneath it ('integrity' finds 'eight-rules.banqueting'), by the list's parents.
  if (filter.category) add('categories && ?::text[]', categoryWithDescendants(filter.category));
  // Dates are China calendar days: a clue registered at 01:00 Beijing time belongs to that day.
  if (filter.from) add(`registered_at >= (?::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`, filter.from);
  if (filter.to) add(`registered_at < ((?::date) + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`, filter.to);
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', values };
}

/** The code and every code beneath it in the category list (libs/contracts/src/api/categories.ts). */
export function categoryWithDescendants(code: string): string[] {
  const found = [code];
  for (let i = 0; i < found.length; i++) {
    for (const c of PROBLEM_CATEGORIES as readonly { code: string; parent?: string }[]) {
      if (c.parent === found[i] && !found.includes(c.code)) found.push(c.code);
    }
  }
  return found;
}

function toSummary(row: ClueLedgerRow): ClueSummary {
  return {
    id: row.clue_id,
    number: row.number,
    status: row.status,
    source: row.source,
    reference: row.source_ref,
    unitId: row.unit_id,
    zoneId: row.zone_id,
    categories: row.categories,
    ...(row.category === null ? {} : { category: row.category }),
    assignedOffice: row.assigned_office ?? '',
    registeredAt: row.registered_at.toISOString(),
    dispositionDeadline: row.disposition_deadline ?? '',
    ...(row.disposition ? { disposition: row.disposition } : {}),
  };
}
