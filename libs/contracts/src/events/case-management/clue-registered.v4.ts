// 案管 numbered a clue (登记编号). v4 carries no person's name (issue 12, need to know): the accused
// is referenced by `subjectRef` (the cadre id once linked, else the clue itself, the register's
// subject reference: services/case-management/src/queries/screening.query.ts) with the position and
// unit. The name stays in case-management's private record (ClueSubjectRecorded). A v3 event reads
// as v4 with the name dropped: the shape changed, so the upcaster is not a widening.
import { Type, type Static } from '@sinclair/typebox';
import { CategoryCodes } from '../../api/categories.js';
import { CLUE_SOURCES } from '../../api/case-management.js';
import { defineEvent, type Upcaster } from '../../registry.js';
import { object } from '../../validation.js';
import type { ClueRegisteredV3 } from './clue-registered.v3.js';

const schema = object({
  clueId: Type.String({ minLength: 1, maxLength: 64 }),
  number: Type.String({ pattern: '^XS-\\d{4}-\\d{6}$' }),
  source: Type.Union(CLUE_SOURCES.map((s) => Type.Literal(s))),
  sourceRef: Type.String({ minLength: 1, maxLength: 64 }),
  unitId: Type.String({ minLength: 1, maxLength: 64 }),
  zoneId: Type.String({ minLength: 1, maxLength: 64 }),
  accused: object({
    subjectRef: Type.String({ minLength: 1, maxLength: 64 }),
    position: Type.String({ minLength: 1, maxLength: 200 }),
    unitId: Type.String({ minLength: 1, maxLength: 64 }),
  }),
  categories: CategoryCodes,
  category: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  summary: Type.String({ minLength: 1, maxLength: 500 }),
  registeredAt: Type.String({ format: 'date-time' }),
});

export const ClueRegisteredV4 = defineEvent({
  service: 'case-management',
  type: 'ClueRegistered',
  version: 4,
  schema,
});
export type ClueRegisteredV4 = Static<typeof schema>;

/** The subject reference of a clue's accused until a cadre is linked: the clue itself. */
export const clueSubjectRef = (clueId: string): string => clueId;

/** v3 without the name: the accused referenced by the clue, position and unit kept. */
export function clueRegisteredV3ToV4(data: ClueRegisteredV3): ClueRegisteredV4 {
  const { accused, ...rest } = data;
  return { ...rest, accused: { subjectRef: clueSubjectRef(data.clueId), position: accused.position, unitId: accused.unitId } };
}

export const ClueRegisteredV3ToV4: Upcaster<ClueRegisteredV3, ClueRegisteredV4> = {
  service: 'case-management',
  type: 'ClueRegistered',
  fromVersion: 3,
  up: clueRegisteredV3ToV4,
};
