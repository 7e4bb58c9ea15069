// The oversight tasks list (督查督办台账), kept in the same transaction as their events. The row's
// office is the assignee's.
import type { PoolClient } from 'pg';
import type { OversightTaskEvent } from '../domain/oversight-task.js';
import { recordsOf } from './records.table.js';

/** What a task's row shows besides the common columns; description and result only in the detail. */
export interface OversightTaskFacts {
  title: string;
  description?: string;
  result?: string;
}

export const oversightTaskRecords = recordsOf<OversightTaskFacts>('oversight-task');

export async function projectOversightTaskEvent(
  tx: PoolClient,
  schema: string,
  event: OversightTaskEvent,
  at: string,
): Promise<void> {
  switch (event.type) {
    case 'OversightTaskAssigned': {
      const d = event.data;
      const facts: OversightTaskFacts = { title: d.title, description: d.description };
      await oversightTaskRecords.insert(
        tx,
        schema,
        { id: d.taskId, status: 'assigned', office: d.assigneeOffice, dueOn: d.dueOn, facts },
        at,
      );
      return;
    }
    case 'OversightTaskProgressed':
      return oversightTaskRecords.patch(tx, schema, event.data.taskId, { status: 'in-progress' }, at);
    case 'OversightTaskClosed':
      return oversightTaskRecords.patch(
        tx,
        schema,
        event.data.taskId,
        { status: 'closed', facts: { result: event.data.result } },
        at,
      );
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
