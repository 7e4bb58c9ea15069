// Reviews as the contract shows them. 审理室 sees the cases sent to it (all of them are); leadership,
// 案管 and 党风政风监督室 see all (the gateway's access rule says who reads at all).
import type { Pool } from 'pg';
import { DomainException, notFound, reviewOperations as ops, type SanctionChoice } from '@jiandu/contracts';
import type { EventStore } from '@jiandu/event-store';
import { historyOf, optional, type Handler, type ResponseOf } from '@jiandu/runtime';
import { reviewStream, type Decided } from '../domain/review.js';

type Summary = ResponseOf<typeof ops.listReviews>['items'][number];
type Status = Summary['status'];

interface Row {
  id: string;
  clue_id: string;
  clue_number: string;
  unit_id: string;
  office: string;
  subject_ref: string;
  subject_position: string;
  cadre_id: string | null;
  escalated: boolean;
  status: string;
  round: number;
  received_on: string;
  due_on: string | null;
  extended: boolean;
  decided_on: string | null;
  findings: string;
  proposed_sanction: SanctionChoice;
  sanction: SanctionChoice | null;
  decided: Decided | null;
  return_reason: string | null;
  common_issues: { issueId: string; issue: string; identifiedOn: string }[];
  created_at: Date;
  total?: string;
}

const COLUMNS = `id, clue_id, clue_number, unit_id, office, subject_ref, subject_position, cadre_id, escalated, status, round,
  to_char(received_on, 'YYYY-MM-DD') AS received_on, to_char(due_on, 'YYYY-MM-DD') AS due_on, extended,
  to_char(decided_on, 'YYYY-MM-DD') AS decided_on, findings, proposed_sanction, sanction, decided, return_reason, common_issues, created_at`;

function toSummary(row: Row): Summary {
  return {
    id: row.id,
    caseId: row.id,
    clueId: row.clue_id,
    clueNumber: row.clue_number,
    unitId: row.unit_id,
    office: row.office,
    subjectRef: row.subject_ref,
    subjectPosition: row.subject_position,
    ...optional('cadreId', row.cadre_id),
    escalated: row.escalated,
    status: row.status as Status,
    round: row.round,
    receivedOn: row.received_on,
    ...optional('dueOn', row.due_on),
    extended: row.extended,
    ...optional('decidedOn', row.decided_on),
    openedAt: row.created_at.toISOString(),
  };
}

export function reviewQueries(pool: Pool, store: EventStore) {
  const schema = store.schema;
  const list: Handler<typeof ops.listReviews> = async (call) => {
    const { status, page = 1, pageSize = 20 } = call.payload;
    const { rows } = await pool.query<Row>(
      `SELECT ${COLUMNS}, count(*) OVER () AS total FROM ${schema}.reviews
        WHERE ($1::text IS NULL OR status = $1) ORDER BY updated_at DESC, id LIMIT $2 OFFSET $3`,
      [status ?? null, pageSize, (page - 1) * pageSize],
    );
    let total = rows[0]?.total === undefined ? 0 : Number(rows[0].total);
    if (rows.length === 0 && page > 1) {
      const count = await pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${schema}.reviews WHERE ($1::text IS NULL OR status = $1)`,
        [status ?? null],
      );
      total = Number(count.rows[0]?.n ?? 0);
    }
    return { items: rows.map(toSummary), total };
  };
  const get: Handler<typeof ops.getReview> = async (call) => {
    const { rows } = await pool.query<Row>(`SELECT ${COLUMNS} FROM ${schema}.reviews WHERE id = $1`, [call.payload.reviewId]);
    const row = rows[0];
    if (!row) throw new DomainException(notFound({ zh: '审理', en: 'review' }, 'NOT_FOUND'));
    return {
      ...toSummary(row),
      findings: row.findings,
      proposedSanction: row.proposed_sanction,
      ...optional('sanction', row.sanction),
      ...optional('decided', row.decided),
      ...optional('returnReason', row.return_reason),
      commonIssues: row.common_issues,
      history: await historyOf(store, reviewStream(row.id)),
    };
  };
  return { list, get };
}
