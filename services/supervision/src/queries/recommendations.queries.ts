// Recommendations as the contract shows them: the list, and one with its content and history.
import { chinaDate } from '@jiandu/calendar';
import type { Pool } from 'pg';
import { supervisionOperations as ops } from '@jiandu/contracts';
import type { EventStore } from '@jiandu/event-store';
import type { Handler, ResponseOf } from '@jiandu/runtime';
import { recommendationStream } from '../domain/recommendation.js';
import { recommendationRecords, type RecommendationFacts } from '../projections/recommendations.projection.js';
import type { StoredRecord } from '../projections/records.table.js';
import { historyOf, optional, scopeOf, visible } from './scope.js';

type Summary = ResponseOf<typeof ops.listRecommendations>['items'][number];

function toSummary(row: StoredRecord<RecommendationFacts>): Summary {
  const f = row.facts;
  return {
    id: row.id,
    office: row.office,
    unitId: row.unitId ?? '',
    ...optional('clueId', row.clueId),
    ...optional('clueNumber', row.clueNumber),
    kind: f.kind,
    status: row.status as Summary['status'],
    issuedOn: f.issuedOn ?? chinaDate(row.createdAt),
    ...optional('responseDueOn', f.responseDueOn),
  };
}

export function recommendationQueries(pool: Pool, store: EventStore) {
  const schema = store.schema;
  const list: Handler<typeof ops.listRecommendations> = async (call) => {
    const { status, kind, office, unitId, page, pageSize } = call.payload;
    const filter = { status, office, unitId, facts: { kind }, page, pageSize };
    const { rows, total } = await recommendationRecords.list(pool, schema, filter, scopeOf(call.actor, 'records'));
    return { items: rows.map(toSummary), total };
  };
  const get: Handler<typeof ops.getRecommendation> = async (call) => {
    const row = visible(
      await recommendationRecords.get(pool, schema, call.payload.recommendationId),
      scopeOf(call.actor, 'records'),
    );
    return {
      ...toSummary(row),
      ...optional('content', row.facts.content),
      history: await historyOf(store, recommendationStream(row.id)),
    };
  };
  return { list, get };
}
