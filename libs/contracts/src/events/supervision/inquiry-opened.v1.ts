// 谈话函询 opened on an approved disposition (that approval is its approval) or as a second round.
// The subject's name stays in the service's private event.
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
  previousInquiryId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  openedOn: Type.String({ format: 'date' }),
});

export const InquiryOpenedV1 = defineEvent({
  service: 'supervision',
  type: 'InquiryOpened',
  version: 1,
  schema,
});
export type InquiryOpenedV1 = Static<typeof schema>;
