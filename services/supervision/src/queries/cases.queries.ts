// Cases as the contract shows them: the list, and one with its findings, proposal and history.
// The handling office sees its own cases; 案管, 党风政风监督室 and leadership all (scopeOf).
import type { Pool } from 'pg';
import { supervisionOperations as ops } from '@jiandu/contracts';
import type { EventStore } from '@jiandu/event-store';
import { optional, type Handler, type ResponseOf } from '@jiandu/runtime';
import { caseStream } from '../domain/case.js';
import { caseRecords, type CaseFacts } from '../projections/cases.projection.js';
import type { StoredRecord } from '../projections/records.table.js';
import { recordOrigin, recordQueries } from './records.queries.js';

type Summary = ResponseOf<typeof ops.listCases>['items'][number];

function toSummary(row: StoredRecord<CaseFacts>): Summary {
  const f = row.facts;
  return {
    ...recordOrigin(row),
    status: row.status as Summary['status'],
    verificationId: f.verificationId,
    subjectPosition: f.subjectPosition,
    escalated: f.escalated,
    ...optional('extended', f.extended),
    round: f.round,
    ...optional('filedOn', f.filedOn),
    ...optional('rejectedOn', f.rejectedOn),
    ...optional('dueOn', row.dueOn),
    ...optional('returnReason', f.returnReason),
    ...optional('outcome', f.outcome),
    ...optional('concludedOn', f.concludedOn),
    openedAt: row.createdAt.toISOString(),
  };
}

export function caseQueries(pool: Pool, store: EventStore) {
  const cases = recordQueries(pool, store, {
    records: caseRecords,
    summary: toSummary,
    stream: caseStream,
    detail: ({ facts: f }) => ({ ...optional('findings', f.findings), ...optional('proposedSanction', f.proposedSanction) }),
  });
  const list: Handler<typeof ops.listCases> = ({ actor, payload: { status, office, unitId, page, pageSize } }) =>
    cases.list(actor, { status, office, unitId, page, pageSize });
  const get: Handler<typeof ops.getCase> = ({ actor, payload }) => cases.get(actor, payload.caseId);
  return { list, get };
}
