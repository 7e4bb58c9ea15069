// Rectification items as the contract shows them: the list, and one with its description and history.
import type { Pool } from 'pg';
import { supervisionOperations as ops } from '@jiandu/contracts';
import type { EventStore } from '@jiandu/event-store';
import type { Handler, ResponseOf } from '@jiandu/runtime';
import { rectificationStream } from '../domain/rectification.js';
import type { StoredRecord } from '../projections/records.table.js';
import { rectificationRecords, type RectificationFacts } from '../projections/rectifications.projection.js';
import { historyOf, optional, scopeOf, visible } from './scope.js';

type Summary = ResponseOf<typeof ops.listRectifications>['items'][number];

function toSummary(row: StoredRecord<RectificationFacts>): Summary {
  return {
    id: row.id,
    office: row.office,
    unitId: row.unitId ?? '',
    source: row.facts.source,
    ...optional('sourceRef', row.facts.sourceRef),
    status: row.status as Summary['status'],
    dueOn: row.dueOn ?? '',
  };
}

export function rectificationQueries(pool: Pool, store: EventStore) {
  const schema = store.schema;
  const list: Handler<typeof ops.listRectifications> = async (call) => {
    const { status, source, office, unitId, page, pageSize } = call.payload;
    const filter = { status, office, unitId, facts: { source }, page, pageSize };
    const { rows, total } = await rectificationRecords.list(pool, schema, filter, scopeOf(call.actor, 'records'));
    return { items: rows.map(toSummary), total };
  };
  const get: Handler<typeof ops.getRectification> = async (call) => {
    const row = visible(
      await rectificationRecords.get(pool, schema, call.payload.rectificationId),
      scopeOf(call.actor, 'records'),
    );
    return {
      ...toSummary(row),
      ...optional('description', row.facts.description),
      history: await historyOf(store, rectificationStream(row.id)),
    };
  };
  return { list, get };
}
