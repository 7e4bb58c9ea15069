// The clue ledger (台账), kept in the same transaction as the clue's events, so the register
// never shows a clue its events do not.
import type { PoolClient } from 'pg';
import type { HandlingStatus } from '../domain/clue-outcomes.js';
import type { ClueEvent } from '../domain/problem-clue.js';

const STATUS_AFTER_APPROVAL = { inquiry: 'in-inquiry', verification: 'in-verification', shelve: 'shelved', close: 'closed' } as const;
const LEDGER_STATUS: Record<HandlingStatus, string> = {
  InInquiry: 'in-inquiry',
  InVerification: 'in-verification',
  Shelved: 'shelved',
  Closed: 'closed',
  ToInvestigation: 'to-investigation',
};

export async function projectClueEvent(tx: PoolClient, schema: string, event: ClueEvent, occurredAt: string): Promise<void> {
  const ledger = `${schema}.clue_ledger`;
  switch (event.type) {
    case 'ClueRegistered': {
      const d = event.data;
      await tx.query(
        `INSERT INTO ${ledger} (clue_id, number, status, source, source_ref, unit_id, zone_id, registered_at, updated_at)
         VALUES ($1, $2, 'registered', $3, $4, $5, $6, $7, $8)`,
        [d.clueId, d.number, d.source, d.sourceRef, d.unitId, d.zoneId, d.registeredAt, occurredAt],
      );
      return;
    }
    case 'ClueAssigned':
      await tx.query(
        `UPDATE ${ledger} SET status = 'assigned', assigned_office = $2, disposition_deadline = $3, updated_at = $4 WHERE clue_id = $1`,
        [event.data.clueId, event.data.assignedOffice, event.data.dispositionDeadline, occurredAt],
      );
      return;
    case 'DispositionProposed':
      await tx.query(`UPDATE ${ledger} SET status = 'disposition-proposed', disposition = $2, updated_at = $3 WHERE clue_id = $1`, [
        event.data.clueId,
        { kind: event.data.kind, reason: event.data.reason, decision: 'pending' },
        occurredAt,
      ]);
      return;
    case 'DispositionRejected':
      await tx.query(
        `UPDATE ${ledger} SET status = 'assigned', disposition = disposition || $2::jsonb, updated_at = $3 WHERE clue_id = $1`,
        [event.data.clueId, { decision: 'rejected', note: event.data.note }, occurredAt],
      );
      return;
    case 'DispositionApproved':
      await tx.query(`UPDATE ${ledger} SET status = $2, disposition = disposition || $3::jsonb, updated_at = $4 WHERE clue_id = $1`, [
        event.data.clueId,
        STATUS_AFTER_APPROVAL[event.data.kind],
        event.data.note === undefined ? { decision: 'approved' } : { decision: 'approved', note: event.data.note },
        occurredAt,
      ]);
      return;
    case 'ClueOutcomeRecorded':
      await tx.query(`UPDATE ${ledger} SET status = $2, updated_at = $3 WHERE clue_id = $1`, [
        event.data.clueId,
        LEDGER_STATUS[event.data.status],
        occurredAt,
      ]);
      return;
    case 'ClueShelved':
    case 'ClueClosed':
      return; // the approval already set the status
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

export interface LedgerFilter {
  status?: string;
  office?: string;
  unitId?: string;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

interface LedgerRow {
  clue_id: string;
  number: string;
  status: string;
  source: string;
  unit_id: string;
  assigned_office: string | null;
  registered_at: Date;
  disposition_deadline: string | null;
  disposition: Record<string, unknown> | null;
  total: string;
}

/** `onlyOffice` narrows a supervision office or agency to its own clues, whatever filter it asked for. */
export async function queryLedger(db: { query: PoolClient['query'] }, schema: string, filter: LedgerFilter, onlyOffice?: string) {
  const where: string[] = [];
  const values: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    values.push(value);
    where.push(sql.replace('?', `$${values.length}`));
  };
  if (onlyOffice !== undefined) add('assigned_office = ?', onlyOffice);
  if (filter.office) add('assigned_office = ?', filter.office);
  if (filter.status) add('status = ?', filter.status);
  if (filter.unitId) add('unit_id = ?', filter.unitId);
  // Dates are China calendar days: a clue registered at 01:00 Beijing time belongs to that day.
  if (filter.from) add(`registered_at >= (?::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`, filter.from);
  if (filter.to) add(`registered_at < ((?::date) + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`, filter.to);
  const page = filter.page ?? 1;
  const pageSize = filter.pageSize ?? 20;
  values.push(pageSize, (page - 1) * pageSize);
  const { rows } = await db.query<LedgerRow>(
    `SELECT clue_id, number, status, source, unit_id, assigned_office, registered_at,
            to_char(disposition_deadline, 'YYYY-MM-DD') AS disposition_deadline, disposition, count(*) OVER () AS total
       FROM ${schema}.clue_ledger
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY registered_at DESC, number DESC
      LIMIT $${values.length - 1} OFFSET $${values.length}`,
    values,
  );
  let total = rows.length ? Number(rows[0]!.total) : 0;
  if (!rows.length && page > 1) {
    const count = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${schema}.clue_ledger ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
      values.slice(0, -2),
    );
    total = Number(count.rows[0]!.n);
  }
  return { items: rows.map(toSummary), total };
}

export function toSummary(row: Omit<LedgerRow, 'total'>) {
  return {
    id: row.clue_id,
    number: row.number,
    status: row.status,
    source: row.source,
    unitId: row.unit_id,
    assignedOffice: row.assigned_office ?? '',
    registeredAt: row.registered_at.toISOString(),
    dispositionDeadline: row.disposition_deadline ?? '',
    ...(row.disposition ? { disposition: row.disposition } : {}),
  };
}
