// The assigned office proposes one of the four dispositions (提出处置意见).
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';

const schema = object({
  clueId: Type.String({ minLength: 1, maxLength: 64 }),
  number: Type.String({ pattern: '^XS-\\d{4}-\\d{6}$' }),
  kind: Type.Union([Type.Literal('inquiry'), Type.Literal('verification'), Type.Literal('shelve'), Type.Literal('close')]),
  reason: Type.String({ minLength: 1, maxLength: 2000 }),
});

export const DispositionProposedV1 = defineEvent({
  service: 'case-management',
  type: 'DispositionProposed',
  version: 1,
  schema,
});
export type DispositionProposedV1 = Static<typeof schema>;
