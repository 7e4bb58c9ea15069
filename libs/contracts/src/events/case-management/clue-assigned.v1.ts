// 分办: the clue goes to the office of the unit's zone, with the day a disposition is due.
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../../registry.js';
import { object } from '../../validation.js';

const schema = object({
  clueId: Type.String({ minLength: 1, maxLength: 64 }),
  number: Type.String({ pattern: '^XS-\\d{4}-\\d{6}$' }),
  unitId: Type.String({ minLength: 1, maxLength: 64 }),
  zoneId: Type.String({ minLength: 1, maxLength: 64 }),
  assignedOffice: Type.String({ pattern: '^(supervision-office-[1-9]\\d*|dispatched-agency-[a-z0-9]+(-[a-z0-9]+)*)$' }),
  dispositionDeadline: Type.String({ format: 'date' }),
});

export const ClueAssignedV1 = defineEvent({
  service: 'case-management',
  type: 'ClueAssigned',
  version: 1,
  schema,
});
export type ClueAssignedV1 = Static<typeof schema>;
