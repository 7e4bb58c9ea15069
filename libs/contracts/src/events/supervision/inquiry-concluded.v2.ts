// 谈话函询办结 v2: v1 widened (docs/adr/0012) with the cadre the clue is linked to (case-management's
// public ClueLinkedToCadre, issue 12), when it is known, so every consumer matches the subject by the
// id. No name. Every v1 value is a v2 value (`cadreId` absent): the upcaster keeps the data as it is.
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { HANDLING_OFFICE } from './patterns.js';
import { widening } from '../widening.js';
import { InquiryConcludedV1 } from './inquiry-concluded.v1.js';

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
  /** The cadre the clue is linked to, once it is. */
  cadreId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});

export const InquiryConcludedV2 = defineEvent({
  service: 'supervision',
  type: 'InquiryConcluded',
  version: 2,
  schema,
});
export type InquiryConcludedV2 = Static<typeof schema>;

export const InquiryConcludedV1ToV2 = widening(InquiryConcludedV1, InquiryConcludedV2);
