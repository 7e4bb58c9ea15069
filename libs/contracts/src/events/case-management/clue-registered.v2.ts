// 案管 numbered a clue (登记编号). v2 carries what PetitionTransferred v2 carries: a category of up to
// 64 characters (v1: 50) and an accused's position of up to 200 (v1: 100). Otherwise as v1; a v1
// event reads as v2 unchanged. Sources other than petitions widen the union in a later version.
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { ClueRegisteredV1 } from './clue-registered.v1.js';
import { widening } from '../widening.js';

const schema = object({
  clueId: Type.String({ minLength: 1, maxLength: 64 }),
  number: Type.String({ pattern: '^XS-\\d{4}-\\d{6}$' }),
  source: Type.Literal('petition'),
  sourceRef: Type.String({ minLength: 1, maxLength: 64 }),
  unitId: Type.String({ minLength: 1, maxLength: 64 }),
  zoneId: Type.String({ minLength: 1, maxLength: 64 }),
  accused: object({
    name: Type.String({ minLength: 1, maxLength: 100 }),
    position: Type.String({ minLength: 1, maxLength: 200 }),
    unitId: Type.String({ minLength: 1, maxLength: 64 }),
  }),
  category: Type.String({ minLength: 1, maxLength: 64 }),
  summary: Type.String({ minLength: 1, maxLength: 500 }),
  registeredAt: Type.String({ format: 'date-time' }),
});

export const ClueRegisteredV2 = defineEvent({
  service: 'case-management',
  type: 'ClueRegistered',
  version: 2,
  schema,
});
export type ClueRegisteredV2 = Static<typeof schema>;

/** v1 → v2: only limits widened, so the data is the same. */
export const ClueRegisteredV1ToV2 = widening(ClueRegisteredV1, ClueRegisteredV2);
