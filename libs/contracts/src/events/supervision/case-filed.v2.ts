// 立案 v2: v1 widened (docs/adr/0012) with the cadre the clue is linked to (case-management's
// public ClueLinkedToCadre, issue 12), when it is known, so every consumer matches the subject by the
// id (docs/adr/0018). No name. Every v1 value is a v2 value (`cadreId` absent): the upcaster keeps
// the data as it is.
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { HANDLING_OFFICE } from './patterns.js';
import { widening } from '../widening.js';
import { CaseFiledV1 } from './case-filed.v1.js';

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
  /** The cadre the clue is linked to, once it is. */
  cadreId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});

export const CaseFiledV2 = defineEvent({ service: 'supervision', type: 'CaseFiled', version: 2, schema });
export type CaseFiledV2 = Static<typeof schema>;

export const CaseFiledV1ToV2 = widening(CaseFiledV1, CaseFiledV2);
