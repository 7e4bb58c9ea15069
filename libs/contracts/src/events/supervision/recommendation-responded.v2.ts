// The unit responded to a recommendation, on time or late. v2 is the first public version: v1 was
// the private event that carried the response's text; the text stays private, in supervision's own
// RecommendationResponseRecorded, and v1 events never leave the service.
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { HANDLING_OFFICE } from './patterns.js';

const schema = object({
  recommendationId: Type.String({ minLength: 1, maxLength: 64 }),
  kind: Type.Union([Type.Literal('discipline'), Type.Literal('supervisory')]),
  unitId: Type.String({ minLength: 1, maxLength: 64 }),
  office: Type.String({ pattern: HANDLING_OFFICE }),
  responseDueOn: Type.String({ format: 'date' }),
  respondedOn: Type.String({ format: 'date' }),
  /** Responded after the due day. */
  late: Type.Boolean(),
});

export const RecommendationRespondedV2 = defineEvent({
  service: 'supervision',
  type: 'RecommendationResponded',
  version: 2,
  schema,
});
export type RecommendationRespondedV2 = Static<typeof schema>;
