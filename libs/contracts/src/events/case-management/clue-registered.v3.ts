// 案管 numbered a clue (登记编号). v3 registers clues from every source (实施办法 三(八), 六(四)):
// `source` is any of the register's sources and `sourceRef` the petition's id or the source's own
// reference (the 巡察 report number, …); `categories` are coded (libs/contracts/src/api/categories.ts),
// the free-text `category` optional beside them. A v2 event reads as v3 with categories ['other'] and
// its text kept: the shape changed, so the upcaster is not a widening.
import { Type, type Static } from '@sinclair/typebox';
import { CategoryCodes, OTHER_CATEGORY } from '../../api/categories.js';
import { CLUE_SOURCES } from '../../api/case-management.js';
import { defineEvent, type Upcaster } from '../../registry.js';
import { object } from '../../validation.js';
import type { ClueRegisteredV2 } from './clue-registered.v2.js';

const schema = object({
  clueId: Type.String({ minLength: 1, maxLength: 64 }),
  number: Type.String({ pattern: '^XS-\\d{4}-\\d{6}$' }),
  source: Type.Union(CLUE_SOURCES.map((s) => Type.Literal(s))),
  sourceRef: Type.String({ minLength: 1, maxLength: 64 }),
  unitId: Type.String({ minLength: 1, maxLength: 64 }),
  zoneId: Type.String({ minLength: 1, maxLength: 64 }),
  accused: object({
    name: Type.String({ minLength: 1, maxLength: 100 }),
    position: Type.String({ minLength: 1, maxLength: 200 }),
    unitId: Type.String({ minLength: 1, maxLength: 64 }),
  }),
  categories: CategoryCodes,
  category: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  summary: Type.String({ minLength: 1, maxLength: 500 }),
  registeredAt: Type.String({ format: 'date-time' }),
});

export const ClueRegisteredV3 = defineEvent({
  service: 'case-management',
  type: 'ClueRegistered',
  version: 3,
  schema,
});
export type ClueRegisteredV3 = Static<typeof schema>;

/** v2's free-text category as v3 has it: coded `other`, the text kept. */
export function clueRegisteredV2ToV3(data: ClueRegisteredV2): ClueRegisteredV3 {
  return { ...data, categories: [OTHER_CATEGORY] };
}

export const ClueRegisteredV2ToV3: Upcaster<ClueRegisteredV2, ClueRegisteredV3> = {
  service: 'case-management',
  type: 'ClueRegistered',
  fromVersion: 2,
  up: clueRegisteredV2ToV3,
};
