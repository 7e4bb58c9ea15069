// Leadership approved the disposition; the clue moves to inquiry, verification, shelved or closed.
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';

const schema = object({
  clueId: Type.String({ minLength: 1, maxLength: 64 }),
  number: Type.String({ pattern: '^XS-\\d{4}-\\d{6}$' }),
  kind: Type.Union([Type.Literal('inquiry'), Type.Literal('verification'), Type.Literal('shelve'), Type.Literal('close')]),
  unitId: Type.String({ minLength: 1, maxLength: 64 }),
  assignedOffice: Type.String({ pattern: '^(supervision-office-[1-9]\\d*|dispatched-agency-[a-z0-9]+(-[a-z0-9]+)*)$' }),
  sourceRef: Type.String({ minLength: 1, maxLength: 64 }),
  note: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
});

export const DispositionApprovedV1 = defineEvent({
  service: 'case-management',
  type: 'DispositionApproved',
  version: 1,
  schema,
});
export type DispositionApprovedV1 = Static<typeof schema>;
