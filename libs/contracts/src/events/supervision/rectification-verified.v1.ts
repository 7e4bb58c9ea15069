// 整改验收: the item is put right for good; late when it was completed after its deadline.
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { OFFICE } from './patterns.js';

const schema = object({
  rectificationId: Type.String({ minLength: 1, maxLength: 64 }),
  source: Type.Union([
    Type.Literal('recommendation'),
    Type.Literal('special-inspection'),
    Type.Literal('inspection-tour'),
    Type.Literal('case'),
    Type.Literal('democratic-life-meeting'),
  ]),
  sourceRef: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  unitId: Type.String({ minLength: 1, maxLength: 64 }),
  office: Type.String({ pattern: OFFICE }),
  note: Type.String({ minLength: 1, maxLength: 2000 }),
  verifiedOn: Type.String({ format: 'date' }),
  late: Type.Boolean(),
});

export const RectificationVerifiedV1 = defineEvent({
  service: 'supervision',
  type: 'RectificationVerified',
  version: 1,
  schema,
});
export type RectificationVerifiedV1 = Static<typeof schema>;
