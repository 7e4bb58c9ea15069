// 初步核实开启 (on an approved disposition or a converted inquiry). The subject's name stays private.
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
  fromInquiryId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  openedOn: Type.String({ format: 'date' }),
});

export const VerificationOpenedV1 = defineEvent({
  service: 'supervision',
  type: 'VerificationOpened',
  version: 1,
  schema,
});
export type VerificationOpenedV1 = Static<typeof schema>;
