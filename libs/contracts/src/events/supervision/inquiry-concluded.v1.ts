// 谈话函询办结: the outcome and what it starts next (a second round or a verification). The written
// conclusion stays private.
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { HANDLING_OFFICE } from './patterns.js';

const schema = object({
  inquiryId: Type.String({ minLength: 1, maxLength: 64 }),
  clueId: Type.String({ minLength: 1, maxLength: 64 }),
  clueNumber: Type.String({ pattern: '^XS-\\d{4}-\\d{6}$' }),
  sourceRef: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  unitId: Type.String({ minLength: 1, maxLength: 64 }),
  office: Type.String({ pattern: HANDLING_OFFICE }),
  round: Type.Union([Type.Literal(1), Type.Literal(2)]),
  outcome: Type.Union([
    Type.Literal('accepted'),
    Type.Literal('light-measure'),
    Type.Literal('second-round'),
    Type.Literal('convert-to-verification'),
  ]),
  measure: Type.Optional(
    Type.Union([
      Type.Literal('reminder'),
      Type.Literal('criticism'),
      Type.Literal('self-examination'),
      Type.Literal('admonishment'),
    ]),
  ),
  concludedOn: Type.String({ format: 'date' }),
  nextInquiryId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  verificationId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});

export const InquiryConcludedV1 = defineEvent({
  service: 'supervision',
  type: 'InquiryConcluded',
  version: 1,
  schema,
});
export type InquiryConcludedV1 = Static<typeof schema>;
