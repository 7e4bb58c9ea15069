// The `records` table: one row per inquiry, verification, recommendation, rectification, oversight
// task, agency report, case or 加强监督建议书 (the offices' lists, 台账), written by the projections in the command's
// transaction. The columns every list filters on are columns; what each kind shows besides lives
// in `facts`, typed by the kind's projection (F).
import type { Pool, PoolClient } from 'pg';

export type RecordKind =
  | 'inquiry'
  | 'verification'
  | 'recommendation'
  | 'rectification'
  | 'oversight-task'
  | 'agency-report'
  | 'case'
  | 'supervision-advice';

export interface NewRecord<F> {
  id: string;
  status: string;
  office: string;
  unitId?: string;
  clueId?: string;
  clueNumber?: string;
  dueOn?: string;
  facts: F;
}

/** What an event changes: `dueOn: null` clears the due date; facts are merged into the row's. */
export interface RecordPatch<F> {
  status?: string;
  dueOn?: string | null;
  facts?: Partial<F>;
}

export interface StoredRecord<F> {
  id: string;
  status: string;
  office: string;
  unitId: string | null;
  clueId: string | null;
  clueNumber: string | null;
  dueOn: string | null;
  facts: F;
  createdAt: Date;
}

export interface RecordFilter {
  status?: string;
  office?: string;
  unitId?: string;
  /** Equality on a fact (e.g. a recommendation's kind); undefined values are ignored. */
  facts?: Record<string, string | number | undefined>;
  page?: number;
  pageSize?: number;
}

/** Who sees which rows: everything, one office's, or those of a few offices (none when the list is empty). */
export type RecordScope = { all: true } | { office: string } | { offices: readonly string[] };

interface Row {
  id: string;
  status: string;
  office: string;
  unit_id: string | null;
  clue_id: string | null;
  clue_number: string | null;
  due_on: string | null;
  facts: unknown;
  created_at: Date;
  total?: string;
}

const COLUMNS = `id, status, office, unit_id, clue_id, clue_number, to_char(due_on, 'YYYY-MM-DD') AS due_on, facts, created_at`;
const FACT_KEY = /^[A-Za-z]+$/;

/** The typed access to one kind's rows. */
export interface RecordsOf<F> {
  insert(tx: PoolClient, schema: string, row: NewRecord<F>, at: string): Promise<void>;
  patch(tx: PoolClient, schema: string, id: string, patch: RecordPatch<F>, at: string): Promise<void>;
  get(db: Pool | PoolClient, schema: string, id: string): Promise<StoredRecord<F> | undefined>;
  list(db: Pool, schema: string, filter: RecordFilter, scope: RecordScope): Promise<{ rows: StoredRecord<F>[]; total: number }>;
}

export function recordsOf<F extends object>(kind: RecordKind): RecordsOf<F> {
  const stored = (row: Row): StoredRecord<F> => ({
    id: row.id,
    status: row.status,
    office: row.office,
    unitId: row.unit_id,
    clueId: row.clue_id,
    clueNumber: row.clue_number,
    dueOn: row.due_on,
    // Written only by this kind's projection (and, before it, by the same columns' older rows).
    facts: (row.facts ?? {}) as F,
    createdAt: row.created_at,
  });
  return {
    async insert(tx, schema, row, at) {
      // A redelivered opening changes nothing: the row is the first event's.
      await tx.query(
        `INSERT INTO ${schema}.records (kind, id, status, office, unit_id, clue_id, clue_number, due_on, facts, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) ON CONFLICT (kind, id) DO NOTHING`,
        [
          kind,
          row.id,
          row.status,
          row.office,
          row.unitId ?? null,
          row.clueId ?? null,
          row.clueNumber ?? null,
          row.dueOn ?? null,
          row.facts,
          at,
        ],
      );
    },
    async patch(tx, schema, id, patch, at) {
      await tx.query(
        `UPDATE ${schema}.records
            SET status = COALESCE($3, status),
                due_on = CASE WHEN $4 THEN $5::date ELSE due_on END,
                facts = facts || $6::jsonb,
                updated_at = $7
          WHERE kind = $1 AND id = $2`,
        [kind, id, patch.status ?? null, patch.dueOn !== undefined, patch.dueOn ?? null, patch.facts ?? {}, at],
      );
    },
    async get(db, schema, id) {
      const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM ${schema}.records WHERE kind = $1 AND id = $2`, [kind, id]);
      return rows[0] ? stored(rows[0]) : undefined;
    },
    async list(db, schema, filter, scope) {
      const where = ['kind = $1'];
      const values: unknown[] = [kind];
      const add = (sql: string, value: unknown) => {
        values.push(value);
        where.push(sql.replace('?', `$${values.length}`));
      };
      if ('office' in scope) add('office = ?', scope.office);
      if ('offices' in scope) add('office = ANY(?::text[])', [...scope.offices]);
      if (filter.office) add('office = ?', filter.office);
      if (filter.status) add('status = ?', filter.status);
      if (filter.unitId) add('unit_id = ?', filter.unitId);
      for (const [key, value] of Object.entries(filter.facts ?? {})) {
        if (value !== undefined && FACT_KEY.test(key)) add(`facts->>'${key}' = ?`, String(value));
      }
      const page = filter.page ?? 1;
      const pageSize = filter.pageSize ?? 20;
      values.push(pageSize, (page - 1) * pageSize);
      const { rows } = await db.query<Row>(
        `SELECT ${COLUMNS}, count(*) OVER () AS total FROM ${schema}.records WHERE ${where.join(' AND ')}
          ORDER BY updated_at DESC, id LIMIT $${values.length - 1} OFFSET $${values.length}`,
        values,
      );
      let total = rows[0]?.total === undefined ? 0 : Number(rows[0].total);
      if (rows.length === 0 && page > 1) {
        const count = await db.query<{ n: string }>(
          `SELECT count(*) AS n FROM ${schema}.records WHERE ${where.join(' AND ')}`,
          values.slice(0, -2),
        );
        total = Number(count.rows[0]?.n ?? 0);
      }
      return { rows: rows.map(stored), total };
    },
  };
}
