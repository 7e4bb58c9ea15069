// 移送审理: the case goes to 审理室 with the facts found and the proposed sanction, taken from the
// case's own stream (its report) and the verification's (the subject's position, whether the
// subject heads a lower-level party committee): nothing is retyped. No name: the subject reference.
import { Type, type Static } from '@sinclair/typebox';
import { SanctionChoice } from '../../api/sanctions.js';
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
  subjectHeadsLowerCommittee: Type.Boolean(),
  /** 1 the first time; one more after each return for further investigation. */
  round: Type.Integer({ minimum: 1, maximum: 100 }),
  findings: Type.String({ minLength: 1, maxLength: 10_000 }),
  proposedSanction: SanctionChoice,
  transferredOn: Type.String({ format: 'date' }),
});

export const CaseTransferredToReviewV1 = defineEvent({
  service: 'supervision',
  type: 'CaseTransferredToReview',
  version: 1,
  schema,
});
export type CaseTransferredToReviewV1 = Static<typeof schema>;
