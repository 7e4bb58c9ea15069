// 加强监督建议书 as the contract shows them: the list, and one with its content, response and history.
// The addressed office sees its own; 审理室, which identified the issues, and the offices that see
// every zone see all.
import type { Pool } from 'pg';
import type { Actor } from '@jiandu/access';
import { supervisionOperations as ops } from '@jiandu/contracts';
import type { EventStore } from '@jiandu/event-store';
import { optional, type Handler, type ResponseOf } from '@jiandu/runtime';
import { supervisionAdviceStream } from '../domain/supervision-advice.js';
import type { RecordScope, StoredRecord } from '../projections/records.table.js';
import { supervisionAdviceRecords, type SupervisionAdviceFacts } from '../projections/supervision-advice.projection.js';
import { recordOrigin, recordQueries } from './records.queries.js';
import { scopeOf } from './scope.js';

type Summary = ResponseOf<typeof ops.listSupervisionAdvice>['items'][number];

const scopeOfAdvice = (actor: Actor): RecordScope =>
  actor.office === 'review-office' ? { all: true } : scopeOf(actor, 'records');

function toSummary(row: StoredRecord<SupervisionAdviceFacts>): Summary {
  const f = row.facts;
  return {
    ...recordOrigin(row),
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
  const advice = recordQueries(pool, store, {
    records: supervisionAdviceRecords,
    summary: toSummary,
    stream: supervisionAdviceStream,
    scope: scopeOfAdvice,
    detail: ({ facts: f }) => ({ content: f.content, ...optional('response', f.response) }),
  });
  const list: Handler<typeof ops.listSupervisionAdvice> = ({ actor, payload: { status, office, unitId, page, pageSize } }) =>
    advice.list(actor, { status, office, unitId, page, pageSize });
  const get: Handler<typeof ops.getSupervisionAdvice> = ({ actor, payload }) => advice.get(actor, payload.adviceId);
  return { list, get };
}
