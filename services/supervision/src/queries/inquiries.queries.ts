// Inquiries as the contract shows them: the list, and one with its history.
import type { Pool } from 'pg';
import { supervisionOperations as ops } from '@jiandu/contracts';
import type { EventStore } from '@jiandu/event-store';
import { optional, type Handler, type ResponseOf } from '@jiandu/runtime';
import { inquiryStream } from '../domain/inquiry.js';
import { inquiryRecords, type InquiryFacts } from '../projections/inquiries.projection.js';
import type { StoredRecord } from '../projections/records.table.js';
import { recordOrigin, recordQueries } from './records.queries.js';

type Summary = ResponseOf<typeof ops.listInquiries>['items'][number];
type InquiryStatus = Summary['status'];

function toSummary(row: StoredRecord<InquiryFacts>): Summary {
  const f = row.facts;
  return {
    ...recordOrigin(row),
    status: row.status as InquiryStatus,
    ...optional('mode', f.mode),
    ...optional('round', f.round),
    ...optional('replyDueOn', f.replyDueOn),
    ...optional('concludeDueOn', f.concludeDueOn),
    ...optional('outcome', f.outcome),
    ...optional('measure', f.measure),
    openedAt: row.createdAt.toISOString(),
  };
}

export function inquiryQueries(pool: Pool, store: EventStore) {
  const inquiries = recordQueries(pool, store, { records: inquiryRecords, summary: toSummary, stream: inquiryStream });
  const list: Handler<typeof ops.listInquiries> = ({ actor, payload: { status, office, unitId, page, pageSize } }) =>
    inquiries.list(actor, { status, office, unitId, page, pageSize });
  const get: Handler<typeof ops.getInquiry> = ({ actor, payload }) => inquiries.get(actor, payload.inquiryId);
  return { list, get };
}
