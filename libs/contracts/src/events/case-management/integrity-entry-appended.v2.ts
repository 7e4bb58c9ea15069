// 廉政档案记载 v2: v1 widened (docs/adr/0012) with 组宣部's opinion reply (kind `opinion-reply`)
// and its citations (the items' kinds and numbers only). Every v1 value is a v2 value: the
// upcaster keeps the data as it is. No name, no free text.
import { Type, type Static } from '@sinclair/typebox';
import { EntryGovernmentalSanction, EntryPartySanction, IntegrityEntryKind } from '../../api/integrity.js';
import { Citation } from '../../api/publicity.js';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';
import { widening } from '../widening.js';
import { IntegrityEntryAppendedV1 } from './integrity-entry-appended.v1.js';

const schema = object({
  cadreId: Type.String({ minLength: 1, maxLength: 64 }),
  entryId: Type.String({ minLength: 1, maxLength: 80 }),
  kind: IntegrityEntryKind,
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
  /** An opinion reply's citations (kind and number). */
  citations: Type.Optional(Type.Array(Citation, { maxItems: 20 })),
});

export const IntegrityEntryAppendedV2 = defineEvent({
  service: 'case-management',
  type: 'IntegrityEntryAppended',
  version: 2,
  schema,
});
export type IntegrityEntryAppendedV2 = Static<typeof schema>;

export const IntegrityEntryAppendedV1ToV2 = widening(IntegrityEntryAppendedV1, IntegrityEntryAppendedV2);
