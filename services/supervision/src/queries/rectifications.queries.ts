// Rectification items as the contract shows them: the list, and one with its description and history.
import type { Pool } from 'pg';
import { supervisionOperations as ops } from '@jiandu/contracts';
import type { EventStore } from '@jiandu/event-store';
import { optional, type Handler, type ResponseOf } from '@jiandu/runtime';
import { rectificationStream } from '../domain/rectification.js';
import type { StoredRecord } from '../projections/records.table.js';
import { rectificationRecords, type RectificationFacts } from '../projections/rectifications.projection.js';
import { recordQueries } from './records.queries.js';

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
  const rectifications = recordQueries(pool, store, {
    records: rectificationRecords,
    summary: toSummary,
    stream: rectificationStream,
    detail: ({ facts: f }) => optional('description', f.description),
  });
  const list: Handler<typeof ops.listRectifications> = ({ actor, payload: { status, source, office, unitId, page, pageSize } }) =>
    rectifications.list(actor, { status, office, unitId, facts: { source }, page, pageSize });
  const get: Handler<typeof ops.getRectification> = ({ actor, payload }) => rectifications.get(actor, payload.rectificationId);
  return { list, get };
}
