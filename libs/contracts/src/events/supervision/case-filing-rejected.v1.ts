// 不予立案: leadership refused the filing of a case a verification decided `file-case`; the case
// ends and the clue is closed in the register. The reason stays private; the subject is referenced
// (subjectRef) with the position, never named.
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { HANDLING_OFFICE } from './patterns.js';

const schema = object({
  caseId: Type.String({ minLength: 1, maxLength: 64 }),
  verificationId: Type.String({ minLength: 1, maxLength: 64 }),
  clueId: Type.String({ minLength: 1, maxLength: 64 }),
  clueNumber: Type.String({ pattern: '^XS-\\d{4}-\\d{6}$' }),
  sourceRef: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  unitId: Type.String({ minLength: 1, maxLength: 64 }),
  office: Type.String({ pattern: HANDLING_OFFICE }),
  subjectRef: Type.String({ minLength: 1, maxLength: 64 }),
  subjectPosition: Type.String({ minLength: 1, maxLength: 200 }),
  escalated: Type.Boolean(),
  rejectedOn: Type.String({ format: 'date' }),
});

export const CaseFilingRejectedV1 = defineEvent({ service: 'supervision', type: 'CaseFilingRejected', version: 1, schema });
export type CaseFilingRejectedV1 = Static<typeof schema>;
