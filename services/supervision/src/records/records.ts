// The office lists (台账) of the supervision service, kept in the same transaction as the events,
// with the clocks those events start and stop.
import type { Pool, PoolClient } from 'pg';
import type { Actor } from '@jiandu/access';
import { extendClock, ruleText, startClock, stopClock, type DueLimit } from '@jiandu/deadlines';
import type { DomainEvent } from '@jiandu/runtime';
import type { Kind, KindName, RecordRow } from './kinds.js';

export async function upsertRecord(tx: PoolClient, schema: string, kind: KindName, id: string, row: RecordRow, at: string): Promise<void> {
  await tx.query(
    `INSERT INTO ${schema}.records (kind, id, status, office, unit_id, clue_id, clue_number, due_on, facts, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
     ON CONFLICT (kind, id) DO UPDATE SET status = $3, office = $4, unit_id = $5, clue_id = $6, clue_number = $7,
       due_on = $8, facts = $9, updated_at = $10`,
    [kind, id, row.status, row.office, row.unitId ?? null, row.clueId ?? null, row.clueNumber ?? null, row.dueOn ?? null, row.facts, at],
  );
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** Starts, stops and extends the clocks the new events call for. */
export async function applyClocks(tx: PoolClient, schema: string, kind: Kind<never>, events: DomainEvent[], row: RecordRow): Promise<void> {
  for (const event of events) {
    for (const effect of kind.clocks(event)) {
      if ('start' in effect) {
        const { id, measures, what, limit, startedOn, dueOn, subject } = effect.start;
        const chosen: DueLimit = limit ?? { days: Math.max(1, daysBetween(startedOn, dueOn)) };
        await startClock(tx, schema, {
          id,
          measures,
          rule: limit ? ruleText(what, limit) : `${what}（期限 ${dueOn}）`,
          limit: chosen,
          startedOn,
          subject,
          office: row.office,
          ...(row.unitId ? { unitId: row.unitId } : {}),
        });
      } else if ('stop' in effect) {
        await stopClock(tx, schema, effect.stop.id, effect.stop.on);
      } else {
        await extendClock(tx, schema, effect.extend.id, effect.extend.dueOn, `${effect.extend.what}（至 ${effect.extend.dueOn}）`);
      }
    }
  }
}

/** Who sees which rows: 委领导, 党风政风监督室 and 案管 see all; an office sees what it handles. */
export function scopeOf(actor: Actor, kind: KindName | 'agency-report' | 'clock'): { all: true } | { office: string } {
  if (['leadership', 'conduct-office', 'case-management'].includes(actor.office)) return { all: true };
  if (kind === 'oversight-task' && actor.office === 'general-office') return { all: true };
  return { office: actor.office };
}

export interface RecordFilter {
  status?: string;
  office?: string;
  unitId?: string;
  page?: number;
  pageSize?: number;
  facts?: Record<string, string | undefined>;
}

export async function listRecords(db: Pool, schema: string, kind: string, filter: RecordFilter, scope: { all: true } | { office: string }) {
  const where = ['kind = $1'];
  const values: unknown[] = [kind];
  const add = (sql: string, value: unknown) => {
    values.push(value);
    where.push(sql.replace('?', `$${values.length}`));
  };
  if ('office' in scope) add('office = ?', scope.office);
  if (filter.office) add('office = ?', filter.office);
  if (filter.status) add('status = ?', filter.status);
  if (filter.unitId) add('unit_id = ?', filter.unitId);
  for (const [key, value] of Object.entries(filter.facts ?? {})) if (value !== undefined) add(`facts->>'${key.replace(/\W/g, '')}' = ?`, value);
  const page = filter.page ?? 1;
  const pageSize = filter.pageSize ?? 20;
  const { rows } = await db.query(
    `SELECT id, status, office, unit_id, clue_id, clue_number, to_char(due_on, 'YYYY-MM-DD') AS due_on, facts, created_at, updated_at,
            count(*) OVER () AS total
       FROM ${schema}.records WHERE ${where.join(' AND ')}
      ORDER BY updated_at DESC, id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
    values,
  );
  return { items: rows.map(toItem), total: rows.length ? Number(rows[0].total) : 0 };
}

export async function getRecord(db: Pool | PoolClient, schema: string, kind: string, id: string) {
  const { rows } = await db.query(
    `SELECT id, status, office, unit_id, clue_id, clue_number, to_char(due_on, 'YYYY-MM-DD') AS due_on, facts, created_at, updated_at
       FROM ${schema}.records WHERE kind = $1 AND id = $2`,
    [kind, id],
  );
  return rows[0] ? toItem(rows[0]) : undefined;
}

function toItem(row: Record<string, any>) {
  return {
    id: row.id,
    status: row.status,
    office: row.office,
    ...(row.unit_id ? { unitId: row.unit_id } : {}),
    ...(row.clue_id ? { clueId: row.clue_id, clueNumber: row.clue_number } : {}),
    ...(row.due_on ? { dueOn: row.due_on } : {}),
    ...row.facts,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
