// 舆情 items as the contract shows them: 组宣部 and leadership read them all.
import type { Pool } from 'pg';
import { DomainException, notFound, publicityOperations as ops } from '@jiandu/contracts';
import type { EventStore } from '@jiandu/event-store';
import type { Handler, ResponseOf } from '@jiandu/runtime';
import { publicOpinionStream } from '../domain/public-opinion.js';

type Summary = ResponseOf<typeof ops.listPublicOpinion>['items'][number];
interface Row {
  id: string;
  source: Summary['source'];
  reference: string;
  summary: string;
  unit_id: string;
  status: Summary['status'];
  collected_on: string;
  assess_by: string;
  assessed_on: string | null;
  assessment: string | null;
  categories: string[] | null;
  forwarded_on: string | null;
  closed_on: string | null;
  close_reason: string | null;
  total?: string;
}
const day = (c: string) => `to_char(${c}, 'YYYY-MM-DD') AS ${c}`;
const COLUMNS = `id, source, reference, summary, unit_id, status, ${['collected_on', 'assess_by', 'assessed_on', 'forwarded_on', 'closed_on'].map(day).join(', ')},
  assessment, categories, close_reason`;
const optional = <K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } =>
  (value === null || value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

function toSummary(r: Row): Summary {
  return {
    id: r.id,
    source: r.source,
    reference: r.reference,
    unitId: r.unit_id,
    status: r.status,
    collectedOn: r.collected_on,
    assessBy: r.assess_by,
    ...optional('assessedOn', r.assessed_on),
    ...optional('categories', r.categories),
    ...optional('forwardedOn', r.forwarded_on),
    ...optional('closedOn', r.closed_on),
  };
}

export function publicOpinionQueries(pool: Pool, store: EventStore) {
  const schema = store.schema;
  const list: Handler<typeof ops.listPublicOpinion> = async (call) => {
    const { status, page = 1, pageSize = 20 } = call.payload;
    const { rows } = await pool.query<Row>(
      `SELECT ${COLUMNS}, count(*) OVER () AS total FROM ${schema}.public_opinion_items
        WHERE ($1::text IS NULL OR status = $1) ORDER BY updated_at DESC, id LIMIT $2 OFFSET $3`,
      [status ?? null, pageSize, (page - 1) * pageSize],
    );
    return { items: rows.map(toSummary), total: rows[0]?.total === undefined ? 0 : Number(rows[0].total) };
  };
  const get: Handler<typeof ops.getPublicOpinion> = async (call) => {
    const { rows } = await pool.query<Row>(`SELECT ${COLUMNS} FROM ${schema}.public_opinion_items WHERE id = $1`, [
      call.payload.itemId,
    ]);
    const row = rows[0];
    if (!row) throw new DomainException(notFound({ zh: '舆情', en: 'public opinion item' }, 'NOT_FOUND'));
    const events = await store.readStream(publicOpinionStream(row.id));
    return {
      ...toSummary(row),
      summary: row.summary,
      ...optional('assessment', row.assessment),
      ...optional('closeReason', row.close_reason),
      history: events.map((e) => ({
        type: e.type,
        at: e.metadata.occurredAt,
        actor: { sub: e.metadata.actor.sub, name: e.metadata.actor.name, office: e.metadata.actor.office },
      })),
    };
  };
  return { list, get };
}
