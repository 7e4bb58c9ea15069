// 立案: leadership approved the filing of a case on a verification's `file-case` decision. The
// subject is referenced (subjectRef) with the position, never named.
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
  filedOn: Type.String({ format: 'date' }),
  dueOn: Type.String({ format: 'date' }),
});

export const CaseFiledV1 = defineEvent({ service: 'supervision', type: 'CaseFiled', version: 1, schema });
export type CaseFiledV1 = Static<typeof schema>;
