// 信访室 hands an accepted petition to 案管 as a clue. Never the reporter's identity or lookup code.
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';

const schema = object({
  petitionId: Type.String({ minLength: 1, maxLength: 64 }),
  accused: object({
    name: Type.String({ minLength: 1, maxLength: 100 }),
    position: Type.String({ minLength: 1, maxLength: 100 }),
    unitId: Type.String({ minLength: 1, maxLength: 64 }),
  }),
  category: Type.String({ minLength: 1, maxLength: 50 }),
  summary: Type.String({ minLength: 1, maxLength: 500 }),
  channel: Type.Union([
    Type.Literal('letter'),
    Type.Literal('visit'),
    Type.Literal('phone'),
    Type.Literal('online'),
    Type.Literal('referred'),
  ]),
  realName: Type.Boolean(),
  transferredAt: Type.String({ format: 'date-time' }),
});

export const PetitionTransferredV1 = defineEvent({
  service: 'petitions',
  type: 'PetitionTransferred',
  version: 1,
  schema,
});
export type PetitionTransferredV1 = Static<typeof schema>;
