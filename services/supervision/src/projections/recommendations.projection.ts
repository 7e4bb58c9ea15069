// The recommendations list (纪律检查建议 / 监察建议), kept in the same transaction as their events.
import type { PoolClient } from 'pg';
import type { RecommendationKind } from '@jiandu/contracts';
import type { RecommendationEvent } from '../domain/recommendation.js';
import { recordsOf } from './records.table.js';

/** What a recommendation's row shows besides the common columns; the content only in the detail. */
export interface RecommendationFacts {
  kind: RecommendationKind;
  issuedOn?: string;
  responseDueOn?: string;
  content?: string;
}

export const recommendationRecords = recordsOf<RecommendationFacts>('recommendation');

export async function projectRecommendationEvent(
  tx: PoolClient,
  schema: string,
  event: RecommendationEvent,
  at: string,
): Promise<void> {
  const patch = (id: string, change: Parameters<typeof recommendationRecords.patch>[3]) =>
    recommendationRecords.patch(tx, schema, id, change, at);
  switch (event.type) {
    case 'RecommendationIssued': {
      const d = event.data;
      const facts: RecommendationFacts = {
        kind: d.kind,
        issuedOn: d.issuedOn,
        responseDueOn: d.responseDueOn,
        content: d.content,
      };
      const row = {
        id: d.recommendationId,
        status: 'issued',
        office: d.office,
        unitId: d.unitId,
        clueId: d.clueId,
        clueNumber: d.clueNumber,
        dueOn: d.responseDueOn,
        facts,
      };
      await recommendationRecords.insert(tx, schema, row, at);
      return;
    }
    case 'RecommendationResponded':
      return patch(event.data.recommendationId, { status: 'responded', dueOn: null });
    case 'RecommendationResponseRecorded':
      return;
    case 'RecommendationVerified':
      return patch(event.data.recommendationId, { status: 'verified' });
    case 'RecommendationClosed':
      return patch(event.data.recommendationId, { status: 'closed' });
    case 'RecommendationRefused':
      return patch(event.data.recommendationId, { status: 'escalated', dueOn: null });
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
