// 初步核实处理决定 v2: v1 widened (docs/adr/0012) with the cadre the clue is linked to (case-management's
// public ClueLinkedToCadre, issue 12), when it is known, so every consumer matches the subject by the
// id. No name. Every v1 value is a v2 value (`cadreId` absent): the upcaster keeps the data as it is.
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { HANDLING_OFFICE } from './patterns.js';
import { widening } from '../widening.js';
import { VerificationDecidedV1 } from './verification-decided.v1.js';

const schema = object({
  verificationId: Type.String({ minLength: 1, maxLength: 64 }),
  clueId: Type.String({ minLength: 1, maxLength: 64 }),
  clueNumber: Type.String({ pattern: '^XS-\\d{4}-\\d{6}$' }),
  sourceRef: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  unitId: Type.String({ minLength: 1, maxLength: 64 }),
  office: Type.String({ pattern: HANDLING_OFFICE }),
  decision: Type.Union([
    Type.Literal('file-case'),
    Type.Literal('close'),
    Type.Literal('light-measure'),
    Type.Literal('shelve'),
    Type.Literal('transfer'),
  ]),
  decidedOn: Type.String({ format: 'date' }),
  /** The cadre the clue is linked to, once it is. */
  cadreId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});

export const VerificationDecidedV2 = defineEvent({
  service: 'supervision',
  type: 'VerificationDecided',
  version: 2,
  schema,
});
export type VerificationDecidedV2 = Static<typeof schema>;

export const VerificationDecidedV1ToV2 = widening(VerificationDecidedV1, VerificationDecidedV2);
