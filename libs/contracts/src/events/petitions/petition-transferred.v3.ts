// 信访室 hands an accepted petition to 案管 as a clue. Never the reporter's identity or lookup code.
// v3 carries the coded categories (libs/contracts/src/api/categories.ts), one or more, and keeps the
// category as written, now optional. A v2 event reads as v3 with categories ['other'], its text kept.
import { Type, type Static } from '@sinclair/typebox';
import { CategoryCodes, OTHER_CATEGORY } from '../../api/categories.js';
import type { Upcaster } from '../../registry.js';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import type { PetitionTransferredV2 } from './petition-transferred.v2.js';

const schema = object({
  petitionId: Type.String({ minLength: 1, maxLength: 64 }),
  accused: object({
    name: Type.String({ minLength: 1, maxLength: 100 }),
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

export const PetitionTransferredV3 = defineEvent({
  service: 'petitions',
  type: 'PetitionTransferred',
  version: 3,
  schema,
});
export type PetitionTransferredV3 = Static<typeof schema>;

/** v2 → v3: the free-text category is kept as written, and coded `other`. */
export const PetitionTransferredV2ToV3: Upcaster<PetitionTransferredV2, PetitionTransferredV3> = {
  service: 'petitions',
  type: 'PetitionTransferred',
  fromVersion: 2,
  up: (data) => ({ ...data, categories: [OTHER_CATEGORY] }),
};
