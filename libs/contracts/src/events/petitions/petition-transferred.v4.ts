// 信访室 hands an accepted petition to 案管 as a clue. v4 names no one (issue 12, ADR 0018): the
// accused is the position and unit only. The name stays with 信访室, the petition's owner; 案管 asks
// for it over a private service-to-service query (`read-accused`, libs/contracts/src/api/accused.ts)
// when it registers the clue. A v3 event reads as v4 with the name dropped: the shape changed, so
// the upcaster is not a widening.
import { Type, type Static } from '@sinclair/typebox';
import { CategoryCodes } from '../../api/categories.js';
import type { Upcaster } from '../../registry.js';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import type { PetitionTransferredV3 } from './petition-transferred.v3.js';

const schema = object({
  petitionId: Type.String({ minLength: 1, maxLength: 64 }),
  accused: object({
    position: Type.String({ minLength: 1, maxLength: 200 }),
    unitId: Type.String({ minLength: 1, maxLength: 64 }),
  }),
  categories: CategoryCodes,
  category: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
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

export const PetitionTransferredV4 = defineEvent({
  service: 'petitions',
  type: 'PetitionTransferred',
  version: 4,
  schema,
});
export type PetitionTransferredV4 = Static<typeof schema>;

/** v3 without the name: the accused's position and unit kept. */
export function petitionTransferredV3ToV4(data: PetitionTransferredV3): PetitionTransferredV4 {
  const { accused, ...rest } = data;
  return { ...rest, accused: { position: accused.position, unitId: accused.unitId } };
}

export const PetitionTransferredV3ToV4: Upcaster<PetitionTransferredV3, PetitionTransferredV4> = {
  service: 'petitions',
  type: 'PetitionTransferred',
  fromVersion: 3,
  up: petitionTransferredV3ToV4,
};
