// 廉政档案记载: an entry appended to a cadre's file from another event (an inquiry's conclusion, a
// light measure, a sanction with its effect periods), never typed and never edited. A correction is
// a new entry that references the one it corrects (`corrects`). No name, no free text.
import { Type, type Static } from '@sinclair/typebox';
import { EntryGovernmentalSanction, EntryPartySanction } from '../../api/integrity.js';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';

/** v1's kinds, as published (v2 adds the opinion reply): never widened in place (docs/adr/0012). */
const IntegrityEntryKindV1 = Type.Union([
  Type.Literal('inquiry-conclusion'),
  Type.Literal('light-measure'),
  Type.Literal('sanction'),
]);

const schema = object({
  cadreId: Type.String({ minLength: 1, maxLength: 64 }),
  entryId: Type.String({ minLength: 1, maxLength: 80 }),
  kind: IntegrityEntryKindV1,
  sourceType: Type.String({ minLength: 1, maxLength: 64 }),
  sourceRef: Type.String({ minLength: 1, maxLength: 64 }),
  /** The id of the public event the entry was appended from. */
  sourceEventId: Type.String({ minLength: 1, maxLength: 64 }),
  clueId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  clueNumber: Type.Optional(Type.String({ pattern: '^XS-\\d{4}-\\d{6}$' })),
  occurredOn: Type.String({ format: 'date' }),
  corrects: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
  outcome: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  measure: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  party: Type.Optional(EntryPartySanction),
  governmental: Type.Optional(EntryGovernmentalSanction),
});

export const IntegrityEntryAppendedV1 = defineEvent({
  service: 'case-management',
  type: 'IntegrityEntryAppended',
  version: 1,
  schema,
});
export type IntegrityEntryAppendedV1 = Static<typeof schema>;
