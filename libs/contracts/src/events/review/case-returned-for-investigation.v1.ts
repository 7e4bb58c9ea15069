// 退回补充调查: 审理室 sends a case back to the investigating office, with the reason. The case
// returns to investigating in supervision and may be transferred again.
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { HANDLING_OFFICE } from '../supervision/patterns.js';

const schema = object({
  caseId: Type.String({ minLength: 1, maxLength: 64 }),
  clueId: Type.String({ minLength: 1, maxLength: 64 }),
  office: Type.String({ pattern: HANDLING_OFFICE }),
  round: Type.Integer({ minimum: 1, maximum: 100 }),
  reason: Type.String({ minLength: 1, maxLength: 2000 }),
  returnedOn: Type.String({ format: 'date' }),
});

export const CaseReturnedForInvestigationV1 = defineEvent({
  service: 'review',
  type: 'CaseReturnedForInvestigation',
  version: 1,
  schema,
});
export type CaseReturnedForInvestigationV1 = Static<typeof schema>;
