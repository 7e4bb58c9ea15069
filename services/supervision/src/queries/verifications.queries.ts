// Preliminary verifications as the contract shows them: the list, and one with its plan, findings
// and history.
import type { Pool } from 'pg';
import { supervisionOperations as ops } from '@jiandu/contracts';
import type { EventStore } from '@jiandu/event-store';
import { optional, type Handler, type ResponseOf } from '@jiandu/runtime';
import { verificationStream } from '../domain/verification.js';
import type { StoredRecord } from '../projections/records.table.js';
import { verificationRecords, type VerificationFacts } from '../projections/verifications.projection.js';
import { recordOrigin, recordQueries } from './records.queries.js';

type Summary = ResponseOf<typeof ops.listVerifications>['items'][number];

function toSummary(row: StoredRecord<VerificationFacts>): Summary {
  const f = row.facts;
  return {
    ...recordOrigin(row),
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
  const verifications = recordQueries(pool, store, {
    records: verificationRecords,
    summary: toSummary,
    stream: verificationStream,
    detail: ({ facts: f }) => ({ ...optional('plan', f.plan), ...optional('findings', f.findings) }),
  });
  const list: Handler<typeof ops.listVerifications> = ({ actor, payload: { status, office, unitId, page, pageSize } }) =>
    verifications.list(actor, { status, office, unitId, page, pageSize });
  const get: Handler<typeof ops.getVerification> = ({ actor, payload }) => verifications.get(actor, payload.verificationId);
  return { list, get };
}
