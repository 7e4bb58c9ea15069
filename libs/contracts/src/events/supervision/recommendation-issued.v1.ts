// 纪律检查建议 / 监察建议 issued to a unit, with the day its response is due.
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { HANDLING_OFFICE } from './patterns.js';

const schema = object({
  recommendationId: Type.String({ minLength: 1, maxLength: 64 }),
  kind: Type.Union([Type.Literal('discipline'), Type.Literal('supervisory')]),
  unitId: Type.String({ minLength: 1, maxLength: 64 }),
  office: Type.String({ pattern: HANDLING_OFFICE }),
  content: Type.String({ minLength: 1, maxLength: 20000 }),
  clueId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  clueNumber: Type.Optional(Type.String({ pattern: '^XS-\\d{4}-\\d{6}$' })),
  sourceRef: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  issuedOn: Type.String({ format: 'date' }),
  responseDueOn: Type.String({ format: 'date' }),
});

export const RecommendationIssuedV1 = defineEvent({
  service: 'supervision',
  type: 'RecommendationIssued',
  version: 1,
  schema,
});
export type RecommendationIssuedV1 = Static<typeof schema>;
