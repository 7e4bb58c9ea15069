// Oversight tasks as the contract shows them: the list, and one with its description, result and history.
import type { Pool } from 'pg';
import { supervisionOperations as ops } from '@jiandu/contracts';
import type { EventStore } from '@jiandu/event-store';
import { optional, type Handler, type ResponseOf } from '@jiandu/runtime';
import { oversightTaskStream } from '../domain/oversight-task.js';
import { oversightTaskRecords, type OversightTaskFacts } from '../projections/oversight-tasks.projection.js';
import type { StoredRecord } from '../projections/records.table.js';
import { recordQueries } from './records.queries.js';
import { scopeOf } from './scope.js';

type Summary = ResponseOf<typeof ops.listOversightTasks>['items'][number];

function toSummary(row: StoredRecord<OversightTaskFacts>): Summary {
  return {
    id: row.id,
    title: row.facts.title,
    assigneeOffice: row.office,
    status: row.status as Summary['status'],
    dueOn: row.dueOn ?? '',
  };
}

export function oversightTaskQueries(pool: Pool, store: EventStore) {
  const tasks = recordQueries(pool, store, {
    records: oversightTaskRecords,
    summary: toSummary,
    stream: oversightTaskStream,
    scope: (actor) => scopeOf(actor, 'oversight-tasks'),
    detail: ({ facts: f }) => ({ ...optional('description', f.description), ...optional('result', f.result) }),
  });
  const list: Handler<typeof ops.listOversightTasks> = ({ actor, payload: { status, assigneeOffice, page, pageSize } }) =>
    tasks.list(actor, { status, office: assigneeOffice, page, pageSize });
  const get: Handler<typeof ops.getOversightTask> = ({ actor, payload }) => tasks.get(actor, payload.taskId);
  return { list, get };
}
