// 处分决定 v2: v1 widened (docs/adr/0012) with the cadre the case's clue is linked to, as supervision's
// CaseTransferredToReview v2 brought it and the review keeps it (issue 12), when it is known, so every
// consumer matches the subject by the id (docs/adr/0018). No name. Every v1 value is a v2 value
// (`cadreId` absent): the upcaster keeps the data as it is.
import { Type, type Static } from '@sinclair/typebox';
import { GovernmentalSanctionKind, PartySanctionKind } from '../../api/sanctions.js';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { HANDLING_OFFICE } from '../supervision/patterns.js';
import { widening } from '../widening.js';
import { SanctionDecidedV1 } from './sanction-decided.v1.js';

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
  /** The cadre the case's clue is linked to, as the case transferred to review carried it. */
  cadreId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});

export const SanctionDecidedV2 = defineEvent({ service: 'review', type: 'SanctionDecided', version: 2, schema });
export type SanctionDecidedV2 = Static<typeof schema>;

export const SanctionDecidedV1ToV2 = widening(SanctionDecidedV1, SanctionDecidedV2);
