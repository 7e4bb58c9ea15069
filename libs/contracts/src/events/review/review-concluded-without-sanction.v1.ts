// 免予处分 / 不予处分: leadership concluded a reviewed case without a sanction. The case ends, the
// clue is closed and the petition concluded. The reason stays in the review's own events; the
// subject is referenced with the position, never named.
import { Type, type Static } from '@sinclair/typebox';
import { NoSanctionOutcome } from '../../api/review.js';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { HANDLING_OFFICE } from '../supervision/patterns.js';

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
});

export const ReviewConcludedWithoutSanctionV1 = defineEvent({
  service: 'review',
  type: 'ReviewConcludedWithoutSanction',
  version: 1,
  schema,
});
export type ReviewConcludedWithoutSanctionV1 = Static<typeof schema>;
