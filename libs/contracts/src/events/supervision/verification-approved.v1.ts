// Leadership approved the verification plan (escalated: by the secretary); the clock runs to dueOn.
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { HANDLING_OFFICE } from './patterns.js';

const schema = object({
  verificationId: Type.String({ minLength: 1, maxLength: 64 }),
  clueId: Type.String({ minLength: 1, maxLength: 64 }),
  clueNumber: Type.String({ pattern: '^XS-\\d{4}-\\d{6}$' }),
  sourceRef: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  unitId: Type.String({ minLength: 1, maxLength: 64 }),
  office: Type.String({ pattern: HANDLING_OFFICE }),
  approvedOn: Type.String({ format: 'date' }),
  dueOn: Type.String({ format: 'date' }),
  provisional: Type.Boolean(),
  escalated: Type.Boolean(),
  note: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
});

export const VerificationApprovedV1 = defineEvent({
  service: 'supervision',
  type: 'VerificationApproved',
  version: 1,
  schema,
});
export type VerificationApprovedV1 = Static<typeof schema>;
