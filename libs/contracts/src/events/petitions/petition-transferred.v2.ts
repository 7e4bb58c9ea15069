// 信访室 hands an accepted petition to 案管 as a clue. Never the reporter's identity or lookup code.
// v2 carries what the request contract accepts: a category of up to 64 characters (v1: 50) and an
// accused's position of up to 200 (v1: 100). Otherwise as v1; a v1 event reads as v2 unchanged.
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { PetitionTransferredV1 } from './petition-transferred.v1.js';
import { widening } from '../widening.js';

const schema = object({
  petitionId: Type.String({ minLength: 1, maxLength: 64 }),
  accused: object({
    name: Type.String({ minLength: 1, maxLength: 100 }),
    position: Type.String({ minLength: 1, maxLength: 200 }),
    unitId: Type.String({ minLength: 1, maxLength: 64 }),
  }),
  category: Type.String({ minLength: 1, maxLength: 64 }),
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

export const PetitionTransferredV2 = defineEvent({
  service: 'petitions',
  type: 'PetitionTransferred',
  version: 2,
  schema,
});
export type PetitionTransferredV2 = Static<typeof schema>;

/** v1 → v2: only limits widened, so the data is the same. */
export const PetitionTransferredV1ToV2 = widening(PetitionTransferredV1, PetitionTransferredV2);
