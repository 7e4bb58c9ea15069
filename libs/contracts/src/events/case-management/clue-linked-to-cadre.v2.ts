// 线索关联干部: the office linked a clue whose petition named a person without an id to a registered
// cadre, once (issue 12). Ids, the day and the office only: no name, no reason text. From then on the
// clue's later public events carry the cadre id, and consumers match the clue to the cadre by it.
// v1 was the service's private record ({ cadreId, clueId }), never published: the public contract
// starts at v2, so a link stored before it is never relayed (the relay publishes a listed type only
// at a version the registry knows, ADR 0016).
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';

const schema = object({
  clueId: Type.String({ minLength: 1, maxLength: 64 }),
  cadreId: Type.String({ minLength: 1, maxLength: 64 }),
  linkedOn: Type.String({ format: 'date' }),
  /** The office that linked the clue (案管室). */
  office: Type.String({ minLength: 1, maxLength: 64 }),
});

export const ClueLinkedToCadreV2 = defineEvent({
  service: 'case-management',
  type: 'ClueLinkedToCadre',
  version: 2,
  schema,
});
export type ClueLinkedToCadreV2 = Static<typeof schema>;
