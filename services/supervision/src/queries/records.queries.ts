// The list and get every kind in the `records` table answers the same way: the rows the actor may
// see (its scope), filtered and paged by the table, each shown by the kind's summary; one row, "not
// found" also when the actor may not see it, with the kind's detail and its stream's history.
import type { Pool } from 'pg';
import type { Actor } from '@jiandu/access';
import type { EventStore } from '@jiandu/event-store';
import type { RecordFilter, RecordScope, RecordsOf, StoredRecord } from '../projections/records.table.js';
import { historyOf, optional } from '@jiandu/runtime';
import { scopeOf, visible } from './scope.js';

export interface RecordListOf<F, S> {
  records: RecordsOf<F>;
  /** The row as the contract's list shows it. */
  summary: (row: StoredRecord<F>) => S;
  /** Who sees which rows; by default the records' scope (scopeOf). */
  scope?: (actor: Actor) => RecordScope | Promise<RecordScope>;
}

export interface RecordQueriesOf<F, S, D> extends RecordListOf<F, S> {
  /** The kind's event stream, whose history one row shows. */
  stream: (id: string) => string;
  /** What one row shows besides its summary (before its history). */
  detail?: (row: StoredRecord<F>) => D;
}

/** What a record's summary opens with: its id, the office handling it, its unit, the clue it came from. */
export function recordOrigin(row: StoredRecord<unknown>) {
  return {
    id: row.id,
    office: row.office,
    unitId: row.unitId ?? '',
    ...optional('clueId', row.clueId),
    ...optional('clueNumber', row.clueNumber),
  };
}

const recordsScope = (actor: Actor): RecordScope => scopeOf(actor, 'records');

/** The page of rows the actor sees, as the kind's list shows them. */
export function recordList<F, S>(pool: Pool, schema: string, of: RecordListOf<F, S>) {
  const scope = of.scope ?? recordsScope;
  return async (actor: Actor, filter: RecordFilter): Promise<{ items: S[]; total: number }> => {
    const { rows, total } = await of.records.list(pool, schema, filter, await scope(actor));
    return { items: rows.map(of.summary), total };
  };
}

/** The list, and one row with its detail and history. */
export function recordQueries<F, S, D extends object = object>(pool: Pool, store: EventStore, of: RecordQueriesOf<F, S, D>) {
  const scope = of.scope ?? recordsScope;
  return {
    list: recordList(pool, store.schema, of),
    async get(actor: Actor, id: string) {
      const row = visible(await of.records.get(pool, store.schema, id), await scope(actor));
      const detail = of.detail ? of.detail(row) : ({} as D);
      return { ...of.summary(row), ...detail, history: await historyOf(store, of.stream(row.id)) };
    },
  };
}
