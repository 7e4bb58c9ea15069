// 谈话函询 conducted: by talk (谈话) or by letter (函询), on the day of the talk or the letter (and
// the letter's reply due day). What was said or asked stays in supervision's private TalkConducted
// and InquiryLetterSent.
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
  mode: Type.Union([Type.Literal('talk'), Type.Literal('letter')]),
  conductedOn: Type.String({ format: 'date' }),
  replyDueOn: Type.Optional(Type.String({ format: 'date' })),
});

export const InquiryConductedV1 = defineEvent({
  service: 'supervision',
  type: 'InquiryConducted',
  version: 1,
  schema,
});
export type InquiryConductedV1 = Static<typeof schema>;
