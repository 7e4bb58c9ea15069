// 处分决定: the sanction(s) decided on a reviewed case, each with its effect period (影响期) and the
// rule that sets it. The subject is referenced with the position, never named. `effectiveUntil`
// is the period's last day; absent for a permanent one (开除).
import { Type, type Static } from '@sinclair/typebox';
import { GovernmentalSanctionKind, PartySanctionKind } from '../../api/sanctions.js';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { HANDLING_OFFICE } from '../supervision/patterns.js';

const Effect = {
  effectiveFrom: Type.String({ format: 'date' }),
  effectiveUntil: Type.Optional(Type.String({ format: 'date' })),
  rule: Type.String({ minLength: 1, maxLength: 200 }),
};

const schema = object({
  caseId: Type.String({ minLength: 1, maxLength: 64 }),
  clueId: Type.String({ minLength: 1, maxLength: 64 }),
  clueNumber: Type.String({ pattern: '^XS-\\d{4}-\\d{6}$' }),
  sourceRef: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  unitId: Type.String({ minLength: 1, maxLength: 64 }),
  office: Type.String({ pattern: HANDLING_OFFICE }),
  subjectRef: Type.String({ minLength: 1, maxLength: 64 }),
  subjectPosition: Type.String({ minLength: 1, maxLength: 200 }),
  party: Type.Optional(
    object({
      kind: PartySanctionKind,
      probationYears: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2)])),
      ...Effect,
    }),
  ),
  governmental: Type.Optional(object({ kind: GovernmentalSanctionKind, ...Effect })),
  escalated: Type.Boolean(),
  decidedOn: Type.String({ format: 'date' }),
});

export const SanctionDecidedV1 = defineEvent({ service: 'review', type: 'SanctionDecided', version: 1, schema });
export type SanctionDecidedV1 = Static<typeof schema>;
