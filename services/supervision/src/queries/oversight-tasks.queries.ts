// Oversight tasks as the contract shows them: the list, and one with its description, result and history.
import type { Pool } from 'pg';
import { supervisionOperations as ops } from '@jiandu/contracts';
import type { EventStore } from '@jiandu/event-store';
import type { Handler, ResponseOf } from '@jiandu/runtime';
import { oversightTaskStream } from '../domain/oversight-task.js';
import { oversightTaskRecords, type OversightTaskFacts } from '../projections/oversight-tasks.projection.js';
import type { StoredRecord } from '../projections/records.table.js';
import { historyOf, optional, scopeOf, visible } from './scope.js';

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
  const schema = store.schema;
  const list: Handler<typeof ops.listOversightTasks> = async (call) => {
    const { status, assigneeOffice, page, pageSize } = call.payload;
    const { rows, total } = await oversightTaskRecords.list(
      pool,
      schema,
      { status, office: assigneeOffice, page, pageSize },
      scopeOf(call.actor, 'oversight-tasks'),
    );
    return { items: rows.map(toSummary), total };
  };
  const get: Handler<typeof ops.getOversightTask> = async (call) => {
    const row = visible(
      await oversightTaskRecords.get(pool, schema, call.payload.taskId),
      scopeOf(call.actor, 'oversight-tasks'),
    );
    const detail = { ...optional('description', row.facts.description), ...optional('result', row.facts.result) };
    return { ...toSummary(row), ...detail, history: await historyOf(store, oversightTaskStream(row.id)) };
  };
  return { list, get };
}
