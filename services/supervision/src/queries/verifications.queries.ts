// Preliminary verifications as the contract shows them: the list, and one with its plan, findings
// and history.
import type { Pool } from 'pg';
import { supervisionOperations as ops } from '@jiandu/contracts';
import type { EventStore } from '@jiandu/event-store';
import type { Handler, ResponseOf } from '@jiandu/runtime';
import { verificationStream } from '../domain/verification.js';
import type { StoredRecord } from '../projections/records.table.js';
import { verificationRecords, type VerificationFacts } from '../projections/verifications.projection.js';
import { historyOf, optional, scopeOf, visible } from './scope.js';

type Summary = ResponseOf<typeof ops.listVerifications>['items'][number];

function toSummary(row: StoredRecord<VerificationFacts>): Summary {
  const f = row.facts;
  return {
    id: row.id,
    office: row.office,
    unitId: row.unitId ?? '',
    ...optional('clueId', row.clueId),
    ...optional('clueNumber', row.clueNumber),
    status: row.status as Summary['status'],
    ...optional('team', f.team),
    ...optional('escalated', f.escalated),
    ...optional('extended', f.extended),
    ...optional('dueOn', f.dueOn),
    ...optional('decision', f.decision),
    ...optional('fromInquiryId', f.fromInquiryId),
    openedAt: row.createdAt.toISOString(),
  };
}

export function verificationQueries(pool: Pool, store: EventStore) {
  const schema = store.schema;
  const list: Handler<typeof ops.listVerifications> = async (call) => {
    const { status, office, unitId, page, pageSize } = call.payload;
    const { rows, total } = await verificationRecords.list(
      pool,
      schema,
      { status, office, unitId, page, pageSize },
      scopeOf(call.actor, 'records'),
    );
    return { items: rows.map(toSummary), total };
  };
  const get: Handler<typeof ops.getVerification> = async (call) => {
    const row = visible(await verificationRecords.get(pool, schema, call.payload.verificationId), scopeOf(call.actor, 'records'));
    const detail = { ...optional('plan', row.facts.plan), ...optional('findings', row.facts.findings) };
    return { ...toSummary(row), ...detail, history: await historyOf(store, verificationStream(row.id)) };
  };
  return { list, get };
}
