// Leadership sent the proposal back; the assigned office proposes again.
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';

const schema = object({
  clueId: Type.String({ minLength: 1, maxLength: 64 }),
  number: Type.String({ pattern: '^XS-\\d{4}-\\d{6}$' }),
  kind: Type.Union([Type.Literal('inquiry'), Type.Literal('verification'), Type.Literal('shelve'), Type.Literal('close')]),
  note: Type.String({ minLength: 1, maxLength: 2000 }),
});

export const DispositionRejectedV1 = defineEvent({
  service: 'case-management',
  type: 'DispositionRejected',
  version: 1,
  schema,
});
export type DispositionRejectedV1 = Static<typeof schema>;
