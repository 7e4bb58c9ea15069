// 加强监督建议书 as the contract shows them: the list, and one with its content, response and history.
// The addressed office sees its own; 审理室, which identified the issues, and the offices that see
// every zone see all.
import type { Pool } from 'pg';
import type { Actor } from '@jiandu/access';
import { supervisionOperations as ops } from '@jiandu/contracts';
import type { EventStore } from '@jiandu/event-store';
import type { Handler, ResponseOf } from '@jiandu/runtime';
import { supervisionAdviceStream } from '../domain/supervision-advice.js';
import type { RecordScope, StoredRecord } from '../projections/records.table.js';
import { supervisionAdviceRecords, type SupervisionAdviceFacts } from '../projections/supervision-advice.projection.js';
import { historyOf, optional, scopeOf, visible } from './scope.js';

type Summary = ResponseOf<typeof ops.listSupervisionAdvice>['items'][number];

const scopeOfAdvice = (actor: Actor): RecordScope =>
  actor.office === 'review-office' ? { all: true } : scopeOf(actor, 'records');

function toSummary(row: StoredRecord<SupervisionAdviceFacts>): Summary {
  const f = row.facts;
  return {
    id: row.id,
    office: row.office,
    unitId: row.unitId ?? '',
    ...optional('clueId', row.clueId),
    ...optional('clueNumber', row.clueNumber),
    caseId: f.caseId,
    issueId: f.issueId,
    status: row.status as Summary['status'],
    issuedOn: f.issuedOn,
    responseDueOn: f.responseDueOn,
    ...optional('respondedOn', f.respondedOn),
    ...optional('late', f.late),
  };
}

export function supervisionAdviceQueries(pool: Pool, store: EventStore) {
  const schema = store.schema;
  const list: Handler<typeof ops.listSupervisionAdvice> = async (call) => {
    const { status, office, unitId, page, pageSize } = call.payload;
    const filter = { status, office, unitId, page, pageSize };
    const { rows, total } = await supervisionAdviceRecords.list(pool, schema, filter, scopeOfAdvice(call.actor));
    return { items: rows.map(toSummary), total };
  };
  const get: Handler<typeof ops.getSupervisionAdvice> = async (call) => {
    const row = visible(await supervisionAdviceRecords.get(pool, schema, call.payload.adviceId), scopeOfAdvice(call.actor));
    return {
      ...toSummary(row),
      content: row.facts.content,
      ...optional('response', row.facts.response),
      history: await historyOf(store, supervisionAdviceStream(row.id)),
    };
  };
  return { list, get };
}
