// 案管 numbered a clue (登记编号). Sources other than petitions widen the union in a v2.
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';

const schema = object({
  clueId: Type.String({ minLength: 1, maxLength: 64 }),
  number: Type.String({ pattern: '^XS-\\d{4}-\\d{6}$' }),
  source: Type.Literal('petition'),
  sourceRef: Type.String({ minLength: 1, maxLength: 64 }),
  unitId: Type.String({ minLength: 1, maxLength: 64 }),
  zoneId: Type.String({ minLength: 1, maxLength: 64 }),
  accused: object({
    name: Type.String({ minLength: 1, maxLength: 100 }),
    position: Type.String({ minLength: 1, maxLength: 100 }),
    unitId: Type.String({ minLength: 1, maxLength: 64 }),
  }),
  category: Type.String({ minLength: 1, maxLength: 50 }),
  summary: Type.String({ minLength: 1, maxLength: 500 }),
  registeredAt: Type.String({ format: 'date-time' }),
});

export const ClueRegisteredV1 = defineEvent({
  service: 'case-management',
  type: 'ClueRegistered',
  version: 1,
  schema,
});
export type ClueRegisteredV1 = Static<typeof schema>;
