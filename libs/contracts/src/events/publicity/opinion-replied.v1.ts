// 廉政意见回复: 组宣部's reply for one candidate, after every screening and leadership's approval.
// The cadre id, the conclusion and the items it cites (kind and number): never a name.
// 案管 appends it to the cadre's integrity file (廉政档案).
import { Type, type Static } from '@sinclair/typebox';
import { Citation, OpinionConclusion, OpinionPurpose } from '../../api/publicity.js';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';

const schema = object({
  requestId: Type.String({ minLength: 1, maxLength: 64 }),
  cadreId: Type.String({ minLength: 1, maxLength: 64 }),
  purpose: OpinionPurpose,
  /** The date the screening asked about. */
  onDate: Type.String({ format: 'date' }),
  conclusion: OpinionConclusion,
  citations: Type.Array(Citation, { maxItems: 20 }),
  repliedOn: Type.String({ format: 'date' }),
});

export const OpinionRepliedV1 = defineEvent({ service: 'publicity', type: 'OpinionReplied', version: 1, schema });
export type OpinionRepliedV1 = Static<typeof schema>;
