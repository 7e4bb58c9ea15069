// Opinion requests as the contract shows them. Need to know: 组宣部 and leadership read a request
// with each screening's status, who signed it, and what it found as kinds and numbers (never the
// contents: the offices answer nothing else). A screening office reads only its own screening of a
// request: the candidates it is asked about and the matches proposed to it.
import type { Pool } from 'pg';
import type { Static } from '@sinclair/typebox';
import {
  DomainException,
  notFound,
  SCREENING_OFFICES,
  publicityOperations as ops,
  type Finding,
  type HistoryEntry,
  type ScreeningOffice,
} from '@jiandu/contracts';
import type { EventStore } from '@jiandu/event-store';
import { refusal } from '@jiandu/decision';
import type { Handler, ResponseOf } from '@jiandu/runtime';
import { opinionRequestStream, type CandidateFindings, type Conclusion } from '../domain/opinion-request.js';

type Summary = ResponseOf<typeof ops.listOpinionRequests>['items'][number];

interface ScreeningRow {
  status: 'pending' | 'proposed' | 'submitted';
  proposed: CandidateFindings;
  confirmed: CandidateFindings;
  submittedBy?: { sub: string; name: string; office: string };
  submittedAt?: string;
}
interface CandidateRow {
  cadreId: string;
  name: string;
  unitId: string;
  position: string;
  conclusion?: Conclusion['conclusion'];
  citations?: Conclusion['citations'];
}
export interface Row {
  id: string;
  reference: string;
  purpose: Summary['purpose'];
  on_date: string;
  status: Summary['status'];
  candidate_count: number;
  received_on: string;
  due_on: string;
  replied_on: string | null;
  candidates: CandidateRow[];
  screenings: Record<ScreeningOffice, ScreeningRow>;
  total?: string;
}

const COLUMNS = `id, reference, purpose, to_char(on_date, 'YYYY-MM-DD') AS on_date, status, candidate_count,
  to_char(received_on, 'YYYY-MM-DD') AS received_on, to_char(due_on, 'YYYY-MM-DD') AS due_on,
  to_char(replied_on, 'YYYY-MM-DD') AS replied_on, candidates, screenings`;

function toSummary(row: Row): Summary {
  return {
    id: row.id,
    reference: row.reference,
    purpose: row.purpose,
    onDate: row.on_date,
    status: row.status,
    candidateCount: row.candidate_count,
    receivedOn: row.received_on,
    dueOn: row.due_on,
    ...(row.replied_on ? { repliedOn: row.replied_on } : {}),
  };
}

/** A finding as it is shown: its kind and number, a sanction's period; nothing else. */
const shown = ({ kind, number, effectiveFrom, effectiveUntil }: Finding): Finding => ({
  kind,
  number,
  ...(effectiveFrom === undefined ? {} : { effectiveFrom }),
  ...(effectiveUntil === undefined ? {} : { effectiveUntil }),
});
const findingsOf = (list: CandidateFindings, cadreId: string) =>
  (list.find((c) => c.cadreId === cadreId)?.findings ?? []).map(shown);

async function historyOf(store: EventStore, streamId: string): Promise<Static<typeof HistoryEntry>[]> {
  const events = await store.readStream(streamId);
  return events.map((e) => ({
    type: e.type,
    at: e.metadata.occurredAt,
    actor: { sub: e.metadata.actor.sub, name: e.metadata.actor.name, office: e.metadata.actor.office },
  }));
}

export async function readRequest(pool: Pool, schema: string, requestId: string): Promise<Row> {
  const { rows } = await pool.query<Row>(`SELECT ${COLUMNS} FROM ${schema}.opinion_requests WHERE id = $1`, [requestId]);
  const row = rows[0];
  if (!row) throw new DomainException(notFound({ zh: '廉政意见回复请求', en: 'opinion request' }, 'NOT_FOUND'));
  return row;
}

export function opinionRequestQueries(pool: Pool, store: EventStore) {
  const schema = store.schema;
  const list: Handler<typeof ops.listOpinionRequests> = async (call) => {
    const { status, page = 1, pageSize = 20 } = call.payload;
    const { rows } = await pool.query<Row>(
      `SELECT ${COLUMNS}, count(*) OVER () AS total FROM ${schema}.opinion_requests
        WHERE ($1::text IS NULL OR status = $1) ORDER BY updated_at DESC, id LIMIT $2 OFFSET $3`,
      [status ?? null, pageSize, (page - 1) * pageSize],
    );
    let total = rows[0]?.total === undefined ? 0 : Number(rows[0].total);
    if (rows.length === 0 && page > 1) {
      const count = await pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${schema}.opinion_requests WHERE ($1::text IS NULL OR status = $1)`,
        [status ?? null],
      );
      total = Number(count.rows[0]?.n ?? 0);
    }
    return { items: rows.map(toSummary), total };
  };
  const get: Handler<typeof ops.getOpinionRequest> = async (call) => {
    const row = await readRequest(pool, schema, call.payload.requestId);
    return {
      ...toSummary(row),
      candidates: row.candidates.map(({ cadreId, name, unitId, position, conclusion, citations }) => ({
        cadreId,
        name,
        unitId,
        position,
        ...(conclusion === undefined
          ? {}
          : { conclusion, citations: (citations ?? []).map(({ kind, number }) => ({ kind, number })) }),
      })),
      screenings: SCREENING_OFFICES.map((office) => {
        const s = row.screenings[office];
        return {
          office,
          status: s.status,
          ...(s.submittedBy ? { submittedBy: s.submittedBy } : {}),
          ...(s.submittedAt ? { submittedAt: s.submittedAt } : {}),
          candidates: row.candidates.map(({ cadreId }) => ({
            cadreId,
            proposed: findingsOf(s.proposed, cadreId),
            confirmed: findingsOf(s.confirmed, cadreId),
          })),
        };
      }),
      history: await historyOf(store, opinionRequestStream(row.id)),
    };
  };
  /** The caller's own office's screening of the request. */
  const getScreening: Handler<typeof ops.getScreening> = async (call) => {
    const office = call.actor.office as ScreeningOffice;
    if (!(SCREENING_OFFICES as readonly string[]).includes(office))
      throw new DomainException(
        refusal('FORBIDDEN_OFFICE', 403, '只有核查部门可以查看本部门的核查任务', 'only a screening office reads its screening'),
      );
    const row = await readRequest(pool, schema, call.payload.requestId);
    const s = row.screenings[office];
    return {
      requestId: row.id,
      office,
      status: s.status,
      onDate: row.on_date,
      candidates: row.candidates.map(({ cadreId, name, unitId, position }) => ({
        cadreId,
        name,
        unitId,
        position,
        proposed: findingsOf(s.proposed, cadreId),
        confirmed: findingsOf(s.confirmed, cadreId),
      })),
    };
  };
  return { list, get, getScreening };
}
