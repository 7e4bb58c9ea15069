// 初步核实处理决定: file a case, close, light measure, shelve or transfer. The reasoning stays private.
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
  decision: Type.Union([
    Type.Literal('file-case'),
    Type.Literal('close'),
    Type.Literal('light-measure'),
    Type.Literal('shelve'),
    Type.Literal('transfer'),
  ]),
  decidedOn: Type.String({ format: 'date' }),
});

export const VerificationDecidedV1 = defineEvent({
  service: 'supervision',
  type: 'VerificationDecided',
  version: 1,
  schema,
});
export type VerificationDecidedV1 = Static<typeof schema>;
