// 整改事项 opened at a unit, with its deadline.
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
  description: Type.String({ minLength: 1, maxLength: 20000 }),
  dueOn: Type.String({ format: 'date' }),
  openedOn: Type.String({ format: 'date' }),
});

export const RectificationOpenedV1 = defineEvent({
  service: 'supervision',
  type: 'RectificationOpened',
  version: 1,
  schema,
});
export type RectificationOpenedV1 = Static<typeof schema>;
