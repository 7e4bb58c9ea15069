// 舆情 forwarded as a clue: 案管 registers it (source `public-opinion`, reference the item's id),
// numbered and routed to the office of the unit's zone as a petition's clue is. No person's name:
// an item concerns a unit; the office that handles the clue identifies whom it concerns.
import { Type, type Static } from '@sinclair/typebox';
import { CategoryCodes } from '../../api/categories.js';
import { PublicOpinionSource } from '../../api/publicity.js';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';

const schema = object({
  itemId: Type.String({ minLength: 1, maxLength: 64 }),
  source: PublicOpinionSource,
  unitId: Type.String({ minLength: 1, maxLength: 64 }),
  categories: CategoryCodes,
  summary: Type.String({ minLength: 1, maxLength: 500 }),
  forwardedOn: Type.String({ format: 'date' }),
});

export const PublicOpinionForwardedV1 = defineEvent({
  service: 'publicity',
  type: 'PublicOpinionForwarded',
  version: 1,
  schema,
});
export type PublicOpinionForwardedV1 = Static<typeof schema>;
