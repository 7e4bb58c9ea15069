// 免予处分 / 不予处分 v2: v1 widened (docs/adr/0012) with the cadre the case's clue is linked to, as supervision's
// CaseTransferredToReview v2 brought it and the review keeps it (issue 12), when it is known, so every
// consumer matches the subject by the id (docs/adr/0018). No name. Every v1 value is a v2 value
// (`cadreId` absent): the upcaster keeps the data as it is.
import { Type, type Static } from '@sinclair/typebox';
import { NoSanctionOutcome } from '../../api/review.js';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { HANDLING_OFFICE } from '../supervision/patterns.js';
import { widening } from '../widening.js';
import { ReviewConcludedWithoutSanctionV1 } from './review-concluded-without-sanction.v1.js';

const schema = object({
  caseId: Type.String({ minLength: 1, maxLength: 64 }),
  clueId: Type.String({ minLength: 1, maxLength: 64 }),
  clueNumber: Type.String({ pattern: '^XS-\\d{4}-\\d{6}$' }),
  sourceRef: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  unitId: Type.String({ minLength: 1, maxLength: 64 }),
  office: Type.String({ pattern: HANDLING_OFFICE }),
  subjectRef: Type.String({ minLength: 1, maxLength: 64 }),
  subjectPosition: Type.String({ minLength: 1, maxLength: 200 }),
  outcome: NoSanctionOutcome,
  escalated: Type.Boolean(),
  concludedOn: Type.String({ format: 'date' }),
  /** The cadre the case's clue is linked to, as the case transferred to review carried it. */
  cadreId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});

export const ReviewConcludedWithoutSanctionV2 = defineEvent({
  service: 'review',
  type: 'ReviewConcludedWithoutSanction',
  version: 2,
  schema,
});
export type ReviewConcludedWithoutSanctionV2 = Static<typeof schema>;

export const ReviewConcludedWithoutSanctionV1ToV2 = widening(ReviewConcludedWithoutSanctionV1, ReviewConcludedWithoutSanctionV2);
