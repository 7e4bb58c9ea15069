// Recommendations as the contract shows them: the list, and one with its content and history.
import { chinaDate } from '@jiandu/calendar';
import type { Pool } from 'pg';
import { supervisionOperations as ops } from '@jiandu/contracts';
import type { EventStore } from '@jiandu/event-store';
import { optional, type Handler, type ResponseOf } from '@jiandu/runtime';
import { recommendationStream } from '../domain/recommendation.js';
import { recommendationRecords, type RecommendationFacts } from '../projections/recommendations.projection.js';
import type { StoredRecord } from '../projections/records.table.js';
import { recordOrigin, recordQueries } from './records.queries.js';

type Summary = ResponseOf<typeof ops.listRecommendations>['items'][number];

function toSummary(row: StoredRecord<RecommendationFacts>): Summary {
  const f = row.facts;
  return {
    ...recordOrigin(row),
    kind: f.kind,
    status: row.status as Summary['status'],
    issuedOn: f.issuedOn ?? chinaDate(row.createdAt),
    ...optional('responseDueOn', f.responseDueOn),
  };
}

export function recommendationQueries(pool: Pool, store: EventStore) {
  const recommendations = recordQueries(pool, store, {
    records: recommendationRecords,
    summary: toSummary,
    stream: recommendationStream,
    detail: ({ facts: f }) => optional('content', f.content),
  });
  const list: Handler<typeof ops.listRecommendations> = ({ actor, payload: { status, kind, office, unitId, page, pageSize } }) =>
    recommendations.list(actor, { status, office, unitId, facts: { kind }, page, pageSize });
  const get: Handler<typeof ops.getRecommendation> = ({ actor, payload }) => recommendations.get(actor, payload.recommendationId);
  return { list, get };
}
