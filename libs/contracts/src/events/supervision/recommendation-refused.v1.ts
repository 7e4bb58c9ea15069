// The unit refused the recommendation: it is ordered to correct and criticised (通报批评).
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { HANDLING_OFFICE } from './patterns.js';

const schema = object({
  recommendationId: Type.String({ minLength: 1, maxLength: 64 }),
  kind: Type.Union([Type.Literal('discipline'), Type.Literal('supervisory')]),
  unitId: Type.String({ minLength: 1, maxLength: 64 }),
  office: Type.String({ pattern: HANDLING_OFFICE }),
  note: Type.String({ minLength: 1, maxLength: 2000 }),
  refusedOn: Type.String({ format: 'date' }),
});

export const RecommendationRefusedV1 = defineEvent({
  service: 'supervision',
  type: 'RecommendationRefused',
  version: 1,
  schema,
});
export type RecommendationRefusedV1 = Static<typeof schema>;
